package io.stateapi.client.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.internal.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads the CloudEvents JSON of a message body; tolerant of members it does not know. */
final class ChangeEventParser {

    private final JsonCodec codec;

    ChangeEventParser(JsonCodec codec) {
        this.codec = codec;
    }

    ChangeEvent parse(String body) throws IOException {
        JsonNode event = JsonCodec.parse(body.getBytes(StandardCharsets.UTF_8));
        if (event == null || !event.isObject()) {
            throw new IOException("not a JSON object");
        }
        String specVersion = event.path("specversion").asText("");
        if (!specVersion.startsWith("1.")) {
            throw new IOException("not a CloudEvents 1.x event (specversion " + specVersion + ")");
        }
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            throw new IOException("event has no data object");
        }
        String namespace = text(data, "namespace");
        String key = text(data, "key");
        JsonNode version = data.get("version");
        if (namespace == null || key == null || version == null || !version.canConvertToLong()) {
            throw new IOException("event data lacks namespace, key or version");
        }
        JsonNode previousVersion = data.get("previousVersion");
        JsonNode time = event.get("time");
        return new ChangeEvent(
                text(event, "id"),
                text(event, "source"),
                text(event, "type"),
                time == null || time.isNull() ? null : Instant.parse(time.asText()),
                namespace,
                key,
                version.longValue(),
                previousVersion != null && previousVersion.canConvertToLong() ? previousVersion.longValue() : null,
                valueOrNull(data.get("value")),
                valueOrNull(data.get("previousValue")),
                data.path("valueOmitted").asBoolean(false),
                codec);
    }

    /** A JSON null member means "no value" (deleted, omitted); a stored JSON null value reads the same. */
    private static JsonNode valueOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
