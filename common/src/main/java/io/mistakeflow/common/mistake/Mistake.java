package io.mistakeflow.common.mistake;

import java.time.Instant;

/**
 * One wrong answer: a row of {@code student_mistakes}. {@code globalTopicUid} may be null (a topic
 * of its own); {@code timeSpentSeconds} may be null or 0 (the mistake is then not analysed but still
 * counts in later pattern windows).
 */
public record Mistake(
        String id,
        String studentId,
        String globalTopicUid,
        String mistakeCode,
        String testAnswerId,
        Integer timeSpentSeconds,
        Instant occurredAt) {

    /** Rules 1 and 2 skip a mistake without a positive time. */
    public boolean hasTime() {
        return timeSpentSeconds != null && timeSpentSeconds > 0;
    }

    public StudentTopicKey studentTopicKey() {
        return new StudentTopicKey(studentId, globalTopicUid);
    }
}
