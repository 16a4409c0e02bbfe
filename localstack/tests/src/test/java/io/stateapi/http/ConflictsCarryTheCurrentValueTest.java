package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A 412 {@code version-conflict} of a write to one key carries the key's current state (ADR 0051)
 * when the credential may read it, so a compare-and-set writer that lost a race needs no second
 * read; a write-only credential learns the current version only, as before.
 */
class ConflictsCarryTheCurrentValueTest {

    private static final String MERGE = "application/merge-patch+json";

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("conflict");
    private final String writeOnly = "Bearer " + TestStack.issuer().token(TestStack.TENANT, "state:write");

    @Test
    void aStaleIfMatchPutCarriesTheCurrentValueVersionAndETagToAReader() {
        String path = twoVersions("put");

        HttpResponse<String> conflict = http.put(path, "{\"value\":{\"n\":3}}", "If-Match", "\"1\"");

        assertCarriesVersionTwo(conflict, path);
    }

    @Test
    void aStaleIfMatchPutWithAnIdempotencyKeyCarriesTheCurrentValueToo() {
        String path = twoVersions("put-keyed");

        HttpResponse<String> conflict = http.put(path, "{\"value\":{\"n\":3}}", "If-Match", "\"1\"",
                "Idempotency-Key", "cas-" + System.nanoTime());

        assertCarriesVersionTwo(conflict, path);
    }

    @Test
    void aStaleIfMatchPatchCarriesTheCurrentValueToAReader() {
        String path = twoVersions("patch");

        HttpResponse<String> conflict = http.send("PATCH", path, "{\"n\":3}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MERGE, "If-Match", "\"1\"");

        assertCarriesVersionTwo(conflict, path);
    }

    @Test
    void aStaleIfMatchDeleteCarriesTheCurrentValueToAReader() {
        String path = twoVersions("delete");

        HttpResponse<String> conflict = http.delete(path, "If-Match", "\"1\"");

        assertCarriesVersionTwo(conflict, path);
    }

    @Test
    void aCreateOnlyPutOnAnExistingKeyCarriesItsValue() {
        String path = twoVersions("create");

        HttpResponse<String> conflict = http.put(path, "{\"value\":{\"n\":3}}", "If-None-Match", "*");

        assertCarriesVersionTwo(conflict, path);
    }

    @Test
    void aConflictOnADeletedKeySaysPlainlyThatThereIsNoValue() {
        String path = keyPath(ns, "deleted");
        http.put(path, "{\"value\":{\"n\":1}}");
        assertThat(http.delete(path).statusCode()).isEqualTo(204);

        HttpResponse<String> conflict = http.put(path, "{\"value\":{\"n\":3}}", "If-Match", "\"1\"");

        assertThat(conflict.statusCode()).isEqualTo(412);
        JsonNode problem = json(conflict);
        assertThat(problem.get("currentVersion").isNull()).isTrue();
        assertThat(problem.has("current")).as("a reader is told there is no current value").isTrue();
        assertThat(problem.get("current").isNull()).isTrue();
        assertThat(conflict.headers().firstValue("ETag")).isEmpty();
    }

    @Test
    void aWriteOnlyCallerGetsTheVersionButNeverTheValue() {
        String put = twoVersions("w-put");
        String patch = twoVersions("w-patch");
        String delete = twoVersions("w-delete");
        String keyed = twoVersions("w-keyed");

        HttpResponse<String> putConflict = http.put(put, "{\"value\":{\"n\":3}}", "If-Match", "\"1\"",
                "Authorization", writeOnly);
        HttpResponse<String> patchConflict = http.send("PATCH", patch, "{\"n\":3}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MERGE, "If-Match", "\"1\"", "Authorization", writeOnly);
        HttpResponse<String> deleteConflict = http.delete(delete, "If-Match", "\"1\"", "Authorization", writeOnly);
        HttpResponse<String> keyedConflict = http.put(keyed, "{\"value\":{\"n\":3}}", "If-Match", "\"1\"",
                "Idempotency-Key", "w-" + System.nanoTime(), "Authorization", writeOnly);

        for (HttpResponse<String> conflict : new HttpResponse[] {putConflict, patchConflict, deleteConflict,
                keyedConflict}) {
            assertThat(conflict.statusCode()).isEqualTo(412);
            assertThat(json(conflict).get("currentVersion").asLong()).isEqualTo(2);
            assertThat(conflict.headers().firstValue("ETag")).contains("\"2\"");
            assertThat(json(conflict).has("current")).as(conflict.request().method() + " by a write-only caller")
                    .isFalse();
            assertThat(conflict.body()).doesNotContain("\"n\":2");
        }
    }

    @Test
    void aWriteOnlyCallerIsNotToldThatADeletedKeyHasNoValueEither() {
        String path = keyPath(ns, "w-deleted");

        HttpResponse<String> conflict = http.put(path, "{\"value\":1}", "If-Match", "\"1\"",
                "Authorization", writeOnly);

        assertThat(conflict.statusCode()).isEqualTo(412);
        assertThat(json(conflict).get("currentVersion").isNull()).isTrue();
        assertThat(json(conflict).has("current")).isFalse();
    }

    /** A key at version 2 with the value {"n":2}, expiring in an hour. */
    private String twoVersions(String key) {
        String path = keyPath(ns, key);
        assertThat(http.put(path, "{\"value\":{\"n\":1}}").statusCode()).isEqualTo(201);
        assertThat(http.put(path, "{\"value\":{\"n\":2},\"ttlSeconds\":3600}").statusCode()).isEqualTo(200);
        return path;
    }

    private void assertCarriesVersionTwo(HttpResponse<String> conflict, String path) {
        assertThat(conflict.statusCode()).isEqualTo(412);
        JsonNode problem = json(conflict);
        assertThat(problem.get("type").asText()).isEqualTo("https://stateapi.io/problems/version-conflict");
        assertThat(problem.get("currentVersion").asLong()).isEqualTo(2);
        assertThat(conflict.headers().firstValue("ETag")).contains("\"2\"");
        JsonNode current = problem.get("current");
        assertThat(current).as("the current state in %s", conflict.body()).isNotNull();
        // The same representation a GET returns, so a client reads it the same way.
        JsonNode read = json(http.get(path));
        assertThat(current).isEqualTo(read);
        assertThat(current.get("value").get("n").asInt()).isEqualTo(2);
        assertThat(current.get("version").asLong()).isEqualTo(2);
        assertThat(current.get("expiresAt").isNull()).isFalse();
    }
}
