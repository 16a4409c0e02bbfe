package io.stateapi.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: it passes a conforming response and catches each kind of drift. */
class OpenApiContractTest {

    private static final String PATH = "/v1/namespaces/carts/keys/users/42";
    private static final String RECORD = "{\"namespace\":\"carts\",\"key\":\"users/42\",\"value\":{\"a\":1},\"version\":3,"
            + "\"createdAt\":\"2026-11-30T08:09:46.463Z\",\"updatedAt\":\"2026-11-30T08:09:46.463Z\",\"expiresAt\":null}";
    private static final Map<String, List<String>> JSON_WITH_ETAG =
            Map.of("Content-Type", List.of("application/json"), "ETag", List.of("\"3\""));

    private final OpenApiContract contract = OpenApiContract.load();

    @Test
    void aConformingResponseHasNoViolations() {
        assertThat(contract.violations("GET", PATH, 200, JSON_WITH_ETAG, RECORD)).isEmpty();
    }

    @Test
    void hierarchicalKeysFallUnderTheKeyTemplate() {
        assertThat(contract.template("/v1/namespaces/a/keys/x/y/z")).contains("/v1/namespaces/{namespace}/keys/{key}");
        assertThat(contract.template("/v1/other")).isEmpty();
    }

    @Test
    void catchesAMissingRequiredHeader() {
        assertThat(contract.violations("GET", PATH, 200, Map.of("Content-Type", List.of("application/json")), RECORD))
                .anySatisfy(v -> assertThat(v).contains("required header ETag missing"));
    }

    @Test
    void catchesABodyMissingARequiredMember() {
        String withoutVersion = RECORD.replace("\"version\":3,", "");
        assertThat(contract.violations("GET", PATH, 200, JSON_WITH_ETAG, withoutVersion))
                .anySatisfy(v -> assertThat(v).contains("version"));
    }

    @Test
    void catchesABadTimestampFormat() {
        String badTime = RECORD.replace("2026-11-30T08:09:46.463Z\",\"expiresAt", "yesterday\",\"expiresAt");
        assertThat(contract.violations("GET", PATH, 200, JSON_WITH_ETAG, badTime)).isNotEmpty();
    }

    @Test
    void catchesAnUndocumentedStatus() {
        assertThat(contract.violations("DELETE", PATH, 418, Map.of(), ""))
                .anySatisfy(v -> assertThat(v).contains("status not documented"));
    }

    @Test
    void catchesAWrongContentType() {
        String problem = "{\"type\":\"https://stateapi.io/problems/not-found\",\"title\":\"Key not found\",\"status\":404}";
        assertThat(contract.violations("GET", PATH, 404, Map.of("Content-Type", List.of("application/json")), problem))
                .anySatisfy(v -> assertThat(v).contains("content type"));
        assertThat(contract.violations("GET", PATH, 404,
                Map.of("Content-Type", List.of("application/problem+json")), problem)).isEmpty();
    }

    @Test
    void catchesAnUnlistedProblemType() {
        String problem = "{\"type\":\"https://stateapi.io/problems/made-up\",\"title\":\"x\",\"status\":404}";
        assertThat(contract.violations("GET", PATH, 404, Map.of("Content-Type", List.of("application/problem+json")), problem))
                .isNotEmpty();
    }

    @Test
    void catchesAConflictWithoutCurrentVersion() {
        String conflict = "{\"type\":\"https://stateapi.io/problems/version-conflict\",\"title\":\"Version conflict\",\"status\":412}";
        assertThat(contract.violations("PUT", PATH, 412, Map.of("Content-Type", List.of("application/problem+json")), conflict))
                .anySatisfy(v -> assertThat(v).contains("currentVersion"));
    }

    /** Every operation that acts for a tenant can be refused by the tenant's request quota (ADR 0017). */
    @Test
    void aQuotaRefusalIsAProblemWithRetryAfterOnEveryTenantOperation() {
        String problem = "{\"type\":\"https://stateapi.io/problems/quota-exceeded\",\"title\":\"Request quota exceeded\","
                + "\"status\":429}";
        Map<String, List<String>> withRetryAfter =
                Map.of("Content-Type", List.of("application/problem+json"), "Retry-After", List.of("1"));
        for (String method : List.of("GET", "PUT", "DELETE")) {
            assertThat(contract.violations(method, PATH, 429, withRetryAfter, problem)).as(method).isEmpty();
            assertThat(contract.violations(method, PATH, 429, Map.of("Content-Type", List.of("application/problem+json")),
                    problem)).as(method).anySatisfy(v -> assertThat(v).contains("Retry-After"));
        }
    }

    @Test
    void undocumentedRoutesMustAnswerWithAProblem() {
        assertThat(contract.violations("GET", "/v2/x", 200, Map.of("Content-Type", List.of("application/json")), "{}"))
                .isNotEmpty();
    }

