package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.json.StateJson;
import java.util.Iterator;

/**
 * The body of an increment: {@code {"delta": <integer from -(2^53-1) to 2^53-1>}}. An integer
 * in JSON Schema's sense (no fractional part: 5 and 5.0 alike); a fraction, a string or a number
 * out of range is refused, never rounded. Unknown members are rejected.
 */
record IncrementRequest(long delta) {

    /** Largest body read: a delta is a few dozen bytes. */
    private static final int MAX_BODY_BYTES = 1024;

    static IncrementRequest parse(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("an increment's body is {\"delta\": <integer>}; got " + body.length
                    + " bytes");
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with a \"delta\" member");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("delta")) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: delta");
            }
        }
        JsonNode delta = root.get("delta");
        if (delta == null) {
            throw new InvalidRequestException("member \"delta\" is required");
        }
        if (delta.isNumber()) {
            try {
                long n = delta.decimalValue().longValueExact();
                if (ExactInteger.inRange(n)) {
                    return new IncrementRequest(n);
                }
            } catch (ArithmeticException notWholeOrTooBig) {
                // reported below
            }
        }
        throw new InvalidRequestException("delta must be an integer from -" + ExactInteger.MAX + " to "
                + ExactInteger.MAX + "; got " + StateJson.write(delta));
    }
}
