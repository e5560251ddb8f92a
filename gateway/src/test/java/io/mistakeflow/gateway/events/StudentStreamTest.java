package io.mistakeflow.gateway.events;

import static io.mistakeflow.gateway.events.Events.frame;
import static io.mistakeflow.gateway.events.Events.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudentStreamTest {

    private final StudentStream stream = new StudentStream(3, 100);

    @Test
    void theBacklogComesFirstThenTheLiveEventsThatArrivedMeanwhile() {
        assertThat(stream.offerLive(frame(id(3), 3))).isTrue();

        stream.begin(List.of(frame(id(1), 1), frame(id(2), 2)), List.of(), null, Set.of());
        stream.offerLive(frame(id(4), 4));

        assertThat(sentIds()).containsExactly(id(1), id(2), id(3), id(4));
    }

    @Test
    void anEventInTheBacklogAndLiveIsSentOnce() {
        stream.offerLive(frame(id(2), 2));

        stream.begin(List.of(frame(id(1), 1), frame(id(2), 2)), List.of(frame(id(2), 2)), null, Set.of());
        stream.offerLive(frame(id(2), 2));
        stream.offerLive(frame(id(1), 1));

        assertThat(sentIds()).containsExactly(id(1), id(2));
    }

    @Test
    void recentEventsNotYetInPostgresComeAfterTheBacklog() {
        stream.begin(List.of(frame(id(1), 1)), List.of(frame(id(1), 1), frame(id(2), 2)), null, Set.of());

        assertThat(sentIds()).containsExactly(id(1), id(2));
    }

    @Test
    void recentEventsTheClientHadOrAcknowledgedAreSkipped() {
        ResumePoint hadUpToTwo = new ResumePoint(Events.T0.plusSeconds(2), id(2));

        stream.begin(List.of(), List.of(frame(id(1), 1), frame(id(2), 2), frame(id(3), 3), frame(id(4), 4)), hadUpToTwo,
                Set.of(id(3)));

        assertThat(sentIds()).containsExactly(id(4));
    }

    @Test
    void liveEventsAfterTheResumePointAreNew() {
        ResumePoint hadUpToTwo = new ResumePoint(Events.T0.plusSeconds(2), id(2));
        stream.offerLive(frame(id(9), 0));

        stream.begin(List.of(), List.of(), hadUpToTwo, Set.of());

        assertThat(sentIds()).containsExactly(id(9));
    }

    @Test
    void aClientThatFallsBufferEventsBehindIsRefused() {
        stream.begin(List.of(), List.of(), null, Set.of());

        assertThat(stream.offerLive(frame(id(1), 1))).isTrue();
        assertThat(stream.offerLive(frame(id(2), 2))).isTrue();
        assertThat(stream.offerLive(frame(id(3), 3))).isTrue();
        assertThat(stream.offerLive(frame(id(4), 4))).isFalse();
        assertThat(stream.queued()).isEqualTo(3);
    }

    @Test
    void theBacklogDoesNotCountAgainstTheBuffer() {
        stream.begin(List.of(frame(id(1), 1), frame(id(2), 2), frame(id(3), 3), frame(id(4), 4)), List.of(), null, Set.of());

        assertThat(stream.offerLive(frame(id(5), 5))).isTrue();
        assertThat(stream.offerLive(frame(id(6), 6))).isTrue();
        assertThat(stream.offerLive(frame(id(7), 7))).isTrue();
        assertThat(stream.offerLive(frame(id(8), 8))).isFalse();
        stream.poll();
        stream.poll();
        stream.poll();
        stream.poll();
        assertThat(stream.offerLive(frame(id(8), 8))).isFalse();
        stream.poll();
        assertThat(stream.offerLive(frame(id(8), 8))).isTrue();
    }

    @Test
    void liveEventsBeforeTheStartAreBoundedToo() {
        assertThat(stream.offerLive(frame(id(1), 1))).isTrue();
        assertThat(stream.offerLive(frame(id(2), 2))).isTrue();
        assertThat(stream.offerLive(frame(id(3), 3))).isTrue();
        assertThat(stream.offerLive(frame(id(4), 4))).isFalse();
    }

    @Test
    void aRepeatOfAnEventAlreadySentIsNotQueuedEvenWhenTheBufferIsFull() {
        stream.begin(List.of(), List.of(), null, Set.of());
        stream.offerLive(frame(id(1), 1));
        stream.offerLive(frame(id(2), 2));
        stream.offerLive(frame(id(3), 3));

        assertThat(stream.offerLive(frame(id(2), 2))).isTrue();
        assertThat(stream.queued()).isEqualTo(3);
    }

    @Test
    void heartbeatsGoOnlyIntoAnIdleStream() {
        stream.offerHeartbeat();
        assertThat(stream.queued()).isZero();

        stream.begin(List.of(), List.of(), null, Set.of());
        stream.offerHeartbeat();
        stream.offerHeartbeat();
        assertThat(stream.queued()).isEqualTo(1);
        assertThat(new String(stream.poll(), StandardCharsets.UTF_8)).isEqualTo(": heartbeat\n\n");

        stream.offerLive(frame(id(1), 1));
        stream.offerHeartbeat();
        assertThat(stream.queued()).isEqualTo(1);
    }

    @Test
    void idsAreRememberedUpToTheBound() {
        StudentStream small = new StudentStream(10, 2);
        small.begin(List.of(), List.of(), null, Set.of());
        small.offerLive(frame(id(1), 1));
        small.offerLive(frame(id(2), 2));
        small.offerLive(frame(id(3), 3));

        small.offerLive(frame(id(3), 3));
        small.offerLive(frame(id(1), 1));

        List<String> ids = new ArrayList<>();
        for (byte[] f = small.poll(); f != null; f = small.poll()) {
            ids.add(idOf(f));
        }
        assertThat(ids).containsExactly(id(1), id(2), id(3), id(1));
    }

    private List<String> sentIds() {
        List<String> ids = new ArrayList<>();
        for (byte[] f = stream.poll(); f != null; f = stream.poll()) {
            ids.add(idOf(f));
        }
        return ids;
    }

    private static String idOf(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        return text.substring("id: ".length(), text.indexOf('\n'));
    }
}
