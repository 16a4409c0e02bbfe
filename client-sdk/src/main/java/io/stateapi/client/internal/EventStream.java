package io.stateapi.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code text/event-stream} body read as its events (the HTML standard's parsing rules, for the
 * fields the watch uses). Only events ended by a blank line count: a stream cut in the middle of
 * an event has that event dropped, so what is handed on is what the service finished writing.
 */
final class EventStream {

    /** One dispatched event: {@code id} and {@code event} may be null; {@code data} is its data lines joined. */
    record Event(String id, String event, String data) {
    }

    private EventStream() {
    }

    static List<Event> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Event> events = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = null;
        int start = 0;
        while (start < text.length()) {
            int end = lineEnd(text, start);
            if (end < 0) {
                break;  // a last line without its line break: the stream was cut there
            }
            String line = text.substring(start, end);
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event, data.toString()));
                }
                id = null;
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;  // a comment
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }  // retry, and fields a newer service adds
            }
        }
        return events;
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }
}
