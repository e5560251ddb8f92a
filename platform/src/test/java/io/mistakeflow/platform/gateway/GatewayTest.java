package io.mistakeflow.platform.gateway;

import static io.mistakeflow.platform.gateway.GatewayFixture.bearer;
import static io.mistakeflow.platform.gateway.GatewayFixture.event;
import static io.mistakeflow.platform.gateway.GatewayFixture.newId;
import static io.mistakeflow.platform.gateway.GatewayFixture.request;
import static io.mistakeflow.platform.gateway.GatewayFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway on real components: the embedded stack (Postgres, KRaft broker, Connect with the
 * sinks) started once, a gateway per group with the settings the group needs, real HTTP clients.
 * Events stand in for the recommender's (published on its topic) and for the sink's (rows in
 * Postgres); each test has students of its own.
 */
class GatewayTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for an event that is not coming to have arrived if it were. */
    static final Duration QUIET = Duration.ofSeconds(2);

    /** The JDBC sink of the events topic: paused to see the gateway ahead of Postgres. */
    static final String EVENTS_SINK = "mistakeflow-sink-ui-reflex-events";

    static GatewayFixture fixture;

    @BeforeAll
    static void startStack() {
        fixture = new GatewayFixture();
    }

    @AfterAll
    static void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static SseTestClient stream(GatewayServer gateway, String student, Map<String, String> headers) throws Exception {
        return SseTestClient.open(URI.create(gateway.url() + "/students/" + student + "/events"), headers);
    }

    static String json(UiReflexEvent event) throws IOException {
        return Json.MAPPER.writeValueAsString(event);
    }

    static JsonNode tree(String json) throws IOException {
        return Json.MAPPER.readTree(json);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Protocol {

        private GatewayServer gateway;

        @BeforeAll
        void startGateway() {
            gateway = fixture.gateway(Map.of(
                    GatewaySettings.HEARTBEAT_INTERVAL, "300ms",
                    GatewaySettings.STREAMS_PER_STUDENT, "2",
                    GatewaySettings.CLIENT_BUFFER_EVENTS, "8"));
        }

        @AfterAll
        void stopGateway() {
            gateway.close();
        }

        @Test
        void theBacklogComesOldestFirstThenLiveEvents() throws Exception {
            String student = newId();
            UiReflexEvent second = event(student, EventType.RECOMMENDATION_UPDATED, newId(), 2);
            UiReflexEvent first = event(student, EventType.RECOMMENDATION_CREATED, second.recommendationId(), 1);
            UiReflexEvent delivered = event(student, EventType.RECOMMENDATION_UPDATED, second.recommendationId(), 0);
            UiReflexEvent othersEvent = event(newId(), EventType.RECOMMENDATION_CREATED, newId(), 0);
            fixture.insert(second, false);
            fixture.insert(first, false);
            fixture.insert(delivered, true);
            fixture.insert(othersEvent, false);

            try (SseTestClient client = stream(gateway, student, bearer(token(student)))) {
                assertThat(client.status()).isEqualTo(200);
                assertThat(client.response().headers().firstValue("Content-Type")).contains("text/event-stream;charset=utf-8");
                // the data is the row; jsonb keeps its own key order, so compare JSON values
                List<SseTestClient.Message> backlog = client.next(2, WAIT);
                assertThat(backlog).extracting(SseTestClient.Message::id, SseTestClient.Message::event)
                        .containsExactly(tuple(first.id(), "RECOMMENDATION_CREATED"), tuple(second.id(), "RECOMMENDATION_UPDATED"));
                assertThat(tree(backlog.get(0).data())).isEqualTo(tree(json(first)));
                assertThat(tree(backlog.get(1).data())).isEqualTo(tree(json(second)));

                UiReflexEvent live = event(student, EventType.RECOMMENDATION_UPDATED, second.recommendationId(), 3);
                fixture.publish(live);
                assertThat(client.next(WAIT)).isEqualTo(new SseTestClient.Message(live.id(), "RECOMMENDATION_UPDATED", json(live)));
                assertThat(client.next(QUIET)).isNull();
            }
        }

        @Test
        void aReconnectWithLastEventIdGetsOnlyWhatCameAfterIt() throws Exception {
            String student = newId();
            String recommendation = newId();
            List<UiReflexEvent> events = List.of(event(student, EventType.RECOMMENDATION_CREATED, recommendation, 1),
                    event(student, EventType.RECOMMENDATION_UPDATED, recommendation, 2),
                    event(student, EventType.RECOMMENDATION_UPDATED, recommendation, 3));
            for (UiReflexEvent event : events) {
                fixture.insert(event, false);
            }
            try (SseTestClient first = stream(gateway, student, bearer(token(student)))) {
                assertThat(first.next(3, WAIT)).extracting(SseTestClient.Message::id)
                        .containsExactly(events.get(0).id(), events.get(1).id(), events.get(2).id());
            }

            Map<String, String> resume = Map.of("Authorization", "Bearer " + token(student), "Last-Event-ID", events.get(1).id());
            try (SseTestClient again = stream(gateway, student, resume)) {
                assertThat(again.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(events.get(2).id());
                assertThat(again.next(QUIET)).isNull();
            }
            // EventSource cannot set headers on a stream it opens itself: the query parameter does the same
            try (SseTestClient again = SseTestClient.open(URI.create(gateway.url() + "/students/" + student
                    + "/events?last_event_id=" + events.get(2).id() + "&access_token=" + token(student)), Map.of())) {
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.next(QUIET)).isNull();
            }
        }

        @Test
        void aResumePointSeenOnlyOnTheTopicWorksBeforeItsRowArrives() throws Exception {
            String student = newId();
            String recommendation = newId();
            UiReflexEvent had = event(student, EventType.RECOMMENDATION_CREATED, recommendation, 1);
            UiReflexEvent missed = event(student, EventType.RECOMMENDATION_UPDATED, recommendation, 2);
            // on the topic only (the sink is held back): the gateway knows them from its recent window
            fixture.stack.connect().pause(EVENTS_SINK, WAIT);
            try {
                long read = gateway.eventsRead();
                fixture.publish(had);
                fixture.publish(missed);
                await().atMost(WAIT).until(() -> gateway.eventsRead() >= read + 2);

                Map<String, String> resume = Map.of("Authorization", "Bearer " + token(student), "Last-Event-ID", had.id());
                try (SseTestClient client = stream(gateway, student, resume)) {
                    assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(missed.id());
                    assertThat(client.next(QUIET)).isNull();
                }
                assertThat(fixture.rows("SELECT 1 FROM ui_reflex_events WHERE id IN (?::uuid, ?::uuid)", had.id(), missed.id()))
                        .isEmpty();
            } finally {
                fixture.stack.connect().resume(EVENTS_SINK, WAIT);
            }
        }

        @Test
        void anEventInPostgresAndOnTheTopicIsSentOnceOnAConnection() throws Exception {
            String student = newId();
            String recommendation = newId();
            UiReflexEvent both = event(student, EventType.RECOMMENDATION_CREATED, recommendation, 1);
            fixture.insert(both, false);
            fixture.publish(both);

            try (SseTestClient client = stream(gateway, student, bearer(token(student)))) {
                assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(both.id());
                // the same event again on the topic (a redelivery), then a new one
                fixture.publish(both);
                UiReflexEvent next = event(student, EventType.RECOMMENDATION_UPDATED, recommendation, 2);
                fixture.publish(next);
                assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(next.id());
                assertThat(client.next(QUIET)).isNull();
            }
        }

        @Test
        void anIdleStreamGetsHeartbeatComments() throws Exception {
            String student = newId();
            try (SseTestClient client = stream(gateway, student, bearer(token(student)))) {
                assertThat(client.nextComment(WAIT)).isEqualTo("heartbeat");
                assertThat(client.nextComment(WAIT)).isEqualTo("heartbeat");
                assertThat(client.next(Duration.ZERO)).isNull();
            }
        }

        @Test
        void aStudentHasAtMostTheConfiguredNumberOfStreams() throws Exception {
            String student = newId();
            Map<String, String> auth = bearer(token(student));
            try (SseTestClient one = stream(gateway, student, auth)) {
                SseTestClient two = stream(gateway, student, auth);
                try (SseTestClient three = stream(gateway, student, auth)) {
                    assertThat(List.of(one.status(), two.status(), three.status())).containsExactly(200, 200, 429);
                    assertThat(three.body()).isEqualTo(
                            "{\"error\":\"too_many_streams\",\"message\":\"at most 2 streams per student are open at a time\"}");
                    assertThat(three.response().headers().firstValue("Retry-After")).contains("10");
                }
                // another student is not affected
                String other = newId();
                try (SseTestClient others = stream(gateway, other, bearer(token(other)))) {
                    assertThat(others.status()).isEqualTo(200);
                }
                // a closed stream frees its place (found out at the next heartbeat)
                two.close();
                await().atMost(WAIT).untilAsserted(() -> {
                    try (SseTestClient again = stream(gateway, student, auth)) {
                        assertThat(again.status()).isEqualTo(200);
                    }
                });
            }
        }

        @Test
        void aClientThatStopsReadingIsDroppedAndTheGatewayCarriesOn() throws Exception {
            String student = newId();
            String recommendation = newId();
            int published = 200;
            char[] big = new char[64 * 1024];
            Arrays.fill(big, 'x');
            long read = 0;
            try (Socket socket = new Socket()) {
                // a client that stops reading after the headers: a small receive window, nothing taken from it
                socket.setReceiveBufferSize(4096);
                socket.setSoTimeout((int) WAIT.toMillis());
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
                OutputStream out = socket.getOutputStream();
                out.write(("GET /students/" + student + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + token(student) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                assertThat(headers(in)).startsWith("HTTP/1.1 200 OK");

                // 64 KB events: the socket buffers fill after a few, then the gateway's buffer of 8
                for (int i = 0; i < published; i++) {
                    UiReflexEvent event = event(student, EventType.RECOMMENDATION_UPDATED, recommendation, i);
                    fixture.publish(new UiReflexEvent(event.id(), event.studentId(), event.globalTopicUid(), event.eventType(),
                            new String(big), event.message(), event.actionItems(), event.priority(), event.recommendationId(),
                            event.sourceMistakeId(), false, null, event.createdAt()));
                }

                // the gateway closes the connection: what the socket holds is a part of the stream, then it ends
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                        read += n;
                    }
                } catch (SocketException reset) {
                    // an aborted connection may end with a reset instead of an orderly close
                }
            }
            assertThat(read).isLessThan((long) published * big.length);
            // its place is free again (2 per student), and the gateway serves everyone as before
            Map<String, String> auth = bearer(token(student));
            try (SseTestClient one = stream(gateway, student, auth); SseTestClient two = stream(gateway, student, auth)) {
                assertThat(List.of(one.status(), two.status())).containsExactly(200, 200);
            }
        }

        /** The response head, read byte by byte so nothing of the body is taken. */
        private static String headers(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Security {

        private GatewayServer gateway;
        private final String student = newId();
        private final String other = newId();
        private UiReflexEvent othersEvent;
        private final String othersRecommendation = newId();

        @BeforeAll
        void start() throws Exception {
            gateway = fixture.gateway(Map.of());
            othersEvent = event(other, EventType.RECOMMENDATION_CREATED, othersRecommendation, 1);
            fixture.insert(othersEvent, false);
            fixture.insertRecommendation(othersRecommendation, other, "PANIC_RUSH", 8, true);
        }

        @AfterAll
        void stop() {
            gateway.close();
        }

        @Test
        void noTokenIsRefusedEverywhere() throws Exception {
            String expected = "{\"error\":\"unauthorized\",\"message\":\"no token: send Authorization: Bearer <token>"
                    + " or ?access_token=<token>\"}";
            try (SseTestClient stream = stream(gateway, student, Map.of())) {
                assertThat(stream.status()).isEqualTo(401);
                assertThat(stream.body()).isEqualTo(expected);
                assertThat(stream.response().headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
            }
            for (String[] call : List.of(new String[] {"GET", "/students/" + student + "/recommendations"},
                    new String[] {"POST", "/events/" + othersEvent.id() + "/delivered"},
                    new String[] {"POST", "/recommendations/" + othersRecommendation + "/shown"},
                    new String[] {"POST", "/recommendations/" + othersRecommendation + "/dismissed"})) {
                var response = request(call[0], gateway.url() + call[1], Map.of());
                assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
                assertThat(response.body()).isEqualTo(expected);
            }
            assertNothingChanged();
        }

        @Test
        void anExpiredTokenIsRefused() throws Exception {
            String expired = DevelopmentTokens.issue(GatewayFixture.SECRET, student, Duration.ofMinutes(5), null, null,
                    Instant.now().minus(Duration.ofHours(1)));

            assertRefused(expired, 401, "{\"error\":\"unauthorized\",\"message\":\"the token has expired\"}");
        }

        @Test
        void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
            String forged = DevelopmentTokens.issue("not the gateway's secret, but long enough", student, Duration.ofHours(1),
                    null, null, Instant.now());

            assertRefused(forged, 401, "{\"error\":\"unauthorized\",\"message\":\"the token's signature does not match\"}");
        }

        @Test
        void anUnsignedTokenIsRefused() throws Exception {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String unsigned = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(("{\"sub\":\"" + other + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}")
                    .getBytes(StandardCharsets.UTF_8)) + ".";

            assertRefused(unsigned, 401, "{\"error\":\"unauthorized\",\"message\":\"the token must be signed with HS256\"}");
        }

        @Test
        void anotherStudentsStreamAndRecommendationsAreForbidden() throws Exception {
            Map<String, String> mine = bearer(token(student));
            try (SseTestClient stream = stream(gateway, other, mine)) {
                assertThat(stream.status()).isEqualTo(403);
                assertThat(stream.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"this token is for another student\"}");
            }
            var recommendations = request("GET", gateway.url() + "/students/" + other + "/recommendations", mine);
            assertThat(recommendations.statusCode()).isEqualTo(403);
            assertThat(recommendations.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"this token is for another student\"}");
        }

        @Test
        void anotherStudentsEventOrRecommendationIsNotFoundAndStaysAsItWas() throws Exception {
            Map<String, String> mine = bearer(token(student));

            var delivered = request("POST", gateway.url() + "/events/" + othersEvent.id() + "/delivered", mine);
            var shown = request("POST", gateway.url() + "/recommendations/" + othersRecommendation + "/shown", mine);
            var dismissed = request("POST", gateway.url() + "/recommendations/" + othersRecommendation + "/dismissed", mine);

            assertThat(List.of(delivered.statusCode(), shown.statusCode(), dismissed.statusCode())).containsExactly(404, 404, 404);
            assertThat(delivered.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"no event " + othersEvent.id()
                    + " of this student\"}");
            assertThat(shown.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"no recommendation " + othersRecommendation
                    + " of this student\"}");
            assertNothingChanged();
        }

        @Test
        void badIdsAndUnknownPathsGetJsonErrors() throws Exception {
            Map<String, String> mine = bearer(token(student));

            var badId = request("POST", gateway.url() + "/events/not-a-uuid/delivered", mine);
            var unknown = request("GET", gateway.url() + "/nothing/here", mine);

            assertThat(badId.statusCode()).isEqualTo(400);
            assertThat(badId.body()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"event id must be a uuid, got 'not-a-uuid'\"}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"Endpoint GET /nothing/here not found\"}");
            assertThat(unknown.headers().firstValue("Content-Type")).contains("application/json");
        }

        private void assertRefused(String token, int status, String body) throws Exception {
            Map<String, String> auth = bearer(token);
            try (SseTestClient stream = stream(gateway, other, auth)) {
                assertThat(stream.status()).isEqualTo(status);
                assertThat(stream.body()).isEqualTo(body);
            }
            // the query parameter is checked the same way
            try (SseTestClient stream = SseTestClient.open(URI.create(gateway.url() + "/students/" + other
                    + "/events?access_token=" + token), Map.of())) {
                assertThat(stream.status()).isEqualTo(status);
            }
            var delivered = request("POST", gateway.url() + "/events/" + othersEvent.id() + "/delivered", auth);
            var dismissed = request("POST", gateway.url() + "/recommendations/" + othersRecommendation + "/dismissed", auth);
            assertThat(List.of(delivered.statusCode(), dismissed.statusCode())).containsExactly(status, status);
            assertThat(delivered.body()).isEqualTo(body);
            assertNothingChanged();
        }

        /** The other student's rows keep their frontend columns as the sink wrote them. */
        private void assertNothingChanged() throws Exception {
            assertThat(fixture.rows("SELECT delivered, delivered_at FROM ui_reflex_events WHERE id = ?::uuid", othersEvent.id()))
                    .containsExactly(Arrays.asList(false, null));
            assertThat(fixture.rows("SELECT is_shown, shown_at, is_dismissed, dismissed_at FROM student_recommendations"
                    + " WHERE id = ?::uuid", othersRecommendation)).containsExactly(Arrays.asList(false, null, false, null));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Feedback {

        private GatewayServer gateway;

        @BeforeAll
        void start() {
            gateway = fixture.gateway(Map.of());
        }

        @AfterAll
        void stop() {
            gateway.close();
        }

        @Test
        void deliveredIsSetOnceAndASecondCallChangesNothing() throws Exception {
            String student = newId();
            UiReflexEvent event = event(student, EventType.RECOMMENDATION_CREATED, newId(), 1);
            fixture.insert(event, false);
            Map<String, String> auth = bearer(token(student));

            var first = request("POST", gateway.url() + "/events/" + event.id() + "/delivered", auth);
            List<List<Object>> afterFirst = fixture.rows("SELECT delivered, delivered_at FROM ui_reflex_events WHERE id = ?::uuid",
                    event.id());
            var second = request("POST", gateway.url() + "/events/" + event.id() + "/delivered", auth);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(afterFirst.get(0).get(0)).isEqualTo(true);
            LocalDateTime deliveredAt = (LocalDateTime) afterFirst.get(0).get(1);
            assertThat(deliveredAt).isBetween(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1), LocalDateTime.now(ZoneOffset.UTC));
            String expected = "{\"id\":\"" + event.id() + "\",\"delivered\":true,\"delivered_at\":\"" + EventTime.format(
                    deliveredAt.toInstant(ZoneOffset.UTC)) + "\"}";
            assertThat(first.body()).isEqualTo(expected);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.body()).isEqualTo(expected);
            assertThat(fixture.rows("SELECT delivered, delivered_at FROM ui_reflex_events WHERE id = ?::uuid", event.id()))
                    .isEqualTo(afterFirst);
        }

        @Test
        void aDeliveredEventIsNotInTheNextBacklog() throws Exception {
            String student = newId();
            String recommendation = newId();
            UiReflexEvent acknowledged = event(student, EventType.RECOMMENDATION_CREATED, recommendation, 1);
            UiReflexEvent pending = event(student, EventType.RECOMMENDATION_UPDATED, recommendation, 2);
            fixture.insert(acknowledged, false);
            fixture.insert(pending, false);
            Map<String, String> auth = bearer(token(student));

            assertThat(request("POST", gateway.url() + "/events/" + acknowledged.id() + "/delivered", auth).statusCode())
                    .isEqualTo(200);

            try (SseTestClient client = stream(gateway, student, auth)) {
                assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(pending.id());
                assertThat(client.next(QUIET)).isNull();
            }
        }

        @Test
        void shownAndDismissedAreSetOnceEach() throws Exception {
            String student = newId();
            String recommendation = newId();
            fixture.insertRecommendation(recommendation, student, "PANIC_RUSH", 8, true);
            Map<String, String> auth = bearer(token(student));

            var shown = request("POST", gateway.url() + "/recommendations/" + recommendation + "/shown", auth);
            var shownAgain = request("POST", gateway.url() + "/recommendations/" + recommendation + "/shown", auth);
            var dismissed = request("POST", gateway.url() + "/recommendations/" + recommendation + "/dismissed", auth);
            List<List<Object>> afterFirst = fixture.rows("SELECT is_shown, shown_at, is_dismissed, dismissed_at, is_active"
                    + " FROM student_recommendations WHERE id = ?::uuid", recommendation);
            var dismissedAgain = request("POST", gateway.url() + "/recommendations/" + recommendation + "/dismissed", auth);

            assertThat(List.of(shown.statusCode(), shownAgain.statusCode(), dismissed.statusCode(), dismissedAgain.statusCode()))
                    .containsExactly(200, 200, 200, 200);
            assertThat(shownAgain.body()).isEqualTo(shown.body()).startsWith("{\"id\":\"" + recommendation + "\",\"is_shown\":true,");
            assertThat(dismissedAgain.body()).isEqualTo(dismissed.body())
                    .startsWith("{\"id\":\"" + recommendation + "\",\"is_dismissed\":true,");
            List<Object> row = afterFirst.get(0);
            assertThat(row.get(0)).isEqualTo(true);
            assertThat(row.get(1)).isNotNull();
            assertThat(row.get(2)).isEqualTo(true);
            assertThat(row.get(3)).isNotNull();
            // is_active is the pipeline's: with the dismissals flag on, the recommender ends it (through CDC)
            assertThat(row.get(4)).isEqualTo(true);
            assertThat(fixture.rows("SELECT is_shown, shown_at, is_dismissed, dismissed_at, is_active"
                    + " FROM student_recommendations WHERE id = ?::uuid", recommendation)).isEqualTo(afterFirst);
        }

        @Test
        void recommendationsAreTheStudentsActiveUndismissedOnesMostUrgentFirst() throws Exception {
            String student = newId();
            String urgent = newId();
            String mild = newId();
            String inactive = newId();
            String dismissed = newId();
            fixture.insertRecommendation(mild, student, "improving", 4, true);
            fixture.insertRecommendation(urgent, student, "STUCK_LOOP", 9, true);
            fixture.insertRecommendation(inactive, student, "PANIC_RUSH", 8, false);
            fixture.insertRecommendation(dismissed, student, "worsening", 7, true);
            fixture.insertRecommendation(newId(), newId(), "PANIC_RUSH", 8, true);
            fixture.execute("UPDATE student_recommendations SET is_dismissed = true WHERE id = ?::uuid", dismissed);

            var response = request("GET", gateway.url() + "/students/" + student + "/recommendations", bearer(token(student)));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode list = tree(response.body());
            assertThat(list).hasSize(2);
            assertThat(list.get(0).get("id").asText()).isEqualTo(urgent);
            assertThat(list.get(1).get("id").asText()).isEqualTo(mild);
            assertThat(tree(list.get(0).toString())).isEqualTo(tree("{\"id\":\"" + urgent + "\",\"student_id\":\"" + student + "\","
                    + "\"global_topic_uid\":\"TR.MAT.ALG.001\",\"recommendation_type\":\"STUCK_LOOP\",\"title\":\"STUCK_LOOP title\","
                    + "\"message\":\"STUCK_LOOP message\",\"action_items\":[{\"action\":\"slow_down\",\"duration_sec\":60,"
                    + "\"label\":\"Slow down\"}],\"priority\":9,\"is_active\":true,\"is_shown\":false,\"is_dismissed\":false,"
                    + "\"source_mistake_id\":\"" + list.get(0).get("source_mistake_id").asText() + "\","
                    + "\"created_at\":\"2025-01-06T10:00:00\",\"updated_at\":\"2025-01-06T10:00:05\","
                    + "\"expires_at\":\"2025-01-06T16:00:00\"}"));
        }

        @Test
        void anEventAcknowledgedBeforeTheSinkStoredItIsMarkedWhenItArrives() throws Exception {
            String student = newId();
            UiReflexEvent event = event(student, EventType.RECOMMENDATION_CREATED, newId(), 1);
            Map<String, String> auth = bearer(token(student));
            fixture.stack.connect().pause(EVENTS_SINK, WAIT);
            try (SseTestClient client = stream(gateway, student, auth)) {
                fixture.publish(event);
                assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(event.id());

                var accepted = request("POST", gateway.url() + "/events/" + event.id() + "/delivered", auth);

                assertThat(accepted.statusCode()).isEqualTo(202);
                assertThat(tree(accepted.body()).get("pending").asBoolean()).isTrue();
                assertThat(fixture.rows("SELECT 1 FROM ui_reflex_events WHERE id = ?::uuid", event.id())).isEmpty();
            } finally {
                fixture.stack.connect().resume(EVENTS_SINK, WAIT);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    fixture.rows("SELECT delivered, delivered_at IS NOT NULL FROM ui_reflex_events WHERE id = ?::uuid", event.id()))
                    .containsExactly(List.of(true, true)));
        }

        @Test
        void anIdNeitherStoredNorSeenIsNotFound() throws Exception {
            String student = newId();
            String unknown = newId();

            var response = request("POST", gateway.url() + "/events/" + unknown + "/delivered", bearer(token(student)));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"no event " + unknown + " of this student\"}");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Http {

        private static final String APP = "https://app.example.com";

        private GatewayServer gateway;

        @BeforeAll
        void start() {
            gateway = fixture.gateway(Map.of(GatewaySettings.CORS_ORIGINS, APP));
        }

        @AfterAll
        void stop() {
            gateway.close();
        }

        @Test
        void aListedOriginGetsItsPreflightAndCorsHeaders() throws Exception {
            String student = newId();
            var preflight = request("OPTIONS", gateway.url() + "/events/" + newId() + "/delivered", Map.of("Origin", APP,
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization"));
            var call = request("GET", gateway.url() + "/students/" + student + "/recommendations",
                    Map.of("Origin", APP, "Authorization", "Bearer " + token(student)));

            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST, OPTIONS");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("Authorization, Last-Event-ID, Content-Type");
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.body()).isEqualTo("[]");
            assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        }

        @Test
        void anotherOriginGetsNoCorsHeaders() throws Exception {
            String student = newId();
            var call = request("GET", gateway.url() + "/students/" + student + "/recommendations",
                    Map.of("Origin", "https://evil.example.com", "Authorization", "Bearer " + token(student)));

            assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void thePageIsServedAtTheRootWithItsSecurityHeaders() throws Exception {
            var page = request("GET", gateway.url() + "/", Map.of());
            var script = request("GET", gateway.url() + "/app.js", Map.of());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("<script src=\"app.js\" defer></script>");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .contains("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
            assertThat(script.statusCode()).isEqualTo(200);
        }

        @Test
        void healthCountsTheOpenStreams() throws Exception {
            String student = newId();
            try (SseTestClient client = stream(gateway, student, bearer(token(student)))) {
                assertThat(client.status()).isEqualTo(200);
                JsonNode health = tree(request("GET", gateway.url() + "/health", Map.of()).body());
                assertThat(health.get("status").asText()).isEqualTo("ok");
                assertThat(health.get("open_streams").asInt()).isEqualTo(1);
            }
        }
    }
}
