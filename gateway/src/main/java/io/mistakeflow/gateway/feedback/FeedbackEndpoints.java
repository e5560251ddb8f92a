package io.mistakeflow.gateway.feedback;

import io.javalin.http.Context;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.gateway.events.RecentEvents;
import io.mistakeflow.gateway.http.ApiError;
import io.mistakeflow.gateway.http.Authentication;
import io.mistakeflow.gateway.http.Ids;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /events/{id}/delivered}, {@code POST /recommendations/{id}/shown} and
 * {@code /dismissed}: the frontend's marks, for rows of the caller's student only, idempotent.
 *
 * <p>Answers: 200 with the row's flag and its time (set now, or the time of the first call); 202
 * when the row is not in Postgres yet but the gateway has just seen it on the topic for this
 * student (the write is applied as soon as the sink stores the row); 404 for an id that is not
 * the caller's (whether it exists or not is not told); 401 without a valid token.
 */
public final class FeedbackEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackEndpoints.class);

    private final Authentication authentication;
    private final FeedbackStore store;
    private final RecentEvents recent;
    private final DeferredWrites deferred;
    private final Clock clock;
    private final LongSupplier monotonicMillis;

    public FeedbackEndpoints(Authentication authentication, FeedbackStore store, RecentEvents recent, Duration patience,
                             int maxDeferred, Clock clock, LongSupplier monotonicMillis) {
        this.authentication = authentication;
        this.store = store;
        this.recent = recent;
        this.deferred = new DeferredWrites(store, patience, maxDeferred);
        this.clock = clock;
        this.monotonicMillis = monotonicMillis;
    }

    public void delivered(Context ctx) {
        mark(ctx, FrontendFlag.DELIVERED);
    }

    public void shown(Context ctx) {
        mark(ctx, FrontendFlag.SHOWN);
    }

    public void dismissed(Context ctx) {
        mark(ctx, FrontendFlag.DISMISSED);
    }

    @Override
    public void close() {
        deferred.close();
    }

    private void mark(Context ctx, FrontendFlag flag) {
        String student = authentication.student(ctx);
        String id = Ids.uuid(ctx.pathParam("id"), flag.rowName() + " id");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        FeedbackStore.Mark mark;
        try {
            mark = store.mark(flag, student, id, now);
        } catch (SQLException e) {
            LOG.warn("Cannot set {} on {} {}: {}", flag.column(), flag.rowName(), id, e.getMessage());
            throw ApiError.unavailable("the database is not available; try again");
        }
        switch (mark.outcome()) {
            case MARKED -> {
                LOG.info("{} {} of student {}: {} set", capitalised(flag.rowName()), id, student, flag.column());
                answer(ctx, 200, flag, id, mark.at(), false);
            }
            case ALREADY -> answer(ctx, 200, flag, id, mark.at(), false);
            case NOT_THEIRS -> throw notFound(flag, id);
            case MISSING -> {
                if (!seenOnTopic(flag, student, id)) {
                    throw notFound(flag, id);
                }
                if (!deferred.defer(flag, student, id, now)) {
                    throw ApiError.unavailable("too many writes are waiting for their rows; try again");
                }
                LOG.info("{} {} of student {}: {} set as soon as the row arrives", capitalised(flag.rowName()), id, student,
                        flag.column());
                answer(ctx, 202, flag, id, now, true);
            }
        }
    }

    private boolean seenOnTopic(FrontendFlag flag, String student, String id) {
        long now = monotonicMillis.getAsLong();
        return flag == FrontendFlag.DELIVERED
                ? recent.find(student, id, now).isPresent()
                : recent.mentionsRecommendation(student, id, now);
    }

    private static ApiError notFound(FrontendFlag flag, String id) {
        return ApiError.notFound("no " + flag.rowName() + " " + id + " of this student");
    }

    private static void answer(Context ctx, int status, FrontendFlag flag, String id, Instant at, boolean pending) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put(flag.column(), true);
        body.put(flag.timeColumn(), at == null ? null : EventTime.format(at));
        if (pending) {
            body.put("pending", true);
        }
        ctx.status(status).json(body);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