    @Test
    void aConformingRequestHasNoViolations() {
        assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/users%2F42",
                Map.of("Content-Type", List.of("application/json"), "If-Match", List.of("\"3\"")),
                "{\"value\":{\"a\":1},\"ttlSeconds\":60}")).isEmpty();
        assertThat(contract.requestViolations("GET", "/v1/namespaces/carts/keys/users/42?consistency=eventual",
                Map.of("If-None-Match", List.of("\"3\"")), null)).isEmpty();
    }

    /** A query parameter arrives as text; one the contract types as an integer is read as a number. */
    @Test
    void anIntegerQueryParameterIsCheckedAsTheNumberItSpells() {
        assertThat(contract.requestViolations("GET", "/v1/namespaces?limit=1", Map.of(), null)).isEmpty();
        assertThat(contract.requestViolations("GET", "/v1/namespaces?limit=101", Map.of(), null))
                .anySatisfy(v -> assertThat(v).contains("limit"));
        assertThat(contract.requestViolations("GET", "/v1/namespaces?limit=many", Map.of(), null))
                .anySatisfy(v -> assertThat(v).contains("limit"));
        assertThat(contract.requestViolations("DELETE", "/v1/namespaces/carts?purge=true", Map.of(), null)).isEmpty();
    }

    /** The key path parameter is the key encoded twice; a '%' or '?' encoded once breaks it (ADR 0009). */
    @Test
    void keysAreDescribedPercentEncodedTwice() {
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        for (String key : List.of("users/42/cart", "100%2525", "r%253F1", "caf%25C3%25A9", "caf%C3%A9",
                "a%25252Fb", "%25F0%259F%2598%2580", "a..b/...")) {
            assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/" + key, json, "{\"value\":1}"))
                    .as(key).isEmpty();
        }
        for (String key : List.of("100%25", "r%3F1", "x%25FFy", "a/%252E%252E/b", "a%252F%252Fb", "nul%2500")) {
            assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/" + key, json, "{\"value\":1}"))
                    .as(key).anySatisfy(v -> assertThat(v).contains("key"));
        }
    }

    /** The tenant registry's admin routes (ADR 0018): a principal is one encoded path segment. */
    @Test
    void principalsAreIamUserRoleOrSessionArnsInOneSegment() {
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        String body = "{\"tenant\":\"acme\",\"scopes\":[\"state:read\"]}";
        for (String arn : List.of("arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Facme-orders",
                "arn:aws-cn:iam::123456789012:user%2Fdivision%2Falice",
                "arn%3Aaws%3Asts%3A%3A123456789012%3Aassumed-role%2Forders%2Fi-0abc")) {
            assertThat(contract.template("/v1/admin/principals/" + arn)).contains("/v1/admin/principals/{principal}");
            assertThat(contract.requestViolations("PUT", "/v1/admin/principals/" + arn, json, body)).as(arn).isEmpty();
        }
        for (String arn : List.of("arn%3Aaws%3Aiam%3A%3A123456789012%3Aroot", "acme",
                "arn%3Aaws%3Asts%3A%3A123456789012%3Afederated-user%2Fbob")) {
            assertThat(contract.requestViolations("GET", "/v1/admin/principals/" + arn, Map.of(), null))
                    .as(arn).anySatisfy(v -> assertThat(v).contains("principal"));
        }
    }

    @Test
    void aRegistrationNamesATenantUnlessItOnlyOperates() {
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        String path = "/v1/admin/principals/arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops";
        for (String valid : List.of("{\"scopes\":[\"state:operator\"]}", "{\"scopes\":[]}",
                "{\"tenant\":\"acme\",\"scopes\":[\"state:read\",\"state:operator\"],\"namespaces\":[\"orders\",\"cart-*\"]}")) {
            assertThat(contract.requestViolations("PUT", path, json, valid)).as(valid).isEmpty();
        }
        for (String invalid : List.of("{\"scopes\":[\"state:read\"]}", "{\"scopes\":[\"state:operator\"],\"namespaces\":[]}",
                "{\"tenant\":\"acme\"}", "{\"tenant\":\"acme\",\"scopes\":[\"state:all\"]}",
                "{\"tenant\":\"acme\",\"scopes\":[],\"namespaces\":[\"*\"]}")) {
            assertThat(contract.requestViolations("PUT", path, json, invalid)).as(invalid).isNotEmpty();
        }
    }

    @Test
    void catchesRequestsThatBreakTheContract() {
        assertThat(contract.requestViolations("PUT", "/v1/namespaces/Carts/keys/k",
                Map.of("Content-Type", List.of("application/json")), "{\"value\":1}"))
                .anySatisfy(v -> assertThat(v).contains("namespace"));
        assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/k",
                Map.of("Content-Type", List.of("application/json"), "If-Match", List.of("3")), "{\"value\":1}"))
                .anySatisfy(v -> assertThat(v).contains("If-Match"));
        assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/k",
                Map.of("Content-Type", List.of("application/json")), "{\"value\":1,\"ttl\":5}")).isNotEmpty();
        assertThat(contract.requestViolations("PUT", "/v1/namespaces/carts/keys/k", Map.of(), null))
                .anySatisfy(v -> assertThat(v).contains("required body"));
        assertThat(contract.requestViolations("GET", "/v1/namespaces/carts/keys/k?dryRun=1", Map.of(), null))
                .anySatisfy(v -> assertThat(v).contains("undeclared query parameter"));
        assertThat(contract.requestViolations("POST", "/v1/namespaces/carts/keys/k", Map.of(), null)).isNotEmpty();
    }
}
