package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stateapi.client.internal.JsonCodec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A handler call bounded in time, and the bound on threads left to handlers that will not stop. */
class TimedHandlerTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHandlers() {
        release.countDown();
    }

    private static ChangeEvent event() throws Exception {
        var event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0").put("id", "e1").put("source", "/state-api/test/namespaces/n")
                .put("type", "io.stateapi.key.created").put("time", "2026-12-02T00:00:00Z");
        event.putObject("data").put("namespace", "n").put("key", "k").put("version", 1).putNull("previousVersion")
                .putNull("value").putNull("previousValue");
        return new ChangeEventParser(new JsonCodec(null)).parse(event.toString());
    }

    /** A handler that will not be stopped: it swallows interrupts until released. */
    private ChangeHandler ignoringInterrupts() {
        return e -> {
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keeps going
                }
            }
        };
    }

    @Test
    void aHandlerThatReturnsInTimeIsHandledAndOneThatThrowsFailed() throws Exception {
        try (TimedHandler quick = new TimedHandler(e -> { }, Duration.ofSeconds(30), 1);
             TimedHandler throwing = new TimedHandler(e -> {
                 throw new IllegalStateException("no");
             }, Duration.ofSeconds(30), 1)) {
            assertThat(quick.handle(event())).isInstanceOf(TimedHandler.Outcome.Handled.class);
            assertThat(throwing.handle(event())).isInstanceOfSatisfying(TimedHandler.Outcome.Failed.class,
                    f -> assertThat(f.error()).hasMessage("no"));
        }
    }

    @Test
    void aHandlerThatHonoursTheInterruptTimesOutAndGivesItsThreadBack() throws Exception {
        try (TimedHandler timed = new TimedHandler(e -> release.await(), Duration.ofMillis(200), 1)) {
            assertThat(timed.handle(event())).isInstanceOf(TimedHandler.Outcome.TimedOut.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> timed.abandoned() == 0);
            assertThat(timed.awaitRoom(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void handlersThatIgnoreTheInterruptAreCountedAndLeaveNoRoomAtTheBoundUntilTheyReturn() throws Exception {
        try (TimedHandler timed = new TimedHandler(ignoringInterrupts(), Duration.ofMillis(200), 2)) {
            assertThat(timed.handle(event())).isInstanceOf(TimedHandler.Outcome.TimedOut.class);
            assertThat(timed.abandoned()).isEqualTo(1);
            assertThat(timed.awaitRoom(Duration.ZERO)).isTrue();

            assertThat(timed.handle(event())).isInstanceOf(TimedHandler.Outcome.TimedOut.class);
            assertThat(timed.abandoned()).isEqualTo(2);
            assertThat(timed.awaitRoom(Duration.ZERO)).isFalse();

            release.countDown();

            assertThat(timed.awaitRoom(Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> timed.abandoned() == 0);
        }
    }
}
