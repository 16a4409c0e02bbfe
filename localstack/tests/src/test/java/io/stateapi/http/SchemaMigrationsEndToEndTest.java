package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schema migrations (ADR 0057) over HTTP through the local gateway: version 2 comes with a
 * JSONata transform from version 1; every read of a current value returns it at the active
 * version, naming the version it returns and the one it is stored at, without writing it; a
 * value the migration cannot bring to the new version reads as stored. Bad migrations are
 * refused when the version is created. Every response is held against the OpenAPI contract.
 */
class SchemaMigrationsEndToEndTest {

    private static final String V1 = """
            {"schema": {"type": "object", "required": ["id", "qty"],
              "properties": {"id": {"type": "string"}, "qty": {"type": "integer"}}}}""";
    /** Version 2 adds a currency; its migration gives version 1 values the default one. */
    private static final String V2_SCHEMA = """
            {"type": "object", "required": ["id", "qty", "currency"],
             "properties": {"id": {"type": "string"}, "qty": {"type": "integer"}, "currency": {"type": "string"}}}""";
    private static final String ADD_CURRENCY = "{\"jsonata\": \"$merge([$, {'currency': 'EUR'}])\"}";

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("migrations");
    private final String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String[] admin = {"Authorization",
            "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, "state:admin"))};

    private HttpResponse<String> putSchema(int version, String body) {
        return http.send("PUT", "/v1/namespaces/" + ns + "/schemas/" + version, body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", admin[0], admin[1]);
    }

    private void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private void versionOne() {
        assertThat(http.put("/v1/namespaces/" + ns, "{}", admin).statusCode()).isIn(200, 201);
        created(putSchema(1, V1));
    }

    private void put(String key, String value) {
        HttpResponse<String> written = http.put(keyPath(ns, key), "{\"value\": " + value + "}", admin);
        assertThat(written.statusCode()).as(written.body()).isIn(200, 201);
    }

    private static String problem(HttpResponse<String> response) {
        return json(response).get("type").asText().substring(ProblemType.BASE_URI.length());
    }

    @Test
    void aValueStoredAtTheOldVersionReadsUpgradedWithBothVersionsAndTheSameETag() {
        versionOne();
        put("o1", "{\"id\": \"a\", \"qty\": 2}");
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + ADD_CURRENCY + "}"));

        HttpResponse<String> read = http.get(keyPath(ns, "o1"), admin);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("value")).isEqualTo(tree("{\"id\": \"a\", \"qty\": 2, \"currency\": \"EUR\"}"));
        assertThat(read.headers().firstValue("Schema-Version")).contains("2");
        assertThat(read.headers().firstValue("Stored-Schema-Version")).contains("1");
        assertThat(json(read).get("schemaVersion").asLong()).isEqualTo(2);
        assertThat(json(read).get("storedSchemaVersion").asLong()).isEqualTo(1);
        // A read writes nothing: the key is still at its first version.
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(json(read).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void batchGetsListingsAndSnapshotsReturnUpgradedValuesToo() {
        versionOne();
        put("o1", "{\"id\": \"a\", \"qty\": 2}");
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + ADD_CURRENCY + "}"));

        JsonNode batch = json(http.send("POST", "/v1/namespaces/" + ns + "/batch-get",
                "{\"keys\": [\"o1\"]}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                admin[0], admin[1])).get("items").get(0);
        JsonNode listed = json(http.get("/v1/namespaces/" + ns + "/keys?values=true", admin)).get("items").get(0);
        JsonNode snapshot = json(http.get("/v1/namespaces/" + ns + "/changes/snapshot?prefix=", admin))
                .get("items").get(0);

        for (JsonNode item : new JsonNode[] {batch, listed, snapshot}) {
            assertThat(item.get("value").get("currency").asText()).as(item.toString()).isEqualTo("EUR");
            assertThat(item.get("schemaVersion").asLong()).as(item.toString()).isEqualTo(2);
            assertThat(item.get("storedSchemaVersion").asLong()).as(item.toString()).isEqualTo(1);
            assertThat(item.get("version").asLong()).as(item.toString()).isEqualTo(1);
        }
    }

    @Test
    void aPatchAppliesToTheUpgradedValueAndStoresItAtTheActiveVersion() {
        versionOne();
        put("o1", "{\"id\": \"a\", \"qty\": 2}");
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + ADD_CURRENCY + "}"));

