package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code PATCH} on a key through the local stack (ADR 0029): both formats as their RFCs give
 * them, applied to exactly one version, and nothing written when a patch cannot apply.
 */
class PatchApiEndToEndTest {

    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    private static final Path EXAMPLES = Path.of(System.getProperty("stateapi.root", ".."),
            "functions/src/test/resources/io/stateapi/json/rfc-patch-examples.json");
    private static final AtomicInteger KEYS = new AtomicInteger();

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("patch");

    @Test
    void aMergePatchSetsAndRemovesMembersAsTheNextVersion() {
        String path = created("{\"status\":\"open\",\"draft\":true,\"items\":[1]}");

        HttpResponse<String> patched = patch(path, MERGE, "{\"status\":\"shipped\",\"draft\":null}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(json(patched).get("value")).isEqualTo(tree("{\"status\":\"shipped\",\"items\":[1]}"));
        assertThat(json(http.get(path)).get("version").asLong()).isEqualTo(2);
    }

    @TestFactory
    List<DynamicTest> rfc7396AppendixAExamplesRoundTripThroughTheApi() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : examples().get("mergePatch")) {
            tests.add(DynamicTest.dynamicTest("RFC 7396 " + example.get("name").asText(), () -> {
                String path = created(StateJson.write(example.get("original")));
                HttpResponse<String> patched = patch(path, MERGE, StateJson.write(example.get("patch")));
                assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
                assertThat(json(http.get(path)).get("value")).isEqualTo(example.get("result"));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> rfc6902AppendixAExamplesRoundTripThroughTheApi() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : examples().get("jsonPatch")) {
            tests.add(DynamicTest.dynamicTest("RFC 6902 " + example.get("name").asText(), () -> {
                String path = created(StateJson.write(example.get("original")));
                HttpResponse<String> patched = patch(path, JSON_PATCH, StateJson.write(example.get("patch")));
                if (example.has("result")) {
                    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
                    assertThat(json(http.get(path)).get("value")).isEqualTo(example.get("result"));
                } else {
                    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(example.get("status").asInt());
                    assertThat(json(http.get(path)).get("version").asLong()).as("nothing written").isEqualTo(1);
                }
            }));
        }
        return tests;
    }

    @Test
    void withIfMatchAtAnotherVersionNothingIsWritten() {
        String path = created("{\"n\":1}");
        patch(path, MERGE, "{\"n\":2}");

        HttpResponse<String> stale = patch(path, MERGE, "{\"n\":3}", "If-Match", "\"1\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).endsWith("/version-conflict");
        assertThat(json(stale).get("currentVersion").asLong()).isEqualTo(2);
        JsonNode now = json(http.get(path));
        assertThat(now.get("version").asLong()).isEqualTo(2);
        assertThat(now.get("value")).isEqualTo(tree("{\"n\":2}"));
    }

    @Test
    void withIfMatchAtTheCurrentVersionThePatchApplies() {
        String path = created("{\"n\":1}");

        HttpResponse<String> patched = patch(path, JSON_PATCH, "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]",
                "If-Match", "\"1\"");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aFailedTestIs409WithTheCurrentVersionAndWritesNothing() {
        String path = created("{\"status\":\"closed\"}");

        HttpResponse<String> failed = patch(path, JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"open\"},"
                + "{\"op\":\"add\",\"path\":\"/items\",\"value\":[]}]");

        assertThat(failed.statusCode()).isEqualTo(409);
        JsonNode problem = json(failed);
        assertThat(problem.get("type").asText()).endsWith("/patch-test-failed");
        assertThat(problem.get("currentVersion").asLong()).isEqualTo(1);
        assertThat(problem.get("operation").asInt()).isZero();
        assertThat(problem.get("path").asText()).isEqualTo("/status");
        assertThat(json(http.get(path)).get("value")).isEqualTo(tree("{\"status\":\"closed\"}"));
    }

    @Test
    void aMissingPathIs422NamingTheOperationAndWritesNothing() {
        String path = created("{\"a\":{}}");

        HttpResponse<String> failed = patch(path, JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1},"
                + "{\"op\":\"replace\",\"path\":\"/nothing/here\",\"value\":1}]");

        assertThat(failed.statusCode()).isEqualTo(422);
        JsonNode problem = json(failed);
        assertThat(problem.get("type").asText()).endsWith("/patch-not-applicable");
        assertThat(problem.get("operation").asInt()).isEqualTo(1);
        assertThat(problem.get("path").asText()).isEqualTo("/nothing/here");
        JsonNode now = json(http.get(path));
        assertThat(now.get("version").asLong()).isEqualTo(1);
        assertThat(now.get("value")).isEqualTo(tree("{\"a\":{}}"));
    }

    @Test
    void aMergePatchDoesNotCreateAMissingKey() {
        String path = created("1");
        String missing = keyPath(ns, "never-written");

        HttpResponse<String> patched = patch(missing, MERGE, "{\"a\":1}");

        assertThat(patched.statusCode()).isEqualTo(404);
        assertThat(json(patched).get("type").asText()).endsWith("/not-found");
        assertThat(http.get(missing).statusCode()).isEqualTo(404);
        assertThat(path).isNotEmpty();
    }

    @Test
    void numbersKeepEveryDigitThroughAPatch() {
        String path = created("{\"big\":123456789012345678901234567890,\"price\":19.90,\"tiny\":1E-30}");

        patch(path, JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/more\",\"value\":0.100000000000000000000000000001}]");

        String raw = http.get(path).body();
        assertThat(raw).contains("\"big\":123456789012345678901234567890", "\"price\":19.90", "\"tiny\":1E-30",
                "\"more\":0.100000000000000000000000000001");
    }

    @Test
    void aPatchKeepsTheKeysExpiry() {
        String path = keyPath(ns, "expiring-" + KEYS.incrementAndGet());
        HttpResponse<String> put = http.put(path, "{\"value\":{\"a\":1},\"ttlSeconds\":3600}");
        String expiresAt = json(put).get("expiresAt").asText();

        HttpResponse<String> patched = patch(path, MERGE, "{\"b\":2}");

        assertThat(json(patched).get("expiresAt").asText()).isEqualTo(expiresAt);
        assertThat(json(http.get(path)).get("expiresAt").asText()).isEqualTo(expiresAt);
    }

    @Test
    void aKeyWithoutExpiryStaysWithout() {
        String path = created("{\"a\":1}");

        HttpResponse<String> patched = patch(path, MERGE, "{\"b\":2}");

        assertThat(json(patched).get("expiresAt").isNull()).isTrue();
    }

    @Test
    void aRepeatUnderTheSameIdempotencyKeyReplaysTheFirstOutcome() {
        String path = created("{\"log\":[]}");
        String append = "[{\"op\":\"add\",\"path\":\"/log/-\",\"value\":\"once\"}]";

        HttpResponse<String> first = patch(path, JSON_PATCH, append, "Idempotency-Key", "append-once");
        HttpResponse<String> repeat = patch(path, JSON_PATCH, append, "Idempotency-Key", "append-once");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(repeat).get("value")).isEqualTo(json(first).get("value"));
        assertThat(json(repeat).get("version")).isEqualTo(json(first).get("version"));
        JsonNode now = json(http.get(path));
        assertThat(now.get("version").asLong()).isEqualTo(2);
        assertThat(now.get("value")).isEqualTo(tree("{\"log\":[\"once\"]}"));
    }

    @Test
    void aRepeatIsReplayedEvenWhenItsTestNoLongerHolds() {
        String path = created("{\"state\":\"new\"}");
        String advance = "[{\"op\":\"test\",\"path\":\"/state\",\"value\":\"new\"},"
                + "{\"op\":\"replace\",\"path\":\"/state\",\"value\":\"paid\"}]";

        patch(path, JSON_PATCH, advance, "Idempotency-Key", "pay-1");
        HttpResponse<String> repeat = patch(path, JSON_PATCH, advance, "Idempotency-Key", "pay-1");

        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void anotherPatchUnderAUsedIdempotencyKeyIsRefused() {
        String path = created("{}");
        patch(path, MERGE, "{\"a\":1}", "Idempotency-Key", "k-1");

        HttpResponse<String> other = patch(path, MERGE, "{\"a\":2}", "Idempotency-Key", "k-1");

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("type").asText()).endsWith("/idempotency-key-reused");
    }

    @Test
    void anotherContentTypeIs415NamingThePatchFormats() {
        String path = created("{}");

        HttpResponse<String> refused = patch(path, "application/json", "{\"a\":1}");

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Accept-Patch")).hasValueSatisfying(v ->
                assertThat(v).contains(MERGE, JSON_PATCH));
    }

    private String created(String valueJson) {
        String path = keyPath(ns, "k" + KEYS.incrementAndGet());
        HttpResponse<String> put = http.put(path, "{\"value\":" + valueJson + "}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return path;
    }

    private HttpResponse<String> patch(String path, String contentType, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send("PATCH", path, body.getBytes(StandardCharsets.UTF_8), all);
    }

    private static JsonNode examples() throws IOException {
        return StateJson.parse(Files.readAllBytes(EXAMPLES));
    }

    private static JsonNode tree(String json) {
        return StateJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
