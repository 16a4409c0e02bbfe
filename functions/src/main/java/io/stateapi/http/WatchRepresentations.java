package io.stateapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stateapi.domain.watch.WatchBatch;
import io.stateapi.domain.watch.WatchService;
import io.stateapi.json.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The watch's answers (ADR 0037, 0060): one JSON batch, the same batch as Server-Sent Events, and
 * the snapshot page.
 */
final class WatchRepresentations {

    /** How long an event-stream client waits before it reconnects (the {@code retry:} hint), in millis. */
    static final int RETRY_MILLIS = 1000;

    private WatchRepresentations() {
    }

    /**
     * {@code {"namespace", "items": [{key, version, change, committedAt, value?}], "pending"?: [...], "cursor"}};
     * {@code pending} only when it was asked for.
     */
    static byte[] json(WatchBatch batch, boolean withPending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.changes().size() * 160);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", batch.namespace().name());
            json.writeArrayFieldStart("items");
            for (WatchBatch.Change change : batch.changes()) {
                item(json, change);
            }
            json.writeEndArray();
            if (withPending) {
                json.writeArrayFieldStart("pending");
                for (WatchBatch.Change change : batch.pending()) {
                    item(json, change);
                }
                json.writeEndArray();
            }
            json.writeStringField("cursor", batch.cursor());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The batch as a {@code text/event-stream}: a {@code retry:} hint, one {@code change} event per
     * change whose id is the cursor after it, then one {@code pending} event per pending change
     * (ADR 0060: after the settled ones, since each one's id stands after all of them), and a
     * closing {@code cursor} event whose id is the batch's cursor, so a client's
     * {@code Last-Event-ID} moves on even when no change came.
     */
    static byte[] eventStream(WatchBatch batch) {
        StringBuilder stream = new StringBuilder(64 + batch.changes().size() * 200);
        stream.append("retry: ").append(RETRY_MILLIS).append("\n\n");
        events(stream, "change", batch.changes());
        events(stream, "pending", batch.pending());
        stream.append("id: ").append(batch.cursor()).append('\n')
                .append("event: cursor\n")
                .append("data: {\"cursor\":\"").append(batch.cursor()).append("\"}\n\n");
        return stream.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void events(StringBuilder stream, String name, List<WatchBatch.Change> changes) {
        for (WatchBatch.Change change : changes) {
            stream.append("id: ").append(change.cursor()).append('\n')
                    .append("event: ").append(name).append('\n')
                    .append("data: ").append(itemText(change)).append("\n\n");
        }
    }

    /** {@code {"namespace", "prefix", "items": [listed keys with values], "nextPage", "cursor"}}. */
    static byte[] snapshot(WatchService.Snapshot snapshot) {
        // The listing's own JSON, with the snapshot's two members in place of nextCursor.
        byte[] listing = KeyListRepresentations.of(snapshot.keys());
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node =
                    (com.fasterxml.jackson.databind.node.ObjectNode) StateJson.mapper().readTree(listing);
            node.set("nextPage", node.remove("nextCursor"));
            if (snapshot.cursor().isPresent()) {
                node.put("cursor", snapshot.cursor().get());
            } else {
                node.putNull("cursor");
            }
            return StateJson.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String itemText(WatchBatch.Change change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(200);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            item(json, change);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Compact JSON holds no raw newline, so the whole item fits on one data: line.
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void item(JsonGenerator json, WatchBatch.Change change) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", change.key().value());
        HistoryRepresentations.fields(json, change.change());
        json.writeEndObject();
    }
}
