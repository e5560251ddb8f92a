package io.mistakeflow.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void theWindowExcludesUntilAndRefusesAnEmptyRange() {
        ReplayWindow window = new ReplayWindow(ReplayWindow.parseTime("--since", "2025-01-06T10:00:00"),
                ReplayWindow.parseTime("--until", "2025-01-06T11:00:00"));
        assertThat(window.contains(ReplayWindow.parseTime("t", "2025-01-06T10:00:00"))).isTrue();
        assertThat(window.contains(ReplayWindow.parseTime("t", "2025-01-06T11:00:00"))).isFalse();
        assertThatThrownBy(() -> new ReplayWindow(window.until(), window.until()))
                .hasMessage("--since 2025-01-06T11:00:00 is not before --until 2025-01-06T11:00:00");
    }

    @Test
    void anUnreadableRowIsAdmittedSoTheRunReportsIt() {
        ReplayWindow window = new ReplayWindow(ReplayWindow.parseTime("--since", "2025-01-06T10:00:00"), null);
        assertThat(window.admits("not json".getBytes())).isTrue();
    }
}
