package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Namespaces as a resource (ADR 0016) over HTTP through the local gateway, which validates each
 * tenant's token as API Gateway's JWT authorizer does. Every response is held against the
 * OpenAPI contract ({@link Http}).
 */
class NamespacesApiEndToEndTest {

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("nse2e");

    private static String tenant() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String[] bearer(TokenGrant grant) {
        return new String[] {"Authorization", "Bearer " + TestStack.issuer().token(grant)};
    }

    private static String[] bearer(String tenant, String scopes) {
        return bearer(TokenGrant.of(tenant, scopes));
    }

    private static String path(String namespace) {
        return "/v1/namespaces/" + namespace;
    }

    private static String problem(HttpResponse<String> response) {
        return json(response).get("type").asText().substring(ProblemType.BASE_URI.length());
    }

    private static List<String> names(HttpResponse<String> page) {
        List<String> names = new ArrayList<>();
        json(page).get("namespaces").forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    void aTenantCreatesDescribesListsChangesAndDeletesANamespace() {
        String acme = tenant();
        String[] admin = bearer(acme, "state:admin");

        HttpResponse<String> created = http.put(path(ns), "{\"defaultTtlSeconds\":60}", admin);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains(path(ns));
        assertThat(json(http.get(path(ns), admin)).get("settings").get("defaultTtlSeconds").asLong()).isEqualTo(60);
        assertThat(names(http.get("/v1/namespaces", admin))).containsExactly(ns);

        HttpResponse<String> changed = http.put(path(ns), "{}", admin);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).get("settings").get("defaultTtlSeconds").isNull()).isTrue();

        assertThat(http.delete(path(ns), admin).statusCode()).isEqualTo(204);
        assertThat(problem(http.get(path(ns), admin))).isEqualTo("namespace-not-found");
        assertThat(names(http.get("/v1/namespaces", admin))).isEmpty();
    }

    @Test
    void threeTenantsUsingOneNameHaveThreeNamespacesAndSeeOnlyTheirOwn() {
        List<String> tenants = List.of(tenant(), tenant(), tenant());
        for (int i = 0; i < tenants.size(); i++) {
            String[] admin = bearer(tenants.get(i), "state:admin");
            assertThat(http.put(path(ns), "{\"maxValueBytes\":" + (100 + i) + "}", admin).statusCode()).isEqualTo(201);
            assertThat(http.put(keyPath(ns, "owner"), "{\"value\":\"" + tenants.get(i) + "\"}", admin).statusCode())
                    .isEqualTo(201);
        }

        for (int i = 0; i < tenants.size(); i++) {
            String[] reader = bearer(tenants.get(i), "state:read");
            assertThat(json(http.get(path(ns), reader)).get("settings").get("maxValueBytes").asLong()).isEqualTo(100 + i);
            assertThat(json(http.get(keyPath(ns, "owner"), reader)).get("value").asText()).isEqualTo(tenants.get(i));
            assertThat(names(http.get("/v1/namespaces", reader))).containsExactly(ns);
        }
        HttpResponse<String> stranger = http.get(path(ns), bearer(tenant(), "state:admin"));
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(problem(stranger)).isEqualTo("namespace-not-found");
    }

    @Test
    void theFirstWriteCreatesTheNamespaceAndLaterWritesApplyItsSettings() {
        String acme = tenant();
        String[] writer = bearer(acme, "state:read state:write");
        assertThat(http.put(keyPath(ns, "first"), "{\"value\":1}", writer).statusCode()).isEqualTo(201);
        assertThat(json(http.get(path(ns), writer)).get("settings").get("maxValueBytes").asLong()).isEqualTo(358400);

        http.put(path(ns), "{\"defaultTtlSeconds\":3600,\"maxValueBytes\":10}", bearer(acme, "state:admin"));

        HttpResponse<String> defaulted = http.put(keyPath(ns, "ttl"), "{\"value\":1}", writer);
        assertThat(json(defaulted).get("expiresAt").isTextual()).isTrue();
        HttpResponse<String> tooLarge = http.put(keyPath(ns, "big"), "{\"value\":\"0123456789\"}", writer);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("limitBytes").asLong()).isEqualTo(10);
    }

    @Test
    void aNamespaceWithKeysIsNotDeleted() {
        String[] admin = bearer(tenant(), "state:admin");
        http.put(keyPath(ns, "k"), "{\"value\":1}", admin);

        HttpResponse<String> refused = http.delete(path(ns), admin);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(problem(refused)).isEqualTo("namespace-not-empty");
        assertThat(http.get(keyPath(ns, "k"), admin).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenNarrowedToSomeNamespacesListsAndReachesOnlyThose() {
        String acme = tenant();
        String[] admin = bearer(acme, "state:admin");
        for (String name : List.of("audit", "cart-eu", "orders")) {
            http.put(path(name), "{}", admin);
        }
        String[] narrowed = bearer(TokenGrant.of(acme, "state:admin").withNamespaces("cart-*"));

        assertThat(names(http.get("/v1/namespaces", narrowed))).containsExactly("cart-eu");
        assertThat(problem(http.get(path("orders"), narrowed))).isEqualTo("forbidden");
        assertThat(problem(http.delete(path("orders"), narrowed))).isEqualTo("forbidden");
        assertThat(http.get(path("orders"), admin).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTheAdminScopeSettingsCannotChange() {
        String acme = tenant();
        http.put(path(ns), "{\"maxValueBytes\":100}", bearer(acme, "state:admin"));

        HttpResponse<String> refused = http.put(path(ns), "{}", bearer(acme, "state:read state:write"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(problem(refused)).isEqualTo("forbidden");
        JsonNode settings = json(http.get(path(ns), bearer(acme, "state:read"))).get("settings");
        assertThat(settings.get("maxValueBytes").asLong()).isEqualTo(100);
    }

    @Test
    void withoutATokenNothingIsCreated() {
        String acme = tenant();

        HttpResponse<String> refused = http.put(path(ns), "{}", "Authorization", "Bearer not-a-token");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(http.get(path(ns), bearer(acme, "state:read")).statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedCursorIs400() {
        HttpResponse<String> response = http.get("/v1/namespaces?cursor=bm90LW91cnM", bearer(tenant(), "state:read"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response)).isEqualTo("invalid-request");
    }
}
