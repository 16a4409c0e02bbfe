package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.exceptions.InvalidIdempotencyKeyException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} request header and the {@code Idempotent-Replayed} response
 * header. The IETF httpapi draft defines the key as an RFC 8941 sf-string
 * ({@code Idempotency-Key: "8e03978e-..."}); the bare form most APIs accept is accepted too,
 * and both name the same key.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    /** Set on a response that replays a stored outcome instead of reporting a new write. */
    static final String REPLAYED = "Idempotent-Replayed";

    private IdempotencyKeyHeader() {
    }

    static Optional<IdempotencyKey> of(HttpRequest<?> request) {
        List<String> values = request.getHeaders().getAll(NAME);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidIdempotencyKeyException("Idempotency-Key must be sent once");
        }
        String value = values.getFirst().strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
            if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                throw new InvalidIdempotencyKeyException("Idempotency-Key must not contain '\"' or '\\'");
            }
        } else if (value.indexOf('"') >= 0 || value.indexOf(',') >= 0) {
            // API Gateway and proxies join repeated headers with commas: "a,b" is two keys, not one.
            throw new InvalidIdempotencyKeyException(
                    "Idempotency-Key must be sent once, as one quoted string or a bare value without ',' or '\"'");
        }
        return Optional.of(IdempotencyKey.of(value));
    }
}
