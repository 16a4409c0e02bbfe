package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.dynamodb.StateItem;
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
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";

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

    private static Case patch(String name, String contentType, String body, int status, String problem,
                              String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        return new Case(name, "PATCH", "/v1/namespaces/{ns}/keys/existing", all, body.getBytes(StandardCharsets.UTF_8),
                status, problem);
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

    private static final String TRANSACTIONS = "/v1/transactions";

    /** A transaction whose body names the test's namespace as {@code {ns}}. */
    private static Case transaction(String name, String body, int status, String problem, String... headers) {
        return new Case(name, "POST", TRANSACTIONS, withJson(headers), body.getBytes(StandardCharsets.UTF_8),
                status, problem);
    }

    private static String operations(String... operations) {
        return "{\"operations\":[" + String.join(",", operations) + "]}";
    }

    private static String puts(int count, String value) {
        return operations(java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "{\"type\":\"put\",\"namespace\":\"{ns}\",\"key\":\"t" + i + "\",\"value\":" + value + "}")
                .toArray(String[]::new));
    }

    static Stream<Case> cases() {
        return Stream.concat(keyCases(), transactionCases());
    }

    static Stream<Case> transactionCases() {
        String put = "{\"type\":\"put\",\"namespace\":\"{ns}\",\"key\":\"a\",\"value\":1";
        String big = "\"" + "x".repeat(300 * 1024) + "\"";
        return Stream.of(
                transaction("transaction: body not JSON", "{\"operations\":[", 400, "invalid-json"),
                transaction("transaction: no operations member", "{}", 400, "invalid-request"),
                transaction("transaction: unknown top-level member", "{\"operations\":[" + put + "}],\"atomic\":true}",
                        400, "invalid-request"),
                transaction("transaction: operations not an array", "{\"operations\":{}}", 400, "invalid-request"),
                transaction("transaction: no operation", operations(), 400, "invalid-request"),
                transaction("transaction: 101 operations", puts(101, "1"), 400, "invalid-request"),
                transaction("transaction: 100 operations with an Idempotency-Key", puts(100, "1"), 400, "invalid-request",
                        "Idempotency-Key", "hundred"),
                transaction("transaction: two operations on one key", operations(put + "}",
                        "{\"type\":\"check\",\"namespace\":\"{ns}\",\"key\":\"a\",\"ifAbsent\":true}"), 400, "invalid-request"),
                transaction("transaction: operation not an object", operations("[]"), 400, "invalid-request"),
                transaction("transaction: unknown type", operations("{\"type\":\"upsert\",\"namespace\":\"{ns}\",\"key\":\"a\"}"),
                        400, "invalid-request"),
                transaction("transaction: no type", operations("{\"namespace\":\"{ns}\",\"key\":\"a\",\"value\":1}"),
                        400, "invalid-request"),
                transaction("transaction: put without value", operations("{\"type\":\"put\",\"namespace\":\"{ns}\",\"key\":\"a\"}"),
                        400, "invalid-request"),
                transaction("transaction: value on a delete", operations(
                        "{\"type\":\"delete\",\"namespace\":\"{ns}\",\"key\":\"existing\",\"value\":1}"), 400, "invalid-request"),
                transaction("transaction: value on a check", operations(
                        "{\"type\":\"check\",\"namespace\":\"{ns}\",\"key\":\"existing\",\"ifVersion\":1,\"value\":1}"),
                        400, "invalid-request"),
                transaction("transaction: unknown member", operations(put + ",\"ifMatch\":1}"), 400, "invalid-request"),
                transaction("transaction: ifVersion and ifAbsent", operations(put + ",\"ifVersion\":1,\"ifAbsent\":true}"),
                        400, "invalid-request"),
                transaction("transaction: ifAbsent on a delete", operations(
                        "{\"type\":\"delete\",\"namespace\":\"{ns}\",\"key\":\"existing\",\"ifAbsent\":true}"), 400, "invalid-request"),
                transaction("transaction: check without a condition", operations(
                        "{\"type\":\"check\",\"namespace\":\"{ns}\",\"key\":\"existing\"}"), 400, "invalid-request"),
                transaction("transaction: ifVersion zero", operations(put + ",\"ifVersion\":0}"), 400, "invalid-request"),
                transaction("transaction: ifVersion no key can reach", operations(put + ",\"ifVersion\":"
                        + Long.MAX_VALUE + "}"), 409, "transaction-conflict"),
                transaction("transaction: ifVersion beyond 64 bits", operations(put + ",\"ifVersion\":"
                        + Long.MAX_VALUE + "0}"), 400, "invalid-request"),
                transaction("transaction: ifVersion as a string", operations(put + ",\"ifVersion\":\"1\"}"), 400, "invalid-request"),
                transaction("transaction: ifAbsent false", operations(put + ",\"ifAbsent\":false}"), 400, "invalid-request"),
                transaction("transaction: ttlSeconds zero", operations(put + ",\"ttlSeconds\":0}"), 400, "invalid-request"),
                transaction("transaction: invalid namespace", operations(
                        "{\"type\":\"put\",\"namespace\":\"Carts\",\"key\":\"a\",\"value\":1}"), 400, "invalid-namespace"),
                transaction("transaction: invalid key", operations(
                        "{\"type\":\"put\",\"namespace\":\"{ns}\",\"key\":\"a//b\",\"value\":1}"), 400, "invalid-key"),
                transaction("transaction: lone surrogate in a value", operations(put.replace("\"value\":1", "\"value\":\"\\ud800\"") + "}"),
                        400, "invalid-text"),
                transaction("transaction: a value over 350 KiB", operations(put.replace("\"value\":1",
                        "\"value\":\"" + "x".repeat(350 * 1024) + "\"") + "}"), 413, "payload-too-large"),
                transaction("transaction: items over DynamoDB's 4 MB", puts(14, big), 413, "payload-too-large"),
                transaction("transaction: a failed condition writes nothing", operations(put + "}",
                        "{\"type\":\"put\",\"namespace\":\"{ns}\",\"key\":\"existing\",\"value\":2,\"ifVersion\":7}"),
                        409, "transaction-conflict"),
                transaction("transaction: a delete of an absent key writes nothing", operations(put + "}",
                        "{\"type\":\"delete\",\"namespace\":\"{ns}\",\"key\":\"absent\"}"), 409, "transaction-conflict"),
                request("transaction: not JSON content", "POST", TRANSACTIONS, operations(put + "}").getBytes(), 415,
                        "unsupported-media-type", "Content-Type", "text/plain"),
                request("transaction: GET", "GET", TRANSACTIONS, null, 405, "method-not-allowed"),
                request("transaction: unknown query parameter", "POST", TRANSACTIONS + "?dryRun=true",
                        operations(put + "}").getBytes(), 400, "invalid-request", "Content-Type", JSON));
    }

    static Stream<Case> keyCases() {
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
                // partial updates (ADR 0029)
                patch("PATCH with application/json", JSON, "{\"a\":1}", 415, "unsupported-media-type"),
                request("PATCH without a Content-Type", "PATCH", "/v1/namespaces/{ns}/keys/existing",
                        "{\"a\":1}".getBytes(), 415, "unsupported-media-type"),
                patch("empty PATCH body", MERGE_PATCH, "", 400, "invalid-request"),
                patch("malformed merge patch", MERGE_PATCH, "{\"a\":", 400, "invalid-json"),
                patch("JSON Patch that is not an array", JSON_PATCH, "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}",
                        400, "invalid-patch"),
                patch("JSON Patch with an unknown op", JSON_PATCH, "[{\"op\":\"upsert\",\"path\":\"/a\",\"value\":1}]",
                        400, "invalid-patch"),
                patch("JSON Patch operation without a path", JSON_PATCH, "[{\"op\":\"remove\"}]", 400, "invalid-patch"),
                patch("JSON Patch path that is not a string", JSON_PATCH, "[{\"op\":\"remove\",\"path\":1}]",
                        400, "invalid-patch"),
                patch("JSON Patch path that is no JSON Pointer", JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"a/b\"}]",
                        400, "invalid-patch"),
                patch("JSON Patch add without a value", JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/a\"}]",
                        400, "invalid-patch"),
                patch("JSON Patch with duplicate op members (RFC 6902 A.13)", JSON_PATCH,
                        "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1,\"op\":\"remove\"}]", 400, "invalid-json"),
                patch("JSON Patch of over 1,000 operations", JSON_PATCH, "[" + String.join(",",
                        java.util.Collections.nCopies(1001, "{\"op\":\"test\",\"path\":\"\",\"value\":1}")) + "]",
                        400, "invalid-patch"),
                patch("lone surrogate in a patch value", MERGE_PATCH, "{\"a\":\"\\ud800\"}", 400, "invalid-text"),
                patch("patch nesting deeper than 64", MERGE_PATCH, "{\"a\":" + deep + "}", 400, "nesting-too-deep"),
                patch("merge patch making the value too large", MERGE_PATCH, "{\"a\":" + big + "}", 413,
                        "payload-too-large"),
                patch("JSON Patch whose test fails", JSON_PATCH, "[{\"op\":\"test\",\"path\":\"\",\"value\":2},"
                        + "{\"op\":\"replace\",\"path\":\"\",\"value\":3}]", 409, "patch-test-failed"),
                patch("JSON Patch on a path that is not there", JSON_PATCH,
                        "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":3}]", 422, "patch-not-applicable"),
                patch("If-None-Match on PATCH", MERGE_PATCH, "{\"a\":1}", 400, "invalid-precondition",
                        "If-None-Match", "*"),
                patch("PATCH at a stale If-Match", MERGE_PATCH, "{\"a\":1}", 412, "version-conflict",
                        "If-Match", "\"7\""),
                patch("Idempotency-Key reused for a patch", MERGE_PATCH, "{\"a\":1}", 422, "idempotency-key-reused",
                        "Idempotency-Key", SEED_KEY),
                request("PATCH of a key that does not exist (a merge patch creates nothing)", "PATCH",
                        "/v1/namespaces/{ns}/keys/absent", "{\"a\":1}".getBytes(), 404, "not-found",
                        "Content-Type", MERGE_PATCH),
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
                // batch get (ADR 0027)
                batchGet("batch get of 101 keys", "{\"keys\":" + keyList(101) + "}", 400, "invalid-request"),
                batchGet("batch get of no keys", "{\"keys\":[]}", 400, "invalid-request"),
                batchGet("batch get without keys", "{\"consistency\":\"strong\"}", 400, "invalid-request"),
                batchGet("batch get with a key twice", "{\"keys\":[\"existing\",\"a\",\"existing\"]}", 400,
                        "invalid-request"),
                batchGet("batch get with a key twice in two Unicode spellings", "{\"keys\":[\"caf\u00e9\",\"cafe\u0301\"]}",
                        400, "invalid-request"),
                batchGet("batch get with a key that is not a string", "{\"keys\":[\"existing\",42]}", 400,
                        "invalid-request"),
                batchGet("batch get with keys not in an array", "{\"keys\":\"existing\"}", 400, "invalid-request"),
                batchGet("batch get with an invalid key", "{\"keys\":[\"existing\",\"a//b\"]}", 400, "invalid-key"),
                batchGet("batch get with an empty key", "{\"keys\":[\"\"]}", 400, "invalid-key"),
                batchGet("batch get with a key over 1024 bytes", "{\"keys\":[\"" + "k".repeat(1025) + "\"]}", 400,
                        "invalid-key"),
                batchGet("batch get with a lone surrogate in a key", "{\"keys\":[\"a\\ud800\"]}", 400, "invalid-key"),
                batchGet("batch get with an unknown consistency", "{\"keys\":[\"existing\"],\"consistency\":\"linear\"}",
                        400, "invalid-request"),
                batchGet("batch get with consistency as a boolean", "{\"keys\":[\"existing\"],\"consistency\":true}",
                        400, "invalid-request"),
                batchGet("batch get body that is an array", "[\"existing\"]", 400, "invalid-request"),
                batchGet("batch get with an unknown member", "{\"keys\":[\"existing\"],\"values\":false}", 400,
                        "invalid-request"),
                batchGet("batch get with malformed JSON", "{\"keys\":[", 400, "invalid-json"),
                batchGet("batch get with an empty body", "", 400, "invalid-request"),
                batchGet("batch get body over 1 MiB", "{\"keys\":[" + "\"k\",".repeat(300_000) + "\"k\"]}", 413,
                        "payload-too-large"),
                batchGet("batch get with a query parameter", "{\"keys\":[\"existing\"]}", 400, "invalid-request",
                        "?consistency=eventual"),
                request("batch get as text/plain", "POST", "/v1/namespaces/{ns}/batch-get",
                        "{\"keys\":[\"existing\"]}".getBytes(), 415, "unsupported-media-type", "Content-Type", "text/plain"),
                request("batch get with GET", "GET", "/v1/namespaces/{ns}/batch-get", null, 405, "method-not-allowed"),
                request("batch get in an invalid namespace", "POST", "/v1/namespaces/Carts/batch-get",
                        "{\"keys\":[\"existing\"]}".getBytes(), 400, "invalid-namespace", "Content-Type", JSON),
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

    private static Case batchGet(String name, String body, int status, String problem, String... query) {
        return new Case(name, "POST", "/v1/namespaces/{ns}/batch-get" + String.join("", query), withJson(),
                body.getBytes(StandardCharsets.UTF_8), status, problem);
    }

    private static String keyList(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"k" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
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

    /**
     * The seed is set-up, not the case under test: a 503 (the store did not answer in time, which a
     * loaded test machine can cause) is answered as a client should, by sending it again; its
     * Idempotency-Key makes the repeat replay a write that did commit.
     */
    @BeforeEach
    void writeOneKey() {
        int status = 0;
        for (int attempt = 0; attempt < 5 && status != 201; attempt++) {
            status = http.put(Http.keyPath(ns, "existing"), "{\"value\":1}", "Idempotency-Key", SEED_KEY).statusCode();
            if (status != 503) {
                break;
            }
        }
        assertThat(status).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithAProblemAndChangesNothing(Case c) {
        byte[] body = c.path().startsWith(TRANSACTIONS) && c.body() != null
                ? new String(c.body(), StandardCharsets.UTF_8).replace("{ns}", ns).getBytes(StandardCharsets.UTF_8)
                : c.body();
        HttpResponse<String> response = http.send(c.method(), c.path().replace("{ns}", ns), body,
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
        assertThat(StateItem.value(items.get(0))).contains(new JsonDocument("1"));
    }

    private static Case increment(String name, String key, String body, int status, String problem,
                                  String... headers) {
        return new Case(name, "POST", "/v1/namespaces/{ns}/counters/" + key, withJson(headers),
                body.getBytes(StandardCharsets.UTF_8), status, problem);
    }

    private static Case expiry(String name, String key, String body, int status, String problem, String... headers) {
        return new Case(name, "PUT", "/v1/namespaces/{ns}/expiry/" + key, withJson(headers),
                body.getBytes(StandardCharsets.UTF_8), status, problem);
    }

    /** Counters and expiry changes (ADR 0034): bad bodies and headers, on the one key or a missing one. */
    static Stream<Case> counterAndExpiryCases() {
        return Stream.of(
                increment("fractional delta", "existing", "{\"delta\":1.5}", 400, "invalid-request"),
                increment("delta as a string", "existing", "{\"delta\":\"1\"}", 400, "invalid-request"),
                increment("delta beyond 2^53-1", "existing", "{\"delta\":9007199254740992}", 400, "invalid-request"),
                increment("delta below -(2^53-1)", "existing", "{\"delta\":-9007199254740992}", 400, "invalid-request"),
                increment("delta of 1e400", "existing", "{\"delta\":1e400}", 400, "invalid-request"),
                increment("delta null", "existing", "{\"delta\":null}", 400, "invalid-request"),
                increment("no delta", "existing", "{}", 400, "invalid-request"),
                increment("unknown member in an increment", "existing", "{\"delta\":1,\"by\":2}", 400,
                        "invalid-request"),
                increment("increment body not an object", "existing", "[1]", 400, "invalid-request"),
                increment("malformed increment", "existing", "{\"delta\":", 400, "invalid-json"),
                increment("increment with If-None-Match", "existing", "{\"delta\":1}", 400, "invalid-precondition",
                        "If-None-Match", "*"),
                increment("increment with an unknown query parameter", "existing?dryRun=true", "{\"delta\":1}", 400,
                        "invalid-request"),
                increment("increment reusing an Idempotency-Key", "existing", "{\"delta\":1}", 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                request("increment as text/plain", "POST", "/v1/namespaces/{ns}/counters/existing",
                        "{\"delta\":1}".getBytes(), 415, "unsupported-media-type", "Content-Type", "text/plain"),
                expiry("ttlSeconds 0", "existing", "{\"ttlSeconds\":0}", 400, "invalid-request"),
                expiry("ttlSeconds negative", "existing", "{\"ttlSeconds\":-1}", 400, "invalid-request"),
                expiry("ttlSeconds beyond ten years", "existing", "{\"ttlSeconds\":316224001}", 400, "invalid-request"),
                expiry("ttlSeconds as a string", "existing", "{\"ttlSeconds\":\"60\"}", 400, "invalid-request"),
                expiry("ttlSeconds fractional", "existing", "{\"ttlSeconds\":1.5}", 400, "invalid-request"),
                expiry("no ttlSeconds", "existing", "{}", 400, "invalid-request"),
                expiry("unknown member in an expiry change", "existing", "{\"ttlSeconds\":60,\"value\":2}", 400,
                        "invalid-request"),
                expiry("expiry change with If-None-Match", "existing", "{\"ttlSeconds\":60}", 400,
                        "invalid-precondition", "If-None-Match", "*"),
                expiry("expiry change of a missing key", "absent", "{\"ttlSeconds\":60}", 404, "not-found"),
                expiry("expiry change reusing an Idempotency-Key", "existing", "{\"ttlSeconds\":60}", 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                request("expiry change as text/plain", "PUT", "/v1/namespaces/{ns}/expiry/existing",
                        "{\"ttlSeconds\":60}".getBytes(), 415, "unsupported-media-type", "Content-Type", "text/plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counterAndExpiryCases")
    void aBadCounterOrExpiryRequestIsRejectedWithAProblemAndChangesNothing(Case c) {
        isRejectedWithAProblemAndChangesNothing(c);
    }

    private static final String HISTORY = "/v1/namespaces/{ns}/keys/existing";

    /** Key history (ADR 0036): bad versions, limits, cursors and methods; nothing is restored. */
    static Stream<Case> historyCases() {
        return Stream.of(
                request("version not a number", "GET", HISTORY + "?version=abc", null, 400, "invalid-request"),
                request("version 0", "GET", HISTORY + "?version=0", null, 400, "invalid-request"),
                request("version negative", "GET", HISTORY + "?version=-1", null, 400, "invalid-request"),
                request("version beyond a long", "GET", HISTORY + "?version=99999999999999999999999", null, 400,
                        "invalid-request"),
                request("version that never existed", "GET", HISTORY + "?version=7", null, 404, "version-not-found"),
                request("versions limit 0", "GET", HISTORY + "/versions?limit=0", null, 400, "invalid-request"),
                request("versions limit 1001", "GET", HISTORY + "/versions?limit=1001", null, 400, "invalid-request"),
                request("versions made-up cursor", "GET", HISTORY + "/versions?cursor=bm90LWEtY3Vyc29y", null, 400,
                        "invalid-cursor"),
                request("restore of version abc", "POST", HISTORY + "/versions/abc/restore", null, 400,
                        "invalid-request"),
                request("restore of version 0", "POST", HISTORY + "/versions/0/restore", null, 400, "invalid-request"),
                request("restore of a version that never existed", "POST", HISTORY + "/versions/7/restore", null, 404,
                        "version-not-found"),
                request("restore with a failing If-Match", "POST", HISTORY + "/versions/1/restore", null, 412,
                        "version-conflict", "If-Match", "\"5\""),
                request("restore reusing an Idempotency-Key", "POST", HISTORY + "/versions/1/restore", null, 422,
                        "idempotency-key-reused", "Idempotency-Key", SEED_KEY),
                request("PUT on a key's versions", "PUT", HISTORY + "/versions", "{\"value\":1}".getBytes(
                        StandardCharsets.UTF_8), 405, "method-not-allowed", "Content-Type", JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("historyCases")
    void aBadHistoryRequestIsRejectedWithAProblemAndChangesNothing(Case c) {
        isRejectedWithAProblemAndChangesNothing(c);
    }

    private static final String CHANGES = "/v1/namespaces/{ns}/changes";

    /** The watch and its snapshot (ADR 0037): bad limits, waits, cursors, pages and methods. */
    static Stream<Case> watchCases() {
        return Stream.of(
                request("watch limit 0", "GET", CHANGES + "?limit=0", null, 400, "invalid-request"),
                request("watch limit 1001", "GET", CHANGES + "?limit=1001", null, 400, "invalid-request"),
                request("watch limit not a number", "GET", CHANGES + "?limit=ten", null, 400, "invalid-request"),
                request("watch waitSeconds 9", "GET", CHANGES + "?waitSeconds=9", null, 400, "invalid-request"),
                request("watch waitSeconds negative", "GET", CHANGES + "?waitSeconds=-1", null, 400,
                        "invalid-request"),
                request("watch made-up cursor", "GET", CHANGES + "?after=bm90LWEtY3Vyc29y", null, 400,
                        "invalid-cursor"),
                request("watch made-up Last-Event-ID", "GET", CHANGES, null, 400, "invalid-cursor",
                        "Accept", "text/event-stream", "Last-Event-ID", "bm90LWEtY3Vyc29y"),
                request("watch with an unknown query parameter", "GET", CHANGES + "?since=0", null, 400,
                        "invalid-request"),
                request("watch prefix beyond a key's length", "GET", CHANGES + "?prefix=" + "p".repeat(1025), null,
                        400, "invalid-request"),
                request("snapshot limit 0", "GET", CHANGES + "/snapshot?limit=0", null, 400, "invalid-request"),
                request("snapshot made-up page", "GET", CHANGES + "/snapshot?page=bm90LWEtY3Vyc29y", null, 400,
                        "invalid-cursor"),
                request("POST on the changes", "POST", CHANGES, "{}".getBytes(StandardCharsets.UTF_8), 405,
                        "method-not-allowed", "Content-Type", JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watchCases")
    void aBadWatchRequestIsRejectedWithAProblemAndChangesNothing(Case c) {
        isRejectedWithAProblemAndChangesNothing(c);
    }

    /** Increments the stored value refuses: each key stays at version 1 with its value. */
    @ParameterizedTest(name = "increment of {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "an object                 | {\"n\":1}            | 1  | 409 | not-a-number",
            "a string of digits        | \"7\"                | 1  | 409 | not-a-number",
            "a decimal                 | 1.5                  | 1  | 409 | not-a-number",
            "an integer in another form | 1.0                 | 1  | 409 | not-a-number",
            "an array                  | [1]                  | 1  | 409 | not-a-number",
            "null                      | null                 | 1  | 409 | not-a-number",
            "an integer beyond 2^53-1  | 9007199254740992     | 1  | 409 | not-a-number",
            "the largest exact integer | 9007199254740991     | 1  | 422 | counter-overflow",
            "the smallest exact integer | -9007199254740991   | -1 | 422 | counter-overflow"})
    void anIncrementTheValueRefusesIsAProblemAndChangesNothing(String what, String value, long delta, int status,
                                                             String problem) {
        String key = "refuses/" + problem + "/" + Math.abs(value.hashCode());
        assertThat(http.put(Http.keyPath(ns, key), "{\"value\":" + value + "}").statusCode()).isEqualTo(201);

        HttpResponse<String> response = http.send("POST", "/v1/namespaces/" + ns + "/counters/" + key,
                ("{\"delta\":" + delta + "}").getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("type").asText()).isEqualTo(PROBLEMS + problem);
        assertThat(json(response).get("currentVersion").asLong()).isEqualTo(1);
        HttpResponse<String> read = http.get(Http.keyPath(ns, key));
        assertThat(json(read).get("version").asLong()).isEqualTo(1);
        assertThat(json(read).get("value")).isEqualTo(io.stateapi.json.StateJson.parse(value.getBytes(StandardCharsets.UTF_8)));
    }
    private static final String SUBSCRIPTIONS = "/v1/namespaces/{ns}/subscriptions";

    private static Case subscription(String name, String body, int status, String problem) {
        return new Case(name, "POST", SUBSCRIPTIONS, withJson(), body.getBytes(StandardCharsets.UTF_8), status, problem);
    }

    static Stream<Case> subscriptionCases() {
        return Stream.of(
                subscription("subscription without a name", "{\"prefix\":\"a/\"}", 400, "invalid-request"),
                subscription("subscription name with capitals", "{\"name\":\"Billing\"}", 400, "invalid-request"),
                subscription("subscription name of 64 characters", "{\"name\":\"" + "n".repeat(64) + "\"}", 400,
                        "invalid-request"),
                subscription("subscription name not a string", "{\"name\":7}", 400, "invalid-request"),
                subscription("unknown event type", "{\"name\":\"s\",\"types\":[\"renamed\"]}", 400, "invalid-request"),
                subscription("empty event types", "{\"name\":\"s\",\"types\":[]}", 400, "invalid-request"),
                subscription("event types not an array", "{\"name\":\"s\",\"types\":\"created\"}", 400,
                        "invalid-request"),
                subscription("prefix longer than any key", "{\"name\":\"s\",\"prefix\":\"" + "p".repeat(1025) + "\"}",
                        400, "invalid-request"),
                subscription("prefix with a lone surrogate", "{\"name\":\"s\",\"prefix\":\"a\\ud800\"}", 400,
                        "invalid-text"),
                subscription("includeValues not a boolean", "{\"name\":\"s\",\"includeValues\":\"yes\"}", 400,
                        "invalid-request"),
                subscription("unknown member", "{\"name\":\"s\",\"filter\":{}}", 400, "invalid-request"),
                subscription("subscription body not JSON", "{\"name\":", 400, "invalid-json"),
                subscription("subscription body an array", "[]", 400, "invalid-request"),
                new Case("subscription body as text/plain", "POST", SUBSCRIPTIONS, List.of("Content-Type", "text/plain"),
                        "{\"name\":\"s\"}".getBytes(StandardCharsets.UTF_8), 415, "unsupported-media-type"),
                request("describe a subscription name with capitals", "GET", SUBSCRIPTIONS + "/Billing", null, 400,
                        "invalid-request"),
                request("delete a subscription name with capitals", "DELETE", SUBSCRIPTIONS + "/Billing", null, 400,
                        "invalid-request"),
                request("describe a subscription that does not exist", "GET", SUBSCRIPTIONS + "/absent", null, 404,
                        "subscription-not-found"),
                request("subscriptions of a namespace that does not exist", "GET",
                        "/v1/namespaces/no-such-ns-here/subscriptions", null, 404, "namespace-not-found"),
                request("PUT on a subscription", "PUT", SUBSCRIPTIONS + "/s", "{}".getBytes(StandardCharsets.UTF_8), 405,
                        "method-not-allowed", "Content-Type", JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subscriptionCases")
    void aBadSubscriptionRequestIsRejectedWithAProblemAndChangesNothing(Case c) {
        isRejectedWithAProblemAndChangesNothing(c);
        assertThat(json(http.get("/v1/namespaces/" + ns + "/subscriptions")).get("subscriptions"))
                .as("no subscription made").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aSubscriptionNameTakenInTheNamespaceIsAConflictAndChangesNothing() {
        String path = "/v1/namespaces/" + ns + "/subscriptions";
        HttpResponse<String> first = http.send("POST", path, "{\"name\":\"taken\"}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", JSON);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        HttpResponse<String> again = http.send("POST", path,
                "{\"name\":\"taken\",\"prefix\":\"other/\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("type").asText()).isEqualTo(PROBLEMS + "subscription-conflict");
        JsonNode listed = json(http.get(path)).get("subscriptions");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(json(first).get("id").asText());
        assertThat(listed.get(0).path("filter").path("prefix").isNull()).isTrue();
        assertThat(http.delete(path + "/taken").statusCode()).isEqualTo(204);
    }
}
