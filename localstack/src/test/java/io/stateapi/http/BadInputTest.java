package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every kind of bad input gets a 4xx problem+json with a stable type, and changes nothing:
 * after each request the namespace holds exactly the one key written before it, unchanged.
 */
class BadInputTest {

    private static final String JSON = "application/json";
    private static final String PROBLEMS = "https://stateapi.io/problems/";

    private final TestStack stack = TestStack.shared();
    private final Http http = new Http(stack.api());
    private final String ns = TestStack.uniqueNamespace("bad");

    /** One row of the table: a request, and the status and problem type it must get. */
    record Case(String name, String method, String path, List<String> headers, byte[] body,
                int status, String problem) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case put(String name, String key, String body, int status, String problem, String... headers) {
        return new Case(name, "PUT", "/v1/namespaces/{ns}/keys/" + key, withJson(headers),
                body.getBytes(StandardCharsets.UTF_8), status, problem);
    }

    private static List<String> withJson(String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of(headers));
        if (!all.contains("Content-Type")) {
            all.addAll(List.of("Content-Type", JSON));
        }
        return all;
    }

    private static Case request(String name, String method, String path, byte[] body, int status, String problem,
                                String... headers) {
        return new Case(name, method, path, List.of(headers), body, status, problem);
    }

    static Stream<Case> cases() {
        String big = "\"" + "x".repeat(350 * 1024) + "\"";
        String huge = "\"" + "x".repeat(1024 * 1024 + 10) + "\"";
        String deep = "[".repeat(65) + "]".repeat(65);
        byte[] invalidUtf8 = {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'};
        byte[] cesuSurrogate = {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        return Stream.of(
                // malformed bodies
                put("malformed JSON", "k", "{\"value\":", 400, "invalid-json"),
                put("trailing data after the document", "k", "{\"value\":1} x", 400, "invalid-json"),
                put("duplicate member names", "k", "{\"value\":1,\"value\":2}", 400, "invalid-json"),
                put("empty body", "k", "", 400, "invalid-request"),
                put("single-quoted JSON", "k", "{'value':1}", 400, "invalid-json"),
                new Case("invalid UTF-8", "PUT", "/v1/namespaces/{ns}/keys/k", withJson(), invalidUtf8, 400, "invalid-json"),
                put("nesting deeper than 64", "k", "{\"value\":" + deep + "}", 400, "nesting-too-deep"),
                put("number whose exponent is out of range", "k", "{\"value\":1e-2147483649}", 400, "invalid-json"),
                // text that DynamoDB, SQS or the change events cannot carry
                put("lone surrogate as the value", "k", "{\"value\":\"\\ud800\"}", 400, "invalid-text"),
                put("lone surrogate in a nested member name", "k", "{\"value\":{\"a\":{\"\\udc00\":1}}}", 400,
                        "invalid-text"),
                put("lone surrogate in an array element", "k", "{\"value\":[1,\"x\\ud800y\"]}", 400, "invalid-text"),
                put("surrogate pair in the wrong order", "k", "{\"value\":\"\\udc00\\ud800\"}", 400, "invalid-text"),
                new Case("surrogate encoded as UTF-8 bytes (CESU-style)", "PUT", "/v1/namespaces/{ns}/keys/k", withJson(),
                        cesuSurrogate, 400, "invalid-text"),
                put("key with a percent-encoded high surrogate (CESU-style)", "a%ED%A0%80b", "{\"value\":1}", 400,
                        "invalid-key"),
                put("key with a percent-encoded low surrogate (CESU-style)", "%ED%B0%80", "{\"value\":1}", 400,
                        "invalid-key"),
                put("key with a surrogate pair encoded CESU-style", "x%ED%A0%BD%ED%B8%80", "{\"value\":1}", 400,
                        "invalid-key"),
                request("DELETE of a key with a percent-encoded surrogate", "DELETE", "/v1/namespaces/{ns}/keys/%ED%A0%80",
                        null, 400, "invalid-key"),
                // wrong shapes and types
                put("body is an array", "k", "[1]", 400, "invalid-request"),
                put("body is a scalar", "k", "42", 400, "invalid-request"),
                put("value missing", "k", "{\"ttlSeconds\":5}", 400, "invalid-request"),
                put("unknown member", "k", "{\"value\":1,\"tll\":5}", 400, "invalid-request"),
                put("ttlSeconds as a string", "k", "{\"value\":1,\"ttlSeconds\":\"5\"}", 400, "invalid-request"),
                put("ttlSeconds zero", "k", "{\"value\":1,\"ttlSeconds\":0}", 400, "invalid-request"),
                put("ttlSeconds negative", "k", "{\"value\":1,\"ttlSeconds\":-1}", 400, "invalid-request"),
                put("ttlSeconds fractional", "k", "{\"value\":1,\"ttlSeconds\":1.5}", 400, "invalid-request"),
                put("ttlSeconds beyond ten years", "k", "{\"value\":1,\"ttlSeconds\":99999999999}", 400, "invalid-request"),
                // sizes
                put("value over 350 KiB", "k", "{\"value\":" + big + "}", 413, "payload-too-large"),
                put("body over 1 MiB", "k", "{\"value\":" + huge + "}", 413, "payload-too-large"),
                // names
                request("upper-case namespace", "PUT", "/v1/namespaces/Carts/keys/k", "{\"value\":1}".getBytes(),
                        400, "invalid-namespace", "Content-Type", JSON),
                request("namespace over 63 characters", "PUT", "/v1/namespaces/" + "n".repeat(64) + "/keys/k",
                        "{\"value\":1}".getBytes(), 400, "invalid-namespace", "Content-Type", JSON),
                put("key over 1024 bytes", "k".repeat(1025), "{\"value\":1}", 400, "invalid-key"),
                put("key with a control character", "a%01b", "{\"value\":1}", 400, "invalid-key"),
                put("key with an encoded dot-dot segment", "a/%2E%2E/b", "{\"value\":1}", 400, "invalid-key"),
                put("key with an empty segment", "a//b", "{\"value\":1}", 400, "invalid-key"),
                put("key with a trailing slash", "a/", "{\"value\":1}", 400, "invalid-key"),
                put("key with a leading slash", "/a", "{\"value\":1}", 400, "invalid-key"),
                put("key of only a slash (no key at all)", "/", "{\"value\":1}", 404, "route-not-found"),
                put("key with an encoded separator making an empty segment", "a%2F%2Fb", "{\"value\":1}", 400, "invalid-key"),
                put("key with truncated UTF-8", "trunc%C3", "{\"value\":1}", 400, "invalid-key"),
                put("key with an invalid UTF-8 byte", "x%FFy", "{\"value\":1}", 400, "invalid-key"),
                put("key with an encoded NUL", "nul%00x", "{\"value\":1}", 400, "invalid-key"),
                put("repeated If-Match headers", "existing", "{\"value\":2}", 400, "invalid-precondition",
                        "If-Match", "\"1\"", "If-Match", "\"1\""),
                put("If-Match of 100 KB", "existing", "{\"value\":2}", 400, "invalid-precondition",
                        "If-Match", "\"" + "1".repeat(100_000) + "\""),
                // preconditions
                put("If-Match without quotes", "existing", "{\"value\":2}", 400, "invalid-precondition", "If-Match", "1"),
                put("weak If-Match", "existing", "{\"value\":2}", 400, "invalid-precondition", "If-Match", "W/\"1\""),
                put("If-Match list", "existing", "{\"value\":2}", 400, "invalid-precondition", "If-Match", "\"1\", \"2\""),
                put("If-Match and If-None-Match together (can never hold)", "existing", "{\"value\":2}", 412,
                        "version-conflict", "If-Match", "\"1\"", "If-None-Match", "*"),
                put("If-None-Match with a tag on a write", "existing", "{\"value\":2}", 400, "invalid-precondition",
                        "If-None-Match", "\"1\""),
                put("If-Match with a huge value", "existing", "{\"value\":2}", 400, "invalid-precondition",
                        "If-Match", "\"" + "9".repeat(8000) + "\""),
                request("If-None-Match on delete", "DELETE", "/v1/namespaces/{ns}/keys/existing", null,
                        400, "invalid-precondition", "If-None-Match", "*"),
                request("malformed If-None-Match on read", "GET", "/v1/namespaces/{ns}/keys/existing", null,
                        400, "invalid-precondition", "If-None-Match", "1"),
                // idempotency keys
                put("empty Idempotency-Key", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", ""),
                put("empty quoted Idempotency-Key", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "\"\""),
                put("Idempotency-Key over 255 characters", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "k".repeat(256)),
                put("Idempotency-Key of 100 KB", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "k".repeat(100_000)),
                put("Idempotency-Key with a space", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "a b"),
                put("Idempotency-Key with an unbalanced quote", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "\"abc"),
                put("repeated Idempotency-Key headers", "k", "{\"value\":1}", 400, "invalid-idempotency-key",
                        "Idempotency-Key", "a", "Idempotency-Key", "b"),
                put("Idempotency-Key reused for another value", "existing", "{\"value\":2}", 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                put("Idempotency-Key reused for another key", "other", "{\"value\":1}", 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                put("Idempotency-Key reused with another precondition", "existing", "{\"value\":1}", 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY, "If-Match", "\"1\""),
                request("Idempotency-Key reused for a delete", "DELETE", "/v1/namespaces/{ns}/keys/existing", null,
                        422, "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                // protocol
                request("unsupported content type", "PUT", "/v1/namespaces/{ns}/keys/k", "{\"value\":1}".getBytes(),
                        415, "unsupported-media-type", "Content-Type", "text/plain"),
                request("two content types", "PUT", "/v1/namespaces/{ns}/keys/k", "{\"value\":1}".getBytes(),
                        415, "unsupported-media-type", "Content-Type", JSON, "Content-Type", "text/plain"),
                request("form content type (curl -d without -H)", "PUT", "/v1/namespaces/{ns}/keys/k",
                        "{\"value\":1}".getBytes(), 415, "unsupported-media-type",
                        "Content-Type", "application/x-www-form-urlencoded"),
                request("method not allowed", "POST", "/v1/namespaces/{ns}/keys/existing", "{\"value\":1}".getBytes(),
                        405, "method-not-allowed", "Content-Type", JSON),
                request("PATCH is not supported yet", "PATCH", "/v1/namespaces/{ns}/keys/existing",
                        "{\"value\":1}".getBytes(), 405, "method-not-allowed", "Content-Type", JSON),
                request("not acceptable", "GET", "/v1/namespaces/{ns}/keys/existing", null, 406, "not-acceptable",
                        "Accept", "text/html"),
                request("no key", "GET", "/v1/namespaces/{ns}/keys/", null, 404, "route-not-found"),
                request("unknown route", "GET", "/v2/namespaces/{ns}/keys/existing", null, 404, "route-not-found"),
                put("unknown query parameter", "k?dryRun=true", "{\"value\":1}", 400, "invalid-request"),
                request("unknown consistency", "GET", "/v1/namespaces/{ns}/keys/existing?consistency=linearizable",
                        null, 400, "invalid-request"),
                request("repeated query parameter", "GET",
                        "/v1/namespaces/{ns}/keys/existing?consistency=strong&consistency=eventual", null, 400,
                        "invalid-request"),
                // listing by prefix (ADR 0026)
                list("list limit 0", "limit=0", "invalid-request"),
                list("list limit 1001", "limit=1001", "invalid-request"),
                list("list limit abc", "limit=abc", "invalid-request"),
                list("list limit negative", "limit=-1", "invalid-request"),
                list("list unknown consistency", "consistency=linearizable", "invalid-request"),
                list("list values flag not a boolean", "values=yes", "invalid-request"),
                list("list unknown parameter", "sort=desc", "invalid-request"),
                list("list repeated prefix", "prefix=a&prefix=b", "invalid-request"),
                list("list cursor that is garbage", "cursor=not-a-cursor", "invalid-cursor"),
                list("list cursor with characters outside base64url", "cursor=%2F%2F%2F%2F", "invalid-cursor"),
                list("list tampered cursor", "cursor=" + TAMPERED_CURSOR, "invalid-cursor"),
                list("list prefix with a lone surrogate percent-encoded", "prefix=%ED%A0%80", "invalid-text"),
                list("list prefix that is not UTF-8", "prefix=%FF", "invalid-text"),
                list("list prefix with a control character", "prefix=a%00", "invalid-request"),
                list("list prefix longer than any key", "prefix=" + "p".repeat(1025), "invalid-request"),
                request("list in an invalid namespace", "GET", "/v1/namespaces/Carts/keys", null, 400,
                        "invalid-namespace"));
    }

    /**
     * A cursor of the right shape (format byte, a position, a 32-byte tag) whose tag nobody signed:
     * what flipping bits of a real cursor gives.
     */
    private static final String TAMPERED_CURSOR = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("\u0001existing" + "t".repeat(32)).getBytes(StandardCharsets.UTF_8));

    private static Case list(String name, String query, String problem) {
        return request(name, "GET", "/v1/namespaces/{ns}/keys?" + query, null, 400, problem);
    }

    /** The Idempotency-Key the one key was written with: rows that reuse it for another request get 422. */
    private static final String SEED_KEY = "\"seed-write\"";

    @BeforeEach
    void writeOneKey() {
        assertThat(http.put(Http.keyPath(ns, "existing"), "{\"value\":1}", "Idempotency-Key", SEED_KEY).statusCode())
                .isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithAProblemAndChangesNothing(Case c) {
        HttpResponse<String> response = http.send(c.method(), c.path().replace("{ns}", ns), c.body(),
                c.headers().toArray(String[]::new));

        assertThat(response.statusCode()).as("status of %s: %s", c.name(), response.body()).isEqualTo(c.status());
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("type").asText()).isEqualTo(PROBLEMS + c.problem());
        assertThat(json(response).get("status").asInt()).isEqualTo(c.status());
        assertThat(json(response).get("title").asText()).isNotBlank();

        List<Map<String, AttributeValue>> items = stack.dynamoDb().query(q -> q.tableName(stack.tableName())
                .keyConditionExpression("pk = :ns")
                .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(TestStack.partitionKey(ns))))
                .consistentRead(true)).items();
        assertThat(items).as("items in the namespace after: %s", c.name()).hasSize(1);
        assertThat(items.get(0).get("sk").s()).isEqualTo("existing");
        assertThat(items.get(0).get("version").n()).isEqualTo("1");
        assertThat(items.get(0).get("value").s()).isEqualTo("1");
    }
}
