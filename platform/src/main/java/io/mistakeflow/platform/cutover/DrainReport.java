package io.mistakeflow.platform.cutover;

import java.time.Duration;

/** How long the pipeline took to write everything of the students handed back, and how much that was. */
public record DrainReport(Duration took, long mistakesWaitedFor, long recordsWaitedFor) {
}
