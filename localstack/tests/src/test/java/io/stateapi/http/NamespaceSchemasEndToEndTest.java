package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Namespace schemas (ADR 0052) over HTTP through the local gateway: schema versions are created
 * one after another and the newest is active; every write path refuses a value the active
 * schema rejects with 422 {@code schema-violation}, naming each violation, and writes nothing.
 * Every response is held against the OpenAPI contract ({@link Http}).
 */
class NamespaceSchemasEndToEndTest {

    private static final String ORDER_SCHEMA = """
            {"schema": {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object", "required": ["id", "qty"],
              "properties": {"id": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}}}}""";
    private static final String ANY_OBJECT = "{\"schema\": {\"type\": \"object\"}}";

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("schemas");
    private final String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String[] admin = bearer(tenant, "state:admin");

    private static String[] bearer(String tenant, String scopes) {
        return new String[] {"Authorization", "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, scopes))};
    }

    private String schemas() {
        return "/v1/namespaces/" + ns + "/schemas";
    }

    private static String problem(HttpResponse<String> response) {
        return json(response).get("type").asText().substring(ProblemType.BASE_URI.length());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = contentType;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send(method, path, body.getBytes(StandardCharsets.UTF_8), all);
    }

    private HttpResponse<String> putSchema(int version, String body, String... headers) {
        return send("PUT", schemas() + "/" + version, "application/json", body, headers.length == 0 ? admin : headers);
    }

    private void withOrderSchema() {
        assertThat(http.put("/v1/namespaces/" + ns, "{}", admin).statusCode()).isIn(200, 201);
        HttpResponse<String> created = putSchema(1, ORDER_SCHEMA);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static List<String> pointers(HttpResponse<String> problem) {
        List<String> pointers = new ArrayList<>();
        json(problem).get("violations").forEach(v -> pointers.add(v.get("pointer").asText()));
        return pointers;
    }

    @Test
    void schemaVersionsAreCreatedInTurnListedReadAndTheNewestIsActive() {
        withOrderSchema();
        HttpResponse<String> second = putSchema(2, ANY_OBJECT);

        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.headers().firstValue("Location")).contains(schemas() + "/2");
        JsonNode listed = json(http.get(schemas(), admin));
        assertThat(listed.get("activeVersion").asLong()).isEqualTo(2);
        assertThat(listed.get("schemas").findValuesAsText("version")).containsExactly("1", "2");
        JsonNode first = json(http.get(schemas() + "/1", bearer(tenant, "state:read")));
        assertThat(first.get("version").asLong()).isEqualTo(1);
        assertThat(first.get("active").asBoolean()).isFalse();
        assertThat(first.get("schema").get("required").get(0).asText()).isEqualTo("id");
        assertThat(json(http.get("/v1/namespaces/" + ns, admin)).get("settings").get("schemaVersion").asLong())
                .isEqualTo(2);
        assertThat(problem(http.get(schemas() + "/3", admin))).isEqualTo("schema-not-found");
    }

    @Test
    void aPutThatBreaksTheSchemaIs422WithEachViolationAndWritesNothing() {
        withOrderSchema();
        String path = keyPath(ns, "o1");
        assertThat(http.put(path, "{\"value\": {\"id\": \"a\", \"qty\": 1}}", admin).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = http.put(path, "{\"value\": {\"id\": 7, \"qty\": 0}}", admin);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem(refused)).isEqualTo("schema-violation");
        assertThat(json(refused).get("schemaVersion").asLong()).isEqualTo(1);
        assertThat(pointers(refused)).containsExactlyInAnyOrder("/id", "/qty");
        json(refused).get("violations").forEach(v -> assertThat(v.get("message").asText()).isNotBlank());
        HttpResponse<String> stored = http.get(path, admin);
        assertThat(json(stored).get("value").get("qty").asInt()).isEqualTo(1);
        assertThat(stored.headers().firstValue("ETag")).contains("\"1\"");
        // No version was spent on the refused write, so no change event can exist for one.
        assertThat(http.put(path, "{\"value\": {\"id\": \"a\", \"qty\": 2}}", admin).headers().firstValue("ETag"))
                .contains("\"2\"");
    }

    @Test
    void aMissingRequiredMemberIsReportedAtTheObjectItBelongsTo() {
        withOrderSchema();

        HttpResponse<String> refused = http.put(keyPath(ns, "o2"), "{\"value\": {\"id\": \"a\"}}", admin);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(pointers(refused)).containsExactly("");
        assertThat(http.get(keyPath(ns, "o2"), admin).statusCode()).isEqualTo(404);
    }

    @Test
    void aPatchIsCheckedAsThePatchedValue() {
        withOrderSchema();
        String path = keyPath(ns, "o3");
        http.put(path, "{\"value\": {\"id\": \"a\", \"qty\": 1}}", admin);

        HttpResponse<String> refused = send("PATCH", path, "application/merge-patch+json", "{\"qty\": -1}", admin);
        HttpResponse<String> accepted = send("PATCH", path, "application/merge-patch+json", "{\"qty\": 5}", admin);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(pointers(refused)).containsExactly("/qty");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("ETag")).contains("\"2\"");
    }

