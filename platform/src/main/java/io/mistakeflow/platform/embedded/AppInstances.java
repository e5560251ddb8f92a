package io.mistakeflow.platform.embedded;

import io.mistakeflow.analyzer.AnalyzerApp;
import io.mistakeflow.analyzer.AnalyzerSettings;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.metrics.Health;
import io.mistakeflow.recommender.RecommenderApp;
import io.mistakeflow.recommender.RecommenderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * N instances of each app as JVMs of their own ({@link AppInstance}) against the embedded stack:
 * what {@code ./pipeline demo --instances N} runs, so a user can {@code kill -9} one and watch the
 * others take over its partitions. The pipeline fails only when every instance of an app is gone.
 */
public final class AppInstances implements AutoCloseable {

    /**
     * With several instances a killed one should be noticed in seconds, not after the default 45 s
     * session timeout; a standby replica per task makes the takeover skip the restore.
     */
    static final Map<String, String> FAILOVER_SETTINGS = Map.of(
            "kafka.session.timeout.ms", "10000",
            "kafka.heartbeat.interval.ms", "3000",
            "num.standby.replicas", "1");

    private record Group(String app, String groupId, String topic) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group(AnalyzerApp.NAME, AnalyzerSettings.APPLICATION_ID, Topics.MISTAKES.name()),
            new Group(RecommenderApp.NAME, RecommenderSettings.APPLICATION_ID, Topics.PATTERN_UPDATES.name()));

    private final List<AppInstance> instances;
    private final Admin admin;

    private AppInstances(List<AppInstance> instances, Admin admin) {
        this.instances = instances;
        this.admin = admin;
    }

    /** Starts {@code count} instances of each app and returns once every partition of each app is held. */
    static AppInstances start(int count, Path dataDir, EmbeddedStack stack, Duration timeout) {
        List<AppInstance> started = new ArrayList<>();
        AppInstances all = new AppInstances(started, stack.kafka().admin());
        try {
            for (Group group : GROUPS) {
                for (int number = 1; number <= count; number++) {
                    started.add(AppInstance.start(group.app(), number, dataDir, stack.bootstrapServers(), FAILOVER_SETTINGS));
                }
            }
            int partitions = all.partitions(GROUPS.get(0).topic());
            Waits.until(count + " instances of each app holding every partition", timeout, Duration.ofMillis(500), () -> {
                String failure = all.failure();
                if (failure != null) {
                    throw new IllegalStateException(failure + " during start-up");
                }
                for (Group group : GROUPS) {
                    Map<String, SortedSet<Integer>> held = InstanceAssignments.of(all.admin, group.groupId(), group.topic());
                    if (held.size() != count || InstanceAssignments.union(held.values()).size() != partitions) {
                        return false;
                    }
                }
                return true;
            }, all::describe);
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private int partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Null while some instance of each app runs; otherwise which app has none left. */
    String failure() {
        for (Group group : GROUPS) {
            if (instances.stream().noneMatch(instance -> instance.app().equals(group.app()) && instance.isAlive())) {
                return "every " + group.app() + " instance stopped (logs in "
                        + instances.get(0).log().getParent() + ")";
            }
        }
        return null;
    }

    /**
     * One line: each instance with its pid and the partitions its consumer group gives it, e.g.
     * {@code analyzer-1 (pid 4242) [0, 2, 4]}; a killed instance is {@code gone} and keeps its
     * partitions in the group until its session times out.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Group group : GROUPS) {
            Map<String, SortedSet<Integer>> held;
            try {
                held = InstanceAssignments.of(admin, group.groupId(), group.topic());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(interrupted)";
            } catch (RuntimeException e) {
                return "(no group metadata: " + e.getMessage() + ")";
            }
            for (AppInstance instance : instances) {
                if (instance.app().equals(group.app())) {
                    SortedSet<Integer> partitions = held.get(instance.name());
                    parts.add(instance.name() + " (pid " + instance.pid() + (instance.isAlive() ? "" : ", gone") + ") "
                            + (partitions == null ? "[]" : partitions.toString()));
                }
            }
        }
        return parts.stream().collect(Collectors.joining(", "));
    }

    /** Live while some instance of each app runs; ready as well (a survivor takes over the rest). */
    Health.Component health() {
        return new Health.Component() {
            @Override
            public String name() {
                return "instances";
            }

            @Override
            public Health check() {
                String failure = failure();
                long alive = instances.stream().filter(AppInstance::isAlive).count();
                return new Health(failure == null, failure == null,
                        Map.of("alive", alive, "started", instances.size()));
            }
        };
    }

    public List<AppInstance> instances() {
        return List.copyOf(instances);
    }

    /** SIGTERM to every instance at once (each commits and closes its stores), then waits for them. */
    @Override
    public void close() {
        instances.parallelStream().forEach(AppInstance::stop);
        admin.close();
    }
}
