package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.subscriptions.SubscriptionRequest;
import io.stateapi.json.StateJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/namespaces/{namespace}/subscriptions}: {@code {"name": "billing",
 * "prefix": "orders/", "types": ["created", "updated"], "includeValues": true}}, only {@code name}
 * required. Read strictly, as namespace settings are: an unknown member or a wrong type is an
 * invalid request.
 */
final class SubscriptionRequestBody {

    private static final Set<String> MEMBERS = Set.of("name", "prefix", "types", "includeValues");

    private SubscriptionRequestBody() {
    }

    static SubscriptionRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("request body must be a JSON object with at least a name");
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with at least a name");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: name, prefix, types, includeValues");
            }
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidRequestException("name must be a string");
        }
        JsonNode prefix = root.get("prefix");
        if (prefix != null && !prefix.isNull() && !prefix.isTextual()) {
            throw new InvalidRequestException("prefix must be a string");
        }
        JsonNode types = root.get("types");
        List<String> typeNames = null;
        if (types != null && !types.isNull()) {
            if (!types.isArray()) {
                throw new InvalidRequestException("types must be an array of event types");
            }
            typeNames = new ArrayList<>();
            for (JsonNode type : types) {
                if (!type.isTextual()) {
                    throw new InvalidRequestException("types must be an array of event types (strings)");
                }
                typeNames.add(type.textValue());
            }
        }
        JsonNode values = root.get("includeValues");
        if (values != null && !values.isNull() && !values.isBoolean()) {
            throw new InvalidRequestException("includeValues must be true or false");
        }
        return SubscriptionRequest.of(name.textValue(), prefix == null || prefix.isNull() ? null : prefix.textValue(),
                typeNames, values == null || values.isNull() ? null : values.booleanValue());
    }
}
