package io.mistakeflow.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    @Test
    void aLineTellsDoneTotalRateAndTimeLeft() {
        assertThat(ReplayProgress.line("replay demo", 45_000, 100_000, 4.0))
                .isEqualTo("replay demo: 45,000 / 100,000 mistakes (45%), 11,250/s, ETA 5s");
    }

    @Test
    void longRunsShowMinutesAndHours() {
        assertThat(ReplayProgress.line("replay x", 1_000, 200_000, 1.0)).endsWith("1,000/s, ETA 3m19s");
        assertThat(ReplayProgress.duration(3_725)).isEqualTo("1h02m");
    }

    @Test
    void aFinishedRunHasNoTimeLeft() {
        assertThat(ReplayProgress.line("replay x", 10, 10, 2.0)).isEqualTo("replay x: 10 / 10 mistakes (100%), 5/s");
    }

    @Test
    void theBarFillsWithTheShareDone() {
        assertThat(ReplayProgress.bar(50, 100)).isEqualTo("[############............]");
        assertThat(ReplayProgress.bar(0, 0)).isEqualTo("[########################]");
    }

    @Test
    void withoutATerminalOnlyPlainLinesAndNothingAtTheEnd() {
        StringWriter out = new StringWriter();
        ReplayProgress progress = new ReplayProgress(new PrintWriter(out), "replay x", 512, false, Duration.ZERO);
        for (int i = 0; i < 512; i++) {
            progress.tick();
        }
        progress.finish();
        assertThat(out.toString().lines().toList()).hasSize(2)
                .allMatch(line -> line.startsWith("replay x: ") && !line.contains("\r"));
        assertThat(out.toString().lines().toList().get(1)).startsWith("replay x: 512 / 512 mistakes (100%)");
    }
}
