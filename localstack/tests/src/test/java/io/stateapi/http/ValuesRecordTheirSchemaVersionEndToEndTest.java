package io.stateapi.http;

import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Values record the schema version they were written under (ADR 0056): a read of a key answers
 * {@code Schema-Version: N} for a value checked against version N, and no such header for a value
 * written where the namespace had no schema. Every write path stamps it; a version of the key's
 * history keeps its own.
 */
class ValuesRecordTheirSchemaVersionEndToEndTest {

    private static final String ANY_OBJECT = "{\"schema\": {\"type\": \"object\"}}";

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("stamped");
    private final String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String[] admin = {"Authorization",
            "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, "state:admin"))};

    private void createSchema(int version) {
        if (version == 1) {
            assertThat(http.put("/v1/namespaces/" + ns, "{}", admin).statusCode()).isIn(200, 201);
        }
        HttpResponse<String> created = http.send("PUT", "/v1/namespaces/" + ns + "/schemas/" + version,
                ANY_OBJECT.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", admin[0], admin[1]);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> put(String key, String value) {
        HttpResponse<String> written = http.put(keyPath(ns, key), "{\"value\": " + value + "}", admin);
        assertThat(written.statusCode()).as(written.body()).isIn(200, 201);
        return written;
    }

    private java.util.Optional<String> schemaVersionOf(String path) {
        HttpResponse<String> read = http.get(path, admin);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        return read.headers().firstValue("Schema-Version");
    }

    private java.util.Optional<String> storedSchemaVersionOf(String path) {
        HttpResponse<String> read = http.get(path, admin);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        return read.headers().firstValue("Stored-Schema-Version");
    }

    @Test
    void aValueWrittenUnderVersionOneReadsWithSchemaVersionOne() {
        createSchema(1);
        put("a", "{\"n\": 1}");

        assertThat(schemaVersionOf(keyPath(ns, "a"))).contains("1");
    }

    @Test
    void aNewVersionStampsNewWritesWhileAnUntouchedKeyKeepsItsOwnStoredVersion() {
        createSchema(1);
        put("old", "{\"n\": 1}");
        put("new", "{\"n\": 1}");
        createSchema(2);

        put("new", "{\"n\": 2}");

        assertThat(schemaVersionOf(keyPath(ns, "new"))).contains("2");
        assertThat(storedSchemaVersionOf(keyPath(ns, "new"))).contains("2");
        // Read at the active version (ADR 0057: version 2 carries version 1's values forward), stored at 1.
        assertThat(schemaVersionOf(keyPath(ns, "old"))).contains("2");
        assertThat(storedSchemaVersionOf(keyPath(ns, "old"))).contains("1");
    }

    @Test
    void aValueWrittenWithoutASchemaHasNoSchemaVersion() {
        put("plain", "{\"n\": 1}");

        assertThat(schemaVersionOf(keyPath(ns, "plain"))).isEmpty();
    }

    @Test
    void aValueWrittenBeforeTheSchemaRecordsNoSchemaVersionUntilRewritten() {
        put("legacy", "{\"n\": 1}");
        put("text", "\"no object\"");
        createSchema(1);

        // Read at version 1, which it matches (ADR 0057), but the item records none until rewritten.
        assertThat(schemaVersionOf(keyPath(ns, "legacy"))).contains("1");
        assertThat(storedSchemaVersionOf(keyPath(ns, "legacy"))).isEmpty();
        assertThat(schemaVersionOf(keyPath(ns, "text"))).isEmpty();
        put("legacy", "{\"n\": 2}");
        assertThat(storedSchemaVersionOf(keyPath(ns, "legacy"))).contains("1");
    }

    @Test
    void aPatchStampsTheVersionItWasCheckedAgainst() {
        createSchema(1);
        put("p", "{\"n\": 1}");
        createSchema(2);

        HttpResponse<String> patched = http.send("PATCH", keyPath(ns, "p"), "{\"n\": 2}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/merge-patch+json", admin[0], admin[1]);

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(schemaVersionOf(keyPath(ns, "p"))).contains("2");
    }

    @Test
    void aTransactionPutStampsTheVersionItWasCheckedAgainst() {
        createSchema(1);

        HttpResponse<String> committed = http.send("POST", "/v1/transactions", """
                {"operations": [{"type": "put", "namespace": "%s", "key": "t", "value": {"n": 1}}]}"""
                .formatted(ns).getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", admin[0], admin[1]);

        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(schemaVersionOf(keyPath(ns, "t"))).contains("1");
    }

    @Test
    void aReplayedPutAnswersTheSchemaVersionTheFirstAnswerHad() {
        createSchema(1);
        String[] headers = {admin[0], admin[1], "Idempotency-Key", "k-" + UUID.randomUUID()};
        HttpResponse<String> first = http.put(keyPath(ns, "i"), "{\"value\": {\"n\": 1}}", headers);
        createSchema(2);

        HttpResponse<String> replayed = http.put(keyPath(ns, "i"), "{\"value\": {\"n\": 1}}", headers);

        assertThat(Http.json(first).get("schemaVersion").asLong()).isEqualTo(1);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(Http.json(replayed).get("schemaVersion").asLong()).isEqualTo(1);
    }

    @Test
    void listingsAndBatchGetsNameEachValuesStoredSchemaVersionAndNoneWithout() {
        put("plain", "{\"n\": 0}");
        createSchema(1);
        put("stamped", "{\"n\": 1}");

        HttpResponse<String> listed = http.get("/v1/namespaces/" + ns + "/keys", admin);
        HttpResponse<String> batch = http.send("POST", "/v1/namespaces/" + ns + "/batch-get",
                "{\"keys\": [\"plain\", \"stamped\"]}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", admin[0], admin[1]);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        for (HttpResponse<String> answer : List.of(listed, batch)) {
            Map<String, String> versions = new HashMap<>();
            // The item's own record; a value read (batch get) may report a version it matches (ADR 0057).
            Http.json(answer).get("items").forEach(item -> versions.put(item.get("key").asText(),
                    item.has("storedSchemaVersion") ? item.get("storedSchemaVersion").asText() : "none"));
            assertThat(versions).as(answer.body()).containsEntry("plain", "none").containsEntry("stamped", "1");
        }
    }

    @Test
    void aRestoreStampsTheActiveVersionAndHistoryVersionsKeepTheirOwn() {
        createSchema(1);
        put("r", "{\"n\": 1}");
        createSchema(2);
        put("r", "{\"n\": 2}");
        // The history follows the writes through the change pipeline (ADR 0036), which shares the local
        // stack with every class of this fork: behind 1,000 transfers it took 30 s in CI, so allow 90 s.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.get(keyPath(ns, "r") + "?version=1", admin).statusCode() == 200);

        HttpResponse<String> restored = http.send("POST", keyPath(ns, "r") + "/versions/1/restore", null, admin);

        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(schemaVersionOf(keyPath(ns, "r"))).contains("2");
        assertThat(schemaVersionOf(keyPath(ns, "r") + "?version=1")).contains("1");
        assertThat(schemaVersionOf(keyPath(ns, "r") + "?version=2")).contains("2");
    }
}
