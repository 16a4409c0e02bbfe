package io.stateapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.batch.BatchGetResult;
import io.stateapi.domain.batch.KeyRead;
import io.stateapi.json.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON answer of a batch get, kept under a byte budget (ADR 0027).
 *
 * <p>A Lambda function's answer is at most 6 MB (6,291,456 bytes), and the body travels inside
 * it as a JSON string, where escaping can double it (every {@code "} and {@code \} gains a
 * backslash). Values are up to 350 KiB, so 100 of them can be 35 MB. The body is therefore kept
 * at or under {@link #MAX_BODY_BYTES}: every item is always there with its key and, when found,
 * its version and times; values are included in request order as long as they fit, and an item
 * whose value does not is marked {@code "valueOmitted": true} (read it again, alone or in a
 * smaller batch). The first found value always fits, so asking again for the omitted keys
 * always makes progress.
 */
final class BatchGetRepresentation {

    /** Half of Lambda's 6 MB answer, less room for the status line and headers. */
    static final int MAX_BODY_BYTES = 3_000_000;

    /** {@code "valueOmitted":true,} takes this much more than {@code "value":,} with the value itself left out. */
    private static final int OMISSION_OVERHEAD = "\"valueOmitted\":true,".length() - "\"value\":,".length();

    private BatchGetRepresentation() {
    }

    static byte[] of(BatchGetResult result) {
        return of(result, MAX_BODY_BYTES);
    }

    static byte[] of(BatchGetResult result, int maxBodyBytes) {
        // First every value omitted (the least the answer can be), then values added while they fit.
        long size = render(result, Set.of()).length;
        Set<Integer> withValue = new HashSet<>();
        List<KeyRead> items = result.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof KeyRead.Found found) {
                long grown = size + found.record().value().utf8Bytes() - OMISSION_OVERHEAD;
                if (grown <= maxBodyBytes) {
                    withValue.add(i);
                    size = grown;
                }
            }
        }
        return render(result, withValue);
    }

    private static byte[] render(BatchGetResult result, Set<Integer> withValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", result.namespace().name());
            json.writeArrayFieldStart("items");
            List<KeyRead> items = result.items();
            for (int i = 0; i < items.size(); i++) {
                json.writeStartObject();
                json.writeStringField("key", items.get(i).key().value());
                switch (items.get(i)) {
                    case KeyRead.Found found -> {
                        json.writeBooleanField("found", true);
                        found(json, found.record(), withValue.contains(i));
                    }
                    case KeyRead.Missing ignored -> json.writeBooleanField("found", false);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void found(JsonGenerator json, StateRecord record, boolean withValue) throws IOException {
        if (withValue) {
            // The stored text is already compact, validated JSON: copied, not parsed again.
            json.writeFieldName("value");
            json.writeRawValue(record.value().json());
        } else {
            json.writeBooleanField("valueOmitted", true);
        }
        json.writeNumberField("version", record.version().value());
        json.writeStringField("createdAt", record.createdAt().toString());
        json.writeStringField("updatedAt", record.updatedAt().toString());
        if (record.expiresAt() == null) {
            json.writeNullField("expiresAt");
        } else {
            json.writeStringField("expiresAt", record.expiresAt().toString());
        }
        if (record.schemaVersion().isPresent()) {
            json.writeNumberField("schemaVersion", record.schemaVersion().getAsLong());
        }
        if (record.storedSchemaVersion().isPresent()) {
            json.writeNumberField("storedSchemaVersion", record.storedSchemaVersion().getAsLong());
        }
    }
}
