package io.mistakeflow.common.mistake;

import java.time.Instant;

/**
 * One wrong answer: a row of {@code student_mistakes}. {@code globalTopicUid} may be null (a topic
 * of its own); {@code timeSpentSeconds} may be null or 0 (the mistake is then not analysed but still
 * counts in later pattern windows). {@code analysedBy} is the cut-over's stamp (column
 * {@code analysed_by}, see {@code db/cutover/install.sql}): {@code triggers} when the trigger-era
 * triggers write this mistake's outputs; null (no cut-over) or {@code pipeline} when the pipeline does.
 */
public record Mistake(
        String id,
        String studentId,
        String globalTopicUid,
        String mistakeCode,
        String testAnswerId,
        Integer timeSpentSeconds,
        Instant occurredAt,
        String analysedBy) {

    /** The stamp's value for a mistake whose outputs the trigger-era triggers write. */
    public static final String BY_TRIGGERS = "triggers";

    /** A mistake of a deployment without a cut-over: the pipeline writes its outputs. */
    public Mistake(String id, String studentId, String globalTopicUid, String mistakeCode, String testAnswerId,
                   Integer timeSpentSeconds, Instant occurredAt) {
        this(id, studentId, globalTopicUid, mistakeCode, testAnswerId, timeSpentSeconds, occurredAt, null);
    }

    /** The triggers write this mistake's outputs; the pipeline only folds it into its state. */
    public boolean analysedByTriggers() {
        return BY_TRIGGERS.equals(analysedBy);
    }

    /** Rules 1 and 2 skip a mistake without a positive time. */
    public boolean hasTime() {
        return timeSpentSeconds != null && timeSpentSeconds > 0;
    }

    public StudentTopicKey studentTopicKey() {
        return new StudentTopicKey(studentId, globalTopicUid);
    }
}