        HttpResponse<String> patched = http.send("PATCH", keyPath(ns, "o1"), "[{\"op\": \"replace\", \"path\": \"/currency\", \"value\": \"USD\"}]"
                .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json-patch+json", admin[0], admin[1]);

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("value")).isEqualTo(tree("{\"id\": \"a\", \"qty\": 2, \"currency\": \"USD\"}"));
        HttpResponse<String> read = http.get(keyPath(ns, "o1"), admin);
        assertThat(read.headers().firstValue("Stored-Schema-Version")).contains("2");
        assertThat(read.headers().firstValue("ETag")).contains("\"2\"");
    }

    @Test
    void aVersionShowsItsMigrationAndVersionOneHasNone() {
        versionOne();
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + ADD_CURRENCY + "}"));

        JsonNode second = json(http.get("/v1/namespaces/" + ns + "/schemas/2", admin));
        JsonNode first = json(http.get("/v1/namespaces/" + ns + "/schemas/1", admin));

        assertThat(second.get("migration")).isEqualTo(tree(ADD_CURRENCY));
        assertThat(first.get("migration").isNull()).isTrue();
    }

    @Test
    void aValueTheMigrationCannotBringToTheNewVersionReadsAsStored() {
        versionOne();
        put("o1", "{\"id\": \"a\", \"qty\": 2}");
        // The transform forgets the currency version 2 requires: created (it compiles), but no value can follow.
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": {\"jsonata\": \"$\"}}"));

        HttpResponse<String> read = http.get(keyPath(ns, "o1"), admin);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("value")).isEqualTo(tree("{\"id\": \"a\", \"qty\": 2}"));
        assertThat(read.headers().firstValue("Schema-Version")).contains("1");
        assertThat(read.headers().firstValue("Stored-Schema-Version")).contains("1");
    }

    @Test
    void aVersionWithoutAMigrationCarriesValuesThatMatchItForward() {
        versionOne();
        put("fits", "{\"id\": \"a\", \"qty\": 2}");
        put("misses", "{\"id\": \"b\", \"qty\": 3}");
        created(putSchema(2, "{\"schema\": {\"type\": \"object\", \"properties\": {\"qty\": {\"maximum\": 2}}}}"));

        HttpResponse<String> fits = http.get(keyPath(ns, "fits"), admin);
        HttpResponse<String> misses = http.get(keyPath(ns, "misses"), admin);

        assertThat(fits.headers().firstValue("Schema-Version")).contains("2");
        assertThat(misses.headers().firstValue("Schema-Version")).contains("1");
        assertThat(json(misses).get("value").get("qty").asInt()).isEqualTo(3);
    }

    @Test
    void aPastVersionReadsAsItWasWritten() {
        versionOne();
        put("o1", "{\"id\": \"a\", \"qty\": 2}");
        created(putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + ADD_CURRENCY + "}"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> http.get(keyPath(ns, "o1") + "?version=1", admin).statusCode() == 200);

        HttpResponse<String> past = http.get(keyPath(ns, "o1") + "?version=1", admin);

        assertThat(json(past).get("value")).isEqualTo(tree("{\"id\": \"a\", \"qty\": 2}"));
        assertThat(past.headers().firstValue("Schema-Version")).contains("1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            does not compile         | {"jsonata": "$merge([$, {'currency': ]"}
            not a string             | {"jsonata": 42}
            another language         | {"jslt": "."}
            not an object            | "$"
            """)
    void aMigrationThatCannotRunIsRefusedAndCreatesNoVersion(String row, String migration) {
        versionOne();

        HttpResponse<String> refused = putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": " + migration + "}");

        assertThat(refused.statusCode()).as(row).isEqualTo(422);
        assertThat(problem(refused)).as(row).isEqualTo("invalid-migration");
        assertThat(json(refused).get("reasons")).as(row).isNotEmpty();
        assertThat(http.get("/v1/namespaces/" + ns + "/schemas/2", admin).statusCode()).as(row).isEqualTo(404);
    }

    @Test
    void aMigrationOnVersionOneIsRefused() {
        assertThat(http.put("/v1/namespaces/" + ns, "{}", admin).statusCode()).isIn(200, 201);

        HttpResponse<String> refused = putSchema(1, "{\"schema\": {\"type\": \"object\"}, \"migration\": "
                + ADD_CURRENCY + "}");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(problem(refused)).isEqualTo("invalid-migration");
        assertThat(json(refused).get("reasons").get(0).asText()).contains("version 1");
    }

    @Test
    void aMigrationOverTheSizeLimitIsRefused() {
        versionOne();
        String padded = "$merge([$, {'currency': 'EUR'}]) /* " + "x".repeat(17 * 1024) + " */";

        HttpResponse<String> refused = putSchema(2, "{\"schema\": " + V2_SCHEMA + ", \"migration\": {\"jsonata\": \""
                + padded + "\"}}");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(json(refused).get("limitBytes").asLong()).isEqualTo(16 * 1024);
        assertThat(http.get("/v1/namespaces/" + ns + "/schemas/2", admin).statusCode()).isEqualTo(404);
    }

    private static JsonNode tree(String text) {
        return io.stateapi.json.StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
