package io.mistakeflow.platform.gateway;

import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The benchmark's clients, a process of their own (each connection is a file descriptor on both
 * ends, and one process may hold 20,000 here): {@code --clients N} SSE streams, one per student
 * {@link #student}(i), opened at most {@code --concurrency} at a time. Fan-out latency is the
 * receipt time minus the event's {@code created_at}, which the benchmark sets to the moment it
 * sends the record (same host, same clock).
 *
 * <p>Talks to its parent in lines. Out: {@code CONNECTED ok=.. failed=.. p50_ms=.. p99_ms=..
 * max_ms=.. total_ms=..} once every stream answered; {@code REPORT received=.. open=.. p50_ms=..
 * p99_ms=.. max_ms=..} on request. In: {@code RESET} (forget latencies so far), {@code REPORT}, and
 * the end of input (exit).
 */
public final class GatewayLoadClients {

    private static final int MAX_SAMPLES = 4_000_000;
    private static final String CREATED_AT = "\"created_at\":\"";

    private final AtomicLongArray latencyMicros = new AtomicLongArray(MAX_SAMPLES);
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    private GatewayLoadClients() {
    }

    /** The benchmark's i-th student: the same id in both processes. */
    static String student(int i) {
        return UUID.nameUUIDFromBytes(("gateway-benchmark-student-" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code --url URL --secret SECRET --clients N [--concurrency C]} */
    public static void main(String[] args) throws Exception {
        String url = argument(args, "--url", null);
        String secret = argument(args, "--secret", null);
        int clients = Integer.parseInt(argument(args, "--clients", "1000"));
        int concurrency = Integer.parseInt(argument(args, "--concurrency", "200"));
        new GatewayLoadClients().run(url, secret, clients, concurrency);
    }

    private void run(String url, String secret, int clients, int concurrency) throws Exception {
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(60)).build();
        long[] connectNanos = new long[clients];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(clients);
        Semaphore inFlight = new Semaphore(concurrency);
        long began = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            inFlight.acquire();
            int client = i;
            String student = student(i);
            String token = DevelopmentTokens.issue(secret, student, Duration.ofHours(12), null, null, Instant.now());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/students/" + student + "/events"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
            long sent = System.nanoTime();
            http.sendAsync(request, info -> {
                connectNanos[client] = System.nanoTime() - sent;
                if (info.statusCode() == 200) {
                    open.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
                answered.countDown();
                return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(info.statusCode() == 200));
            }).whenComplete((response, error) -> {
                if (error != null && connectNanos[client] == 0) {
                    failed.incrementAndGet();
                    inFlight.release();
                    answered.countDown();
                }
            });
        }
        answered.await();
        long total = System.nanoTime() - began;
        long[] sorted = Arrays.stream(connectNanos).filter(n -> n > 0).sorted().toArray();
        System.out.printf("CONNECTED ok=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f total_ms=%d%n", open.get(), failed.get(),
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                TimeUnit.NANOSECONDS.toMillis(total));
        System.out.flush();

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            if (command.equals("RESET")) {
                samples.set(0);
            } else if (command.equals("REPORT")) {
                int count = Math.min(samples.get(), MAX_SAMPLES);
                long[] latencies = new long[count];
                for (int i = 0; i < count; i++) {
                    latencies[i] = latencyMicros.get(i);
                }
                Arrays.sort(latencies);
                System.out.printf("REPORT received=%d open=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", samples.get(), open.get(),
                        percentile(latencies, 50) / 1e3, percentile(latencies, 99) / 1e3,
                        count == 0 ? 0 : latencies[count - 1] / 1e3);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** One stream's lines: the latency of each event, and whether the stream is still open. */
    private final class Lines implements Flow.Subscriber<String> {

        private final boolean counted;

        Lines(boolean counted) {
            this.counted = counted;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            int at = line.startsWith("data: ") ? line.indexOf(CREATED_AT) : -1;
            if (at < 0) {
                return;
            }
            int from = at + CREATED_AT.length();
            Instant created = EventTime.parse(line.substring(from, line.indexOf('"', from)));
            long micros = ChronoUnit.MICROS.between(created, Instant.now());
            int slot = samples.getAndIncrement();
            if (slot < MAX_SAMPLES) {
                latencyMicros.set(slot, micros);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            onComplete();
        }

        @Override
        public void onComplete() {
            if (counted) {
                open.decrementAndGet();
            }
        }
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static String argument(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }
}
