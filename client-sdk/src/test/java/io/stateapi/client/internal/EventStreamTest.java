package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text/event-stream reading of the watch's answers: only events the service finished count. */
class EventStreamTest {

    private static java.util.List<EventStream.Event> parse(String body) {
        return EventStream.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsAreDispatchedAtTheirBlankLineWithTheirFields() {
        assertThat(parse("retry: 1000\n\n: a comment\nid: c1\nevent: change\ndata: {\"a\":1}\n\nid:c2\nevent: cursor\ndata: x\n\n"))
                .containsExactly(new EventStream.Event("c1", "change", "{\"a\":1}"),
                        new EventStream.Event("c2", "cursor", "x"));
    }

    @Test
    void anEventCutBeforeItsBlankLineIsNotDispatched() {
        assertThat(parse("id: c1\nevent: change\ndata: {\"a\":1}\n\nid: c2\nevent: change\ndata: {\"a\":2}\n"))
                .extracting(EventStream.Event::id).containsExactly("c1");
        assertThat(parse("id: c1\nevent: change\ndata: {\"a\"")).isEmpty();
    }

    @Test
    void crLfLineBreaksAndSeveralDataLinesAreRead() {
        assertThat(parse("id: c1\r\nevent: change\r\ndata: one\r\ndata: two\r\n\r\n"))
                .containsExactly(new EventStream.Event("c1", "change", "one\ntwo"));
    }
}
