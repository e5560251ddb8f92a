package io.mistakeflow.gateway.feedback;

/**
 * The columns that belong to the frontend (the sink never writes them): each a flag and the time
 * it was set. Names are the tables' own; they are also the keys of the JSON answers.
 */
public enum FrontendFlag {
    DELIVERED("ui_reflex_events", "delivered", "delivered_at", "event"),
    SHOWN("student_recommendations", "is_shown", "shown_at", "recommendation"),
    DISMISSED("student_recommendations", "is_dismissed", "dismissed_at", "recommendation");

    private final String table;
    private final String column;
    private final String timeColumn;
    private final String rowName;

    FrontendFlag(String table, String column, String timeColumn, String rowName) {
        this.table = table;
        this.column = column;
        this.timeColumn = timeColumn;
        this.rowName = rowName;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public String timeColumn() {
        return timeColumn;
    }

    /** What the row is, for messages: "event" or "recommendation". */
    public String rowName() {
        return rowName;
    }
}
