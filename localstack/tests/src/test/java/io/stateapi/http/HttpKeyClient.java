package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.linearizability.keys.KeyClient;
import io.stateapi.linearizability.keys.KeyInput;
import io.stateapi.linearizability.keys.KeyOutput;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A careful HTTP client of the State API, as a user would write one with the JDK's HttpClient:
 * every write carries an {@code Idempotency-Key}, and a request whose answer was lost or was a
 * 503 is sent again, with the same key, up to {@code maxAttempts} times. When no attempt brings
 * an answer, the outcome is unknown.
 *
 * <p>"Lost" answers between the client and the API are injected here, on a seeded draw: the
 * request goes all the way through the service and its answer is thrown away unread, exactly
 * what a connection reset after forwarding does to the client.
 */
final class HttpKeyClient implements KeyClient {

    private final Http http;
    private final String namespace;
    private final Random random;
    private final int lostAnswerPercent;
    private final int maxAttempts;

    HttpKeyClient(Http http, String namespace, long seed, int lostAnswerPercent, int maxAttempts) {
        this.http = http;
        this.namespace = namespace;
        this.random = new Random(seed);
        this.lostAnswerPercent = lostAnswerPercent;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public KeyOutput execute(String key, KeyInput input) throws OutcomeUnknownException {
        String path = Http.keyPath(namespace, key);
        String idempotencyKey = new UUID(random.nextLong(), random.nextLong()).toString();
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            HttpResponse<String> response = send(path, input, idempotencyKey);
            if (random.nextInt(100) < lostAnswerPercent) {
                failures.add("answer lost (it was " + response.statusCode() + ")");
                continue;
            }
            int status = response.statusCode();
            if (status == 503 || status == 409) {
                // 503: the service could not finish; 409: the first attempt is still in flight
                failures.add(Integer.toString(status));
                continue;
            }
            return output(input, response);
        }
        throw new OutcomeUnknownException(input + " on " + key + ": " + String.join(", ", failures), null);
    }

    private HttpResponse<String> send(String path, KeyInput input, String idempotencyKey) {
        return switch (input) {
            case KeyInput.Get ignored -> http.get(path);
            case KeyInput.Put put -> http.put(path, "{\"value\":\"" + put.value() + "\"}",
                    headers(put.condition(), idempotencyKey));
            case KeyInput.Delete delete -> http.delete(path, headers(delete.condition(), idempotencyKey));
        };
    }

    private static String[] headers(KeyInput.Condition condition, String idempotencyKey) {
        return switch (condition) {
            case KeyInput.Unconditional ignored -> new String[] {"Idempotency-Key", idempotencyKey};
            case KeyInput.IfVersion ifVersion ->
                    new String[] {"Idempotency-Key", idempotencyKey, "If-Match", "\"" + ifVersion.version() + "\""};
            case KeyInput.IfAbsent ignored -> new String[] {"Idempotency-Key", idempotencyKey, "If-None-Match", "*"};
        };
    }

    private static KeyOutput output(KeyInput input, HttpResponse<String> response) {
        int status = response.statusCode();
        switch (status) {
            case 200, 201 -> {
                JsonNode body = Http.json(response);
                long version = body.get("version").asLong();
                return input instanceof KeyInput.Get
                        ? KeyOutput.found(body.get("value").asText(), version)
                        : new KeyOutput.Written(version, status == 201);
            }
            case 204 -> {
                return KeyOutput.deleted();
            }
            case 404 -> {
                return KeyOutput.notFound();
            }
            case 412 -> {
                JsonNode current = Http.json(response).get("currentVersion");
                return KeyOutput.conflict(current == null || current.isNull() ? null : current.asLong());
            }
            default -> throw new AssertionError("unexpected answer to " + input + ": " + status + " " + response.body());
        }
    }
}
