package io.mistakeflow.gateway.recommendations;

import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.gateway.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A student's active recommendations from {@code student_recommendations}: active (the pipeline's
 * {@code is_active}) and not dismissed by the student, the most urgent first. A student has one
 * active recommendation per (topic, type) at most, so the list is short; {@link #LIMIT} bounds it
 * anyway.
 */
public final class RecommendationStore {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationStore.class);
    static final int LIMIT = 200;
    private static final String ACTIVE = "SELECT id::text, student_id::text, global_topic_uid, recommendation_type, title,"
            + " message, action_items::text, priority, is_active, is_shown, is_dismissed, source_mistake_id::text,"
            + " created_at, updated_at, expires_at FROM student_recommendations"
            + " WHERE student_id = ?::uuid AND is_active AND NOT is_dismissed"
            + " ORDER BY priority DESC NULLS LAST, updated_at DESC, id LIMIT " + LIMIT;

    private final DataSource database;

    public RecommendationStore(DataSource database) {
        this.database = database;
    }

    public List<Recommendation> active(String studentId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(ACTIVE)) {
            query.setString(1, studentId);
            List<Recommendation> recommendations = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    List<Map<String, Object>> items;
                    try {
                        items = Database.actionItems(row.getString(7));
                    } catch (IOException e) {
                        LOG.warn("Skipping student_recommendations row {}: action_items is not a JSON array of objects",
                                row.getString(1));
                        continue;
                    }
                    recommendations.add(new Recommendation(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), items, row.getInt(8), row.getBoolean(9),
                            row.getBoolean(10), row.getBoolean(11), row.getString(12),
                            Database.utc(row.getObject(13, LocalDateTime.class)),
                            Database.utc(row.getObject(14, LocalDateTime.class)),
                            Database.utc(row.getObject(15, LocalDateTime.class))));
                }
            }
            return recommendations;
        }
    }
}
