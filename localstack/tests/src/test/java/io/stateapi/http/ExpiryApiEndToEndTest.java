package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code PUT /v1/namespaces/{ns}/expiry/{key}} end to end on the local stack (ADR 0034). */
class ExpiryApiEndToEndTest {

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("expiry");

    @Test
    void extendShortenAndClearEachMakeOneVersionAndLeaveTheValue() {
        http.put(keyPath(ns, "session"), "{\"value\":{\"user\":\"ana\"},\"ttlSeconds\":60}");

        JsonNode extended = json(change("session", "{\"ttlSeconds\":86400}"));
        JsonNode shortened = json(change("session", "{\"ttlSeconds\":30}"));
        HttpResponse<String> cleared = change("session", "{\"ttlSeconds\":null}");

        assertThat(extended.get("version").asLong()).isEqualTo(2);
        assertThat(Instant.parse(extended.get("expiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(shortened.get("version").asLong()).isEqualTo(3);
        assertThat(Instant.parse(shortened.get("expiresAt").asText())).isBefore(Instant.now().plusSeconds(31));
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.headers().firstValue("ETag")).contains("\"4\"");
        JsonNode read = json(http.get(keyPath(ns, "session")));
        assertThat(read.get("expiresAt").isNull()).isTrue();
        assertThat(read.get("version").asLong()).isEqualTo(4);
        assertThat(read.get("value").get("user").asText()).isEqualTo("ana");
    }

    @Test
    void aMissingKeyIs404AndAMissingNamespaceSaysSo() {
        http.put(keyPath(ns, "present"), "{\"value\":1}");

        HttpResponse<String> missingKey = change("absent", "{\"ttlSeconds\":60}");
        HttpResponse<String> missingNamespace = new ExpiryApiEndToEndTest().change("absent", "{\"ttlSeconds\":60}");

        assertThat(missingKey.statusCode()).isEqualTo(404);
        assertThat(json(missingKey).get("type").asText()).isEqualTo("https://stateapi.io/problems/not-found");
        assertThat(missingNamespace.statusCode()).isEqualTo(404);
        assertThat(json(missingNamespace).get("type").asText())
                .isEqualTo("https://stateapi.io/problems/namespace-not-found");
    }

    @Test
    void ifMatchChangesOnlyAtThatVersion() {
        http.put(keyPath(ns, "cas"), "{\"value\":1}");

        assertThat(change("cas", "{\"ttlSeconds\":60}", "If-Match", "\"1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> stale = change("cas", "{\"ttlSeconds\":null}", "If-Match", "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("currentVersion").asLong()).isEqualTo(2);
    }

    @Test
    void anIdempotentChangeIsReplayed() {
        http.put(keyPath(ns, "once"), "{\"value\":\"v\"}");

        HttpResponse<String> first = change("once", "{\"ttlSeconds\":600}", "Idempotency-Key", "exp-1");
        HttpResponse<String> repeat = change("once", "{\"ttlSeconds\":600}", "Idempotency-Key", "exp-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(json(http.get(keyPath(ns, "once"))).get("version").asLong()).isEqualTo(2);
    }

    HttpResponse<String> change(String key, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send("PUT", "/v1/namespaces/" + ns + "/expiry/" + key, body.getBytes(StandardCharsets.UTF_8), all);
    }
}
