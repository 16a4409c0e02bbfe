package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill resource (ADR 0058) over HTTP through the local gateway: started (202 with
 * {@code Location}), followed, started again, refused as asked for a version that is not the
 * active one or with the other {@code dryRun}, cancelled. Every response is held against the
 * OpenAPI contract ({@link Http}). What the backfill does to items is in SchemaBackfillTest.
 */
class SchemaBackfillApiEndToEndTest {

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("backfill");
    private final String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String[] admin = bearer(tenant, "state:admin");

    private static String[] bearer(String tenant, String scopes) {
        return new String[] {"Authorization", "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, scopes))};
    }

    private String backfill(int version) {
        return "/v1/namespaces/" + ns + "/schemas/" + version + "/backfill";
    }

    private HttpResponse<String> post(int version, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.send("POST", backfill(version), body.getBytes(StandardCharsets.UTF_8), all);
    }

    private static String problem(HttpResponse<String> response) {
        return json(response).get("type").asText().substring(ProblemType.BASE_URI.length());
    }

    @BeforeEach
    void namespaceWithTwoSchemaVersions() {
        assertThat(http.put("/v1/namespaces/" + ns, "{}", admin).statusCode()).isIn(200, 201);
        for (int version = 1; version <= 2; version++) {
            HttpResponse<String> created = http.send("PUT", "/v1/namespaces/" + ns + "/schemas/" + version,
                    "{\"schema\": {\"type\": \"object\"}}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json", admin[0], admin[1]);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @Test
    void aBackfillOfTheActiveVersionStartsWith202AndIsFollowedAtItsLocation() {
        HttpResponse<String> started = post(2, "{\"dryRun\": true, \"segments\": 2, \"itemsPerSecond\": 50}", admin);

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).contains(backfill(2));
        JsonNode status = json(started);
        assertThat(status.get("status").asText()).isEqualTo("running");
        assertThat(status.get("dryRun").asBoolean()).isTrue();
        assertThat(status.get("segments").asInt()).isEqualTo(2);
        assertThat(status.get("itemsPerSecond").asInt()).isEqualTo(50);
        assertThat(status.get("scanned").asLong()).isZero();
        JsonNode followed = json(http.get(backfill(2), bearer(tenant, "state:read")));
        assertThat(followed.get("startedAt").asText()).isEqualTo(status.get("startedAt").asText());
        assertThat(followed.get("notBefore").asText()).isNotBlank();
    }

    @Test
    void startingAgainWhileItRunsAnswersTheSameBackfillAndTheOtherDryRunIsAConflict() {
        JsonNode first = json(post(2, "", admin));

        HttpResponse<String> again = post(2, "{}", admin);
        HttpResponse<String> dry = post(2, "{\"dryRun\": true}", admin);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("startedAt").asText()).isEqualTo(first.get("startedAt").asText());
        assertThat(dry.statusCode()).isEqualTo(409);
        assertThat(problem(dry)).isEqualTo("backfill-conflict");
        assertThat(json(dry).get("activeVersion").asLong()).isEqualTo(2);
    }

    @Test
    void onlyTheActiveVersionCanBeBackfilledAndAnUnknownOneIsNotFound() {
        HttpResponse<String> older = post(1, "{}", admin);
        HttpResponse<String> unknown = post(3, "{}", admin);

        assertThat(older.statusCode()).isEqualTo(409);
        assertThat(problem(older)).isEqualTo("backfill-conflict");
        assertThat(json(older).get("activeVersion").asLong()).isEqualTo(2);
        assertThat(problem(unknown)).isEqualTo("schema-not-found");
        assertThat(problem(http.get(backfill(2), admin))).isEqualTo("backfill-not-found");
    }

    @Test
    void aCancelledBackfillSaysSoAndWhy() {
        post(2, "{}", admin);

        HttpResponse<String> cancelled = http.send("DELETE", backfill(2), null, admin);

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(cancelled).get("reason").asText()).contains("admin");
        assertThat(json(cancelled).get("finishedAt").asText()).isNotBlank();
    }

    @Test
    void startingNeedsTheAdminScopeAndAWellFormedBody() {
        assertThat(post(2, "{}", bearer(tenant, "state:write")).statusCode()).isEqualTo(403);
        HttpResponse<String> tooMany = post(2, "{\"segments\": 17}", admin);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(problem(tooMany)).isEqualTo("invalid-request");
        assertThat(problem(post(2, "{\"speed\": 1}", admin))).isEqualTo("invalid-request");
    }
}
