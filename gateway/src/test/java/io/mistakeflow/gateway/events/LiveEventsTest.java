package io.mistakeflow.gateway.events;

import static io.mistakeflow.gateway.events.Events.OTHER_STUDENT;
import static io.mistakeflow.gateway.events.Events.STUDENT;
import static io.mistakeflow.gateway.events.Events.frame;
import static io.mistakeflow.gateway.events.Events.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEventsTest {

    private final LiveEvents live = new LiveEvents(new RecentEvents(Duration.ofSeconds(30), 100), 2, 3, () -> 0L);

    private static final class Recorder implements LiveEvents.Subscriber {
        final List<String> delivered = new ArrayList<>();
        int heartbeats;

        @Override
        public void deliver(EventFrame event) {
            delivered.add(event.id());
        }

        @Override
        public void heartbeat() {
            heartbeats++;
        }
    }

    @Test
    void anEventGoesToEveryStreamOfItsStudentOnly() throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder other = new Recorder();
        live.subscribe(STUDENT, first);
        live.subscribe(STUDENT, second);
        live.subscribe(OTHER_STUDENT, other);

        live.publish(frame(id(1), 1));

        assertThat(first.delivered).containsExactly(id(1));
        assertThat(second.delivered).containsExactly(id(1));
        assertThat(other.delivered).isEmpty();
    }

    @Test
    void aSubscriberGetsTheRecentEventsOfItsStudent() throws Exception {
        live.publish(frame(id(1), 1));
        live.publish(frame(id(2), OTHER_STUDENT, 2));

        assertThat(live.subscribe(STUDENT, new Recorder())).extracting(EventFrame::id).containsExactly(id(1));
    }

    @Test
    void aStudentHasAtMostPerStudentStreams() throws Exception {
        live.subscribe(STUDENT, new Recorder());
        Recorder second = new Recorder();
        live.subscribe(STUDENT, second);

        assertThatThrownBy(() -> live.subscribe(STUDENT, new Recorder()))
                .isInstanceOfSatisfying(LiveEvents.TooManyStreams.class, e -> assertThat(e.perStudent()).isTrue())
                .hasMessage("at most 2 streams per student are open at a time");
        assertThat(live.openStreams()).isEqualTo(2);

        live.unsubscribe(STUDENT, second);
        live.subscribe(STUDENT, new Recorder());
        assertThat(live.openStreams()).isEqualTo(2);
    }

    @Test
    void theInstanceHasAtMostMaxStreams() throws Exception {
        live.subscribe(STUDENT, new Recorder());
        live.subscribe(STUDENT, new Recorder());
        live.subscribe(OTHER_STUDENT, new Recorder());

        assertThatThrownBy(() -> live.subscribe("00000000-0000-4000-8000-00000000000c", new Recorder()))
                .isInstanceOfSatisfying(LiveEvents.TooManyStreams.class, e -> assertThat(e.perStudent()).isFalse())
                .hasMessage("this gateway holds its maximum of 3 streams");
        assertThat(live.openStreams()).isEqualTo(3);
    }

    @Test
    void unsubscribingTwiceCountsOnce() throws Exception {
        Recorder one = new Recorder();
        live.subscribe(STUDENT, one);

        live.unsubscribe(STUDENT, one);
        live.unsubscribe(STUDENT, one);

        assertThat(live.openStreams()).isZero();
    }

    @Test
    void heartbeatsReachEveryStream() throws Exception {
        Recorder one = new Recorder();
        Recorder two = new Recorder();
        live.subscribe(STUDENT, one);
        live.subscribe(OTHER_STUDENT, two);

        live.heartbeat();

        assertThat(one.heartbeats).isEqualTo(1);
        assertThat(two.heartbeats).isEqualTo(1);
    }
}
