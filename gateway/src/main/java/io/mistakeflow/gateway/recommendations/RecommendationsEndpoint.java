package io.mistakeflow.gateway.recommendations;

import io.javalin.http.Context;
import io.mistakeflow.gateway.http.ApiError;
import io.mistakeflow.gateway.http.Authentication;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /students/{studentId}/recommendations}: a JSON array of {@code student_recommendations} rows. */
public final class RecommendationsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationsEndpoint.class);

    private final Authentication authentication;
    private final RecommendationStore store;

    public RecommendationsEndpoint(Authentication authentication, RecommendationStore store) {
        this.authentication = authentication;
        this.store = store;
    }

    public void handle(Context ctx) {
        String student = authentication.student(ctx, ctx.pathParam("studentId"));
        try {
            ctx.header("Cache-Control", "no-store").json(store.active(student));
        } catch (SQLException e) {
            LOG.warn("Cannot read the recommendations of student {}: {}", student, e.getMessage());
            throw ApiError.unavailable("the database is not available; try again");
        }
    }
}
