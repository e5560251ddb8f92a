package io.mistakeflow.platform.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress of a replay: on a terminal one line redrawn in place (a bar, done / total, rate,
 * ETA) a few times a second; otherwise (a log, a pipe) a plain line every {@code every}.
 */
final class ReplayProgress {

    private static final int BAR = 24;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long everyNanos;
    private final long started = System.nanoTime();
    private long done;
    private long nextPrint;

    ReplayProgress(PrintWriter out, String label, long total, boolean terminal, Duration every) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.everyNanos = terminal ? Duration.ofMillis(250).toNanos() : every.toNanos();
        this.nextPrint = started + everyNanos;
    }

    long done() {
        return done;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    void tick() {
        done++;
        if ((done & 255) == 0) {
            long now = System.nanoTime();
            if (now >= nextPrint) {
                nextPrint = now + everyNanos;
                print(now);
            }
        }
    }

    /** The last line: the bar at its end on a terminal (then a new line), nothing more otherwise. */
    void finish() {
        if (terminal) {
            print(System.nanoTime());
            out.println();
            out.flush();
        }
    }

    private void print(long now) {
        String line = line(label, done, total, (now - started) / 1e9);
        if (terminal) {
            out.print("\r" + bar(done, total) + " " + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** e.g. {@code replay demo: 45,000 / 100,000 mistakes (45%), 12,034/s, ETA 5s}. */
    static String line(String label, long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d / %,d mistakes", label, done, total));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, done * 100 / total)));
        }
        line.append(String.format(Locale.ROOT, ", %,d/s", Math.round(rate)));
        if (rate > 0 && total > done) {
            line.append(", ETA ").append(duration(Math.round((total - done) / rate)));
        }
        return line.toString();
    }

    static String bar(long done, long total) {
        int filled = total <= 0 ? BAR : (int) Math.min(BAR, done * BAR / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    /** 5s, 3m07s, 1h02m. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
