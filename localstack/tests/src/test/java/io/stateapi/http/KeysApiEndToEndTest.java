package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The HTTP API over real HTTP: local gateway -> ApiFunction -> DynamoDB adapter -> moto. */
class KeysApiEndToEndTest {

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("e2e");

    @Test
    void healthIsUp() {
        HttpResponse<String> response = http.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void putCreatesWith201AndEtagThenUpdatesWith200() {
        HttpResponse<String> created = http.put(keyPath(ns, "users/42/cart"), "{\"value\":{\"items\":[1,2]}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(created.headers().firstValue("Location")).contains(keyPath(ns, "users/42/cart"));
        JsonNode body = json(created);
        assertThat(body.get("namespace").asText()).isEqualTo(ns);
        assertThat(body.get("key").asText()).isEqualTo("users/42/cart");
        assertThat(body.get("value").toString()).isEqualTo("{\"items\":[1,2]}");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(Instant.parse(body.get("createdAt").asText())).isEqualTo(Instant.parse(body.get("updatedAt").asText()));
        assertThat(body.get("expiresAt").isNull()).isTrue();

        HttpResponse<String> updated = http.put(keyPath(ns, "users/42/cart"), "{\"value\":{\"items\":[]}}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(json(updated).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void getReturnsTheRepresentationWithEtagAndHierarchicalKey() {
        http.put(keyPath(ns, "a/b/c"), "{\"value\":\"x\"}");

        HttpResponse<String> read = http.get(keyPath(ns, "a/b/c"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(json(read).get("key").asText()).isEqualTo("a/b/c");
        assertThat(json(read).get("value").asText()).isEqualTo("x");
    }

    @Test
    void getOfAnAbsentKeyIs404Problem() {
        http.put(keyPath(ns, "something-else"), "{\"value\":1}");

        HttpResponse<String> response = http.get(keyPath(ns, "nothing-here"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("type").asText()).isEqualTo("https://stateapi.io/problems/not-found");
    }

    @Test
    void getOfAKeyInANamespaceNeverWrittenIs404NamespaceNotFound() {
        HttpResponse<String> response = http.get(keyPath(ns, "nothing-here"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asText()).isEqualTo("https://stateapi.io/problems/namespace-not-found");
    }

    @Test
    void ifNoneMatchWithTheCurrentVersionIs304() {
        http.put(keyPath(ns, "cached"), "{\"value\":1}");

        HttpResponse<String> notModified = http.get(keyPath(ns, "cached"), "If-None-Match", "\"1\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(notModified.body()).isEmpty();

        http.put(keyPath(ns, "cached"), "{\"value\":2}");
        assertThat(http.get(keyPath(ns, "cached"), "If-None-Match", "\"1\"").statusCode()).isEqualTo(200);
    }

    @Test
    void eventualConsistencyIsAnOptIn() {
        http.put(keyPath(ns, "k"), "{\"value\":1}");
        assertThat(http.get(keyPath(ns, "k") + "?consistency=eventual").statusCode()).isEqualTo(200);
        assertThat(http.get(keyPath(ns, "k") + "?consistency=strong").statusCode()).isEqualTo(200);
    }

    @Test
    void compareAndSetConflictIs412WithTheCurrentVersion() {
        http.put(keyPath(ns, "cas"), "{\"value\":1}");
        http.put(keyPath(ns, "cas"), "{\"value\":2}");

        HttpResponse<String> conflict = http.put(keyPath(ns, "cas"), "{\"value\":3}", "If-Match", "\"1\"");
        assertThat(conflict.statusCode()).isEqualTo(412);
        assertThat(json(conflict).get("type").asText()).isEqualTo("https://stateapi.io/problems/version-conflict");
        assertThat(json(conflict).get("currentVersion").asLong()).isEqualTo(2);
        assertThat(json(http.get(keyPath(ns, "cas"))).get("value").asInt()).isEqualTo(2);

        HttpResponse<String> ok = http.put(keyPath(ns, "cas"), "{\"value\":3}", "If-Match", "\"2\"");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("ETag")).contains("\"3\"");
    }

    @Test
    void compareAndSetOnAnAbsentKeyIs412WithNullCurrentVersion() {
        HttpResponse<String> conflict = http.put(keyPath(ns, "never"), "{\"value\":1}", "If-Match", "\"1\"");
        assertThat(conflict.statusCode()).isEqualTo(412);
        assertThat(json(conflict).get("currentVersion").isNull()).isTrue();
    }

    @Test
    void createOnlyIs412WhenTheKeyExists() {
        assertThat(http.put(keyPath(ns, "once"), "{\"value\":1}", "If-None-Match", "*").statusCode()).isEqualTo(201);
        HttpResponse<String> second = http.put(keyPath(ns, "once"), "{\"value\":2}", "If-None-Match", "*");
        assertThat(second.statusCode()).isEqualTo(412);
        assertThat(json(second).get("currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    void deleteIs204ThenTheKeyIs404AndASecondDeleteIs404() {
        http.put(keyPath(ns, "gone"), "{\"value\":1}");
        assertThat(http.delete(keyPath(ns, "gone")).statusCode()).isEqualTo(204);
        assertThat(http.get(keyPath(ns, "gone")).statusCode()).isEqualTo(404);
        assertThat(http.delete(keyPath(ns, "gone")).statusCode()).isEqualTo(404);
    }

    @Test
    void conditionalDeleteWithAStaleVersionIs412() {
        http.put(keyPath(ns, "d"), "{\"value\":1}");
        http.put(keyPath(ns, "d"), "{\"value\":2}");
        HttpResponse<String> stale = http.delete(keyPath(ns, "d"), "If-Match", "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("currentVersion").asLong()).isEqualTo(2);
        assertThat(http.delete(keyPath(ns, "d"), "If-Match", "\"2\"").statusCode()).isEqualTo(204);
    }

    @Test
    void reCreatedKeyContinuesTheVersionSoStaleTagsFail() {
        http.put(keyPath(ns, "r"), "{\"value\":1}");                    // v1
        http.delete(keyPath(ns, "r"));                                     // v2
        HttpResponse<String> again = http.put(keyPath(ns, "r"), "{\"value\":2}", "If-None-Match", "*");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("ETag")).contains("\"3\"");
        assertThat(http.put(keyPath(ns, "r"), "{\"value\":3}", "If-Match", "\"1\"").statusCode()).isEqualTo(412);
    }

    @Test
    void anExpiredKeyReadsAsAbsentAndCanBeCreatedAgain() {
        HttpResponse<String> written = http.put(keyPath(ns, "ttl"), "{\"value\":1,\"ttlSeconds\":1}");
        assertThat(json(written).get("expiresAt").isNull()).isFalse();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get(keyPath(ns, "ttl")).statusCode() == 404);
        HttpResponse<String> recreated = http.put(keyPath(ns, "ttl"), "{\"value\":2}", "If-None-Match", "*");
        assertThat(recreated.statusCode()).isEqualTo(201);
        assertThat(json(recreated).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void percentEncodedKeysAreDecoded() {
        http.put(keyPath(ns, "caf%C3%A9/a%20b"), "{\"value\":1}");
        HttpResponse<String> read = http.get(keyPath(ns, "caf%C3%A9/a%20b"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("key").asText()).isEqualTo("café/a b");
    }

    @Test
    void keysAreNormalisedToNfcSoBothSpellingsNameOneKey() {
        http.put(keyPath(ns, "cafe%CC%81"), "{\"value\":1}");          // e + combining acute accent
        HttpResponse<String> read = http.get(keyPath(ns, "caf%C3%A9"));  // precomposed é
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("key").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void valuesRoundTripLosslessly() {
        String value = "{\"big\":123456789012345678901234567890,\"dec\":3.14159265358979323846264338327950288,"
                + "\"neg\":-1E+400,\"s\":\"\\u0000\\ud83d\\ude00 \\\"quoted\\\"\",\"n\":null,\"a\":[true,false,{}]}";
        http.put(keyPath(ns, "lossless"), "{\"value\":" + value + "}");
        JsonNode read = json(http.get(keyPath(ns, "lossless"))).get("value");
        assertThat(read).isEqualTo(StateJson.parse(value.getBytes(StandardCharsets.UTF_8)));
    }
}
