package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.json.StateJson;
import java.util.Iterator;

/**
 * The body of an expiry change: {@code {"ttlSeconds": <1..TimeToLive.MAX_SECONDS>}} sets the
 * expiry that many seconds from now, {@code {"ttlSeconds": null}} clears it. The member is
 * required, so an empty object is not read as "clear". Unknown members are rejected.
 *
 * @param ttl the new time to live, or {@code null} to clear the expiry
 */
record ExpiryRequest(TimeToLive ttl) {

    private static final int MAX_BODY_BYTES = 1024;

    static ExpiryRequest parse(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("an expiry change's body is {\"ttlSeconds\": <integer> | null}; got "
                    + body.length + " bytes");
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with a \"ttlSeconds\" member");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("ttlSeconds")) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: ttlSeconds");
            }
        }
        JsonNode ttl = root.get("ttlSeconds");
        if (ttl == null) {
            throw new InvalidRequestException("member \"ttlSeconds\" is required (null clears the expiry)");
        }
        if (ttl.isNull()) {
            return new ExpiryRequest(null);
        }
        if (ttl.isNumber()) {
            try {
                return new ExpiryRequest(new TimeToLive(ttl.decimalValue().longValueExact()));
            } catch (ArithmeticException notWholeOrTooBig) {
                // reported below
            }
        }
        throw new InvalidRequestException("ttlSeconds must be an integer from 1 to " + TimeToLive.MAX_SECONDS
                + ", or null to clear the expiry");
    }
}
