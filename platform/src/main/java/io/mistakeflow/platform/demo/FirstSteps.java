package io.mistakeflow.platform.demo;

/**
 * What the demo prints after READY for someone who has never used it: how to reach the database,
 * a copy-paste insert that produces a recommendation on the page the demo links to, and how to
 * watch the events go by.
 */
final class FirstSteps {

    /** A topic the generator never uses, so the example's rows form a pattern of their own. */
    static final String TOPIC = "TR.DEMO.001";

    private FirstSteps() {
    }

    static String text(String jdbcUrl, String user, String password, String bootstrapServers, String student) {
        String psqlUrl = "postgresql://" + user + ":" + password + "@" + jdbcUrl.substring("jdbc:postgresql://".length());
        return String.join(System.lineSeparator(),
                "  postgres user " + user + ", password " + password + ":  psql \"" + psqlUrl + "\"",
                "  try it: a pattern needs three mistakes of one student on one topic (the default preset's",
                "  minimum_data_for_trend); three quick (3 s) answers make PANIC_RUSH, a recommendation and its",
                "  event, which the page above shows as a card:",
                "    INSERT INTO student_mistakes (student_id, global_topic_uid, mistake_code, time_spent_seconds)",
                "    SELECT '" + student + "', '" + TOPIC + "', 'CALCULATION_ERROR', 3 FROM generate_series(1, 3);",
                "  watch the events: ./pipeline tail --topic events --follow --bootstrap-servers " + bootstrapServers,
                "");
    }
}
