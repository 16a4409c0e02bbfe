package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.BackfillStatus;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The JSON of the backfill routes: the start request, and the status that comes back. */
final class BackfillDocuments {

    private BackfillDocuments() {
    }

    static byte[] request(boolean dryRun, int segments, int itemsPerSecond) {
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        body.put("dryRun", dryRun);
        body.put("segments", segments);
        body.put("itemsPerSecond", itemsPerSecond);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static BackfillStatus status(String request, byte[] body) {
        try {
            JsonNode json = JsonCodec.parse(body);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            List<BackfillStatus.FailedKey> failed = new ArrayList<>();
            json.path("failedKeys").forEach(key -> failed.add(new BackfillStatus.FailedKey(key.path("key").asText(),
                    key.path("storedAt").canConvertToLong() ? key.get("storedAt").longValue() : null,
                    key.path("reason").asText(""))));
            return new BackfillStatus(json.path("version").asLong(), BackfillStatus.State.of(json.path("status").asText(null)),
                    json.path("dryRun").asBoolean(false), json.path("segments").asInt(0),
                    json.path("itemsPerSecond").asInt(0), json.path("scanned").asLong(0), json.path("upgraded").asLong(0),
                    json.path("alreadyCurrent").asLong(0), json.path("failed").asLong(0), failed,
                    json.path("plannedItems").canConvertToLong() ? json.get("plannedItems").longValue() : null,
                    instant(json.get("startedAt")), instant(json.get("notBefore")), instant(json.get("finishedAt")),
                    json.path("rate").asDouble(0), instant(json.get("estimatedEnd")),
                    json.hasNonNull("reason") ? json.get("reason").asText() : null);
        } catch (IOException | RuntimeException e) {
            throw new ValueMappingException(request + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
