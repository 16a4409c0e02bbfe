package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.json.StateJson;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of a PUT: {@code {"value": <any JSON>, "ttlSeconds": <positive integer, optional>}}.
 * Unknown members are rejected, so a misspelt {@code ttlSecond} is an error, not a silent no-op.
 */
record WriteRequest(JsonDocument value, TimeToLive ttl) {

    /** Largest request body read at all; the value limit is checked on the compact value. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Set<String> MEMBERS = Set.of("value", "ttlSeconds");

    static WriteRequest parse(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body of " + body.length + " bytes", MAX_BODY_BYTES);
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with a \"value\" member");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: value, ttlSeconds");
            }
        }
        JsonNode value = root.get("value");
        if (value == null) {
            throw new InvalidRequestException("member \"value\" is required (it may be null)");
        }
        JsonNode ttl = root.get("ttlSeconds");
        TimeToLive timeToLive = null;
        if (ttl != null && !ttl.isNull()) {
            timeToLive = new TimeToLive(wholeNumber(ttl));
        }
        return new WriteRequest(StateJson.document(value), timeToLive);
    }

    /** An integer in JSON Schema's sense: any number without a fractional part (60 and 60.0 alike). */
    private static long wholeNumber(JsonNode ttl) {
        if (ttl.isNumber()) {
            try {
                return ttl.decimalValue().longValueExact();
            } catch (ArithmeticException notWholeOrTooBig) {
                // reported below
            }
        }
        throw new InvalidRequestException("ttlSeconds must be an integer from 1 to " + TimeToLive.MAX_SECONDS);
    }
}