    @Test
    void oneBadValueAbortsATransactionAndNamesItsKey() {
        withOrderSchema();
        HttpResponse<String> refused = send("POST", "/v1/transactions", "application/json", """
                {"operations": [
                  {"type": "put", "namespace": "%1$s", "key": "good", "value": {"id": "g", "qty": 1}},
                  {"type": "put", "namespace": "%1$s", "key": "bad", "value": {"id": "b", "qty": "many"}}
                ]}""".formatted(ns), admin);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(problem(refused)).isEqualTo("schema-violation");
        assertThat(json(refused).get("key").asText()).isEqualTo("bad");
        assertThat(json(refused).get("index").asInt()).isEqualTo(1);
        assertThat(pointers(refused)).containsExactly("/qty");
        assertThat(http.get(keyPath(ns, "good"), admin).statusCode()).isEqualTo(404);
    }

    @Test
    void existingValuesStayReadableWhenASchemaArrivesAndAnOverwriteMustMatch() {
        http.put(keyPath(ns, "legacy"), "{\"value\": \"just text\"}", admin);
        withOrderSchema();

        assertThat(json(http.get(keyPath(ns, "legacy"), admin)).get("value").asText()).isEqualTo("just text");
        assertThat(http.put(keyPath(ns, "legacy"), "{\"value\": \"more text\"}", admin).statusCode()).isEqualTo(422);
        assertThat(http.put(keyPath(ns, "legacy"), "{\"value\": {\"id\": \"x\", \"qty\": 3}}", admin).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRestoreIsCheckedAgainstTheActiveSchemaNotTheOneItWasWrittenUnder() {
        String path = keyPath(ns, "r1");
        http.put(path, "{\"value\": \"legacy\"}", admin);
        withOrderSchema();

        HttpResponse<String> refused = http.send("POST", path + "/versions/1/restore", null, admin);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(problem(refused)).isEqualTo("schema-violation");
        assertThat(http.get(path, admin).headers().firstValue("ETag")).contains("\"1\"");
    }

    @Test
    void countersAreRefusedInANamespaceWithASchemaForNow() {
        withOrderSchema();

        HttpResponse<String> refused = send("POST", "/v1/namespaces/" + ns + "/counters/c", "application/json",
                "{\"delta\": 1}", admin);

        // 409, not 400: the request is valid; the namespace's state (its schema) refuses it.
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(problem(refused)).isEqualTo("counters-not-supported");
        assertThat(http.get(keyPath(ns, "c"), admin).statusCode()).isEqualTo(404);
    }

    @Test
    void aDescribedNamespaceCanBePutBackButSettingsNeverChangeTheSchemaVersion() {
        withOrderSchema();
        JsonNode settings = json(http.get("/v1/namespaces/" + ns, admin)).get("settings");

        HttpResponse<String> putBack = http.put("/v1/namespaces/" + ns, settings.toString(), admin);
        HttpResponse<String> refused = http.put("/v1/namespaces/" + ns, "{\"schemaVersion\": null}", admin);

        assertThat(putBack.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(problem(refused)).isEqualTo("invalid-request");
        assertThat(json(http.get("/v1/namespaces/" + ns, admin)).get("settings").get("schemaVersion").asLong())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | {"schema": {"type": "object"       | invalid-json
            not a 2020-12 schema     | {"schema": {"type": "objekt"}}     | invalid-schema
            minimum not a number     | {"schema": {"minimum": "one"}}     | invalid-schema
            remote $ref              | {"schema": {"$ref": "https://example.com/s.json"}} | invalid-schema
            relative remote $ref     | {"schema": {"$ref": "other.json#/x"}} | invalid-schema
            no schema member         | {"type": "object"}                 | invalid-request
            a migration on version 1 | {"schema": {}, "migration": {"jsonata": "$"}} | invalid-migration
            """)
    void aBadSchemaIsRefusedAndCreatesNoVersion(String row, String body, String type) {
        http.put("/v1/namespaces/" + ns, "{}", admin);

        HttpResponse<String> refused = putSchema(1, body);

        assertThat(refused.statusCode()).as(row).isEqualTo(type.startsWith("invalid-") && !type.equals("invalid-json")
                && !type.equals("invalid-request") ? 422 : 400);
        assertThat(problem(refused)).as(row).isEqualTo(type);
        assertThat(json(http.get(schemas(), admin)).get("schemas")).as(row).isEmpty();
    }

    @Test
    void aSchemaOverTheSizeLimitIsRefused() {
        http.put("/v1/namespaces/" + ns, "{}", admin);
        String description = "x".repeat(70 * 1024);

        HttpResponse<String> refused = putSchema(1, "{\"schema\": {\"description\": \"" + description + "\"}}");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(json(refused).get("limitBytes").asLong()).isEqualTo(64 * 1024);
    }

    @ParameterizedTest(name = "version {0} first")
    @CsvSource({"0, invalid-request", "2, schema-version-conflict"})
    void versionsStartAtOneAndFollowEachOther(int version, String type) {
        http.put("/v1/namespaces/" + ns, "{}", admin);

        assertThat(problem(putSchema(version, ANY_OBJECT))).isEqualTo(type);
    }

    @Test
    void aVersionIsNeverCreatedTwice() {
        withOrderSchema();

        HttpResponse<String> again = putSchema(1, ANY_OBJECT);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problem(again)).isEqualTo("schema-version-conflict");
        assertThat(json(again).get("latestVersion").asLong()).isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentCreatorsOfOneVersionExactlyOneWins() throws Exception {
        http.put("/v1/namespaces/" + ns, "{}", admin);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return putSchema(1, ANY_OBJECT);
            }));
        }
        start.countDown();

        List<Integer> statuses = racers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        assertThat(json(http.get(schemas(), admin)).get("schemas")).hasSize(1);
    }

    @Test
    void creatingASchemaNeedsTheAdminScope() {
        http.put("/v1/namespaces/" + ns, "{}", admin);

        HttpResponse<String> refused = putSchema(1, ANY_OBJECT, bearer(tenant, "state:read state:write"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(problem(refused)).isEqualTo("forbidden");
        assertThat(json(http.get(schemas(), admin)).get("schemas")).isEmpty();
    }

    @Test
    void anotherTenantNeitherSeesNorChangesTheSchemas() {
        withOrderSchema();
        String[] stranger = bearer("e2e-" + UUID.randomUUID().toString().substring(0, 8), "state:admin");

        assertThat(problem(http.get(schemas(), stranger))).isEqualTo("namespace-not-found");
        assertThat(problem(http.get(schemas() + "/1", stranger))).isEqualTo("namespace-not-found");
        assertThat(problem(putSchema(2, ANY_OBJECT, stranger))).isEqualTo("namespace-not-found");
        // The stranger's own namespace of the same name has no schema: any value goes.
        assertThat(http.put(keyPath(ns, "free"), "{\"value\": 1}", stranger).statusCode()).isEqualTo(201);
        assertThat(json(http.get(schemas(), admin)).get("activeVersion").asLong()).isEqualTo(1);
    }
}
