package io.stateapi.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.Subscription;
import io.stateapi.client.SubscriptionOptions;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The JSON of subscriptions (contracts/openapi: {@code SubscriptionRequest}, {@code Subscription}, {@code SubscriptionDescription}). */
final class SubscriptionDocuments {

    private SubscriptionDocuments() {
    }

    static byte[] request(String name, SubscriptionOptions options) {
        ObjectNode body = JsonCodec.protocol().createObjectNode().put("name", name);
        options.prefix().ifPresent(prefix -> body.put("prefix", prefix));
        options.types().ifPresent(types -> types.forEach(body.putArray("types")::add));
        options.includeValues().ifPresent(values -> body.put("includeValues", values));
        try {
            return JsonCodec.protocol().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ValueMappingException("cannot write the subscription request", e);
        }
    }

    static Subscription subscription(String request, byte[] body) {
        return subscription(read(request, body));
    }

    static List<Subscription> list(String request, byte[] body) {
        List<Subscription> subscriptions = new ArrayList<>();
        read(request, body).path("subscriptions").forEach(item -> subscriptions.add(subscription(item)));
        return subscriptions;
    }

    private static Subscription subscription(JsonNode json) {
        JsonNode filter = json.path("filter");
        List<String> types = new ArrayList<>();
        filter.path("types").forEach(type -> types.add(type.asText()));
        return new Subscription(json.path("id").asText(), json.path("name").asText(), json.path("namespace").asText(),
                json.path("status").asText(), text(filter.get("prefix")), types,
                filter.path("includeValues").asBoolean(true), text(json.get("queueUrl")), text(json.get("queueArn")),
                text(json.get("deadLetterQueueUrl")), Instant.parse(json.path("createdAt").asText()),
                number(json.get("backlog")), number(json.get("oldestMessageAgeSeconds")), number(json.get("deadLetterDepth")));
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static OptionalLong number(JsonNode node) {
        return node == null || !node.canConvertToLong() ? OptionalLong.empty() : OptionalLong.of(node.asLong());
    }

    private static JsonNode read(String request, byte[] body) {
        try {
            JsonNode json = JsonCodec.parse(body);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return json;
        } catch (IOException | RuntimeException e) {
            throw new ValueMappingException(request + ": unreadable answer: " + e.getMessage(), e);
        }
    }
}
