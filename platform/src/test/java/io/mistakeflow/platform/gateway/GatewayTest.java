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
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
            // only on the topic (the sink may not have written it): the gateway knows it from its recent window
            fixture.publish(had);
            fixture.publish(missed);
            await().atMost(WAIT).until(() -> fixture.rows("SELECT 1 FROM ui_reflex_events WHERE id = ?::uuid", missed.id()).size() == 1);

            Map<String, String> resume = Map.of("Authorization", "Bearer " + token(student), "Last-Event-ID", had.id());
            try (SseTestClient client = stream(gateway, student, resume)) {
                assertThat(client.next(WAIT)).extracting(SseTestClient.Message::id).isEqualTo(missed.id());
                assertThat(client.next(QUIET)).isNull();
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
}
