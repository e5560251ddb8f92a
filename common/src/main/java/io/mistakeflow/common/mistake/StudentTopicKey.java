package io.mistakeflow.common.mistake;

import io.mistakeflow.common.Ids;

/**
 * (student_id, global_topic_uid): the key of baselines and patterns. A null topic is a topic of its
 * own, distinct from every named one (including the empty string).
 */
public record StudentTopicKey(String studentId, String globalTopicUid) {

    /** Store key; the student comes first so that one student's keys sort together. */
    public String encode() {
        return globalTopicUid == null ? studentId + "|" : studentId + "|=" + globalTopicUid;
    }

    /** The row id of this key's baseline and pattern rows: stable across replays. */
    public String rowId(String table) {
        return Ids.nameBased(table, studentId, globalTopicUid).toString();
    }
}
