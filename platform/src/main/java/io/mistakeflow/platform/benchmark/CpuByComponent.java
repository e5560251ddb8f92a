package io.mistakeflow.platform.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time spent by each component of the embedded stack, from the JVM's per-thread CPU clocks
 * (the components are told apart by their threads' names) and from Postgres's processes. CPU
 * time rather than wall time because it says what a component costs even on a shared machine,
 * where wall-clock rates mostly measure the neighbours.
 */
final class CpuByComponent {

    static final String ANALYZER = "analyzer";
    static final String RECOMMENDER = "recommender";
    static final String DEBEZIUM = "Debezium source";
    static final String SINKS = "JDBC sinks";
    static final String BROKER = "Kafka broker";
    static final String OTHER_THREADS = "other threads";
    static final String JVM = "JIT, GC and the JVM";
    static final String POSTGRES = "Postgres";

    private static final List<String> ORDER = List.of(ANALYZER, RECOMMENDER, DEBEZIUM, SINKS, BROKER, POSTGRES, JVM,
            OTHER_THREADS);
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> threadComponents;
    private final long processNanos;
    private final long postgresNanos;

    private CpuByComponent(Map<Long, Long> threadNanos, Map<Long, String> threadComponents, long processNanos,
                           long postgresNanos) {
        this.threadNanos = threadNanos;
        this.threadComponents = threadComponents;
        this.processNanos = processNanos;
        this.postgresNanos = postgresNanos;
    }

    /** The CPU clocks now; {@code postgres}: the postmaster, whose children are the server's processes. */
    static CpuByComponent now(Optional<ProcessHandle> postgres) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new LinkedHashMap<>();
        Map<Long, String> components = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                components.put(info.getThreadId(), componentOf(info.getThreadName()));
            }
        }
        long process = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long server = postgres.map(p -> ticks(p.pid()) + p.descendants().mapToLong(c -> ticks(c.pid())).sum())
                .orElse(0L) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        return new CpuByComponent(nanos, components, process, server);
    }

    /** Which component a thread works for, by the names Kafka, Connect and Streams give their threads. */
    static String componentOf(String thread) {
        if (thread.contains("mistakeflow-analyzer")) {
            return ANALYZER;
        }
        if (thread.contains("mistakeflow-recommender")) {
            return RECOMMENDER;
        }
        if (thread.contains("mistakeflow-sink")) {
            return SINKS;
        }
        if (thread.contains("mistakeflow-source") || thread.startsWith("debezium")) {
            return DEBEZIUM;
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("kafka-") || thread.startsWith("TxnMarker")
                || thread.startsWith("AddPartitionsToTxn") || thread.startsWith("group-coordinator")
                || thread.startsWith("quorum-controller") || thread.startsWith("broker-")
                || thread.startsWith("ExpirationReaper") || thread.startsWith("transaction-log-manager")
                || thread.startsWith("LogDirFailureHandler") || thread.startsWith("ReplicaFetcher")) {
            return BROKER;
        }
        return OTHER_THREADS;
    }

    /** CPU seconds per component between {@code before} and this one. */
    Map<String, Double> since(CpuByComponent before) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ORDER.forEach(component -> seconds.put(component, 0.0));
        long threadsTotal = 0;
        for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
            long spent = thread.getValue() - before.threadNanos.getOrDefault(thread.getKey(), 0L);
            threadsTotal += spent;
            seconds.merge(threadComponents.get(thread.getKey()), spent / 1e9, Double::sum);
        }
        seconds.put(JVM, Math.max(0, processNanos - before.processNanos - threadsTotal) / 1e9);
        seconds.put(POSTGRES, (postgresNanos - before.postgresNanos) / 1e9);
        return seconds;
    }

    /** utime + stime of a process, in clock ticks (0 where /proc is not there). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
