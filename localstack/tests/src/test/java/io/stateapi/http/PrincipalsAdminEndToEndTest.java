package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tenant registry's admin routes over HTTP through the local gateway (ADR 0018): an
 * operator's token manages registrations; tenants' tokens get 403 and change nothing. Each test
 * uses principals and tenants of its own in the shared catalog table.
 */
class PrincipalsAdminEndToEndTest {

    private static final String OPERATOR = bearer(TestStack.issuer().token(TokenGrant.of("ops", "state:operator")));
    private static final String[] AS_OPERATOR = {"Authorization", OPERATOR};

    private final Http http = new Http(TestStack.shared().api());
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "acme-" + id;
    private final String role = "arn:aws:iam::123456789012:role/orders-" + id;

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The principal's URL path: its ARN percent-encoded as one segment, as the API documents. */
    static String path(String arn) {
        return "/v1/admin/principals/" + URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    private String registration(String tenant, String scopes, String namespaces) {
        return "{\"tenant\":\"" + tenant + "\",\"scopes\":" + scopes + (namespaces == null ? "" : ",\"namespaces\":" + namespaces) + "}";
    }

    @Test
    void anOperatorRegistersAPrincipalAndReadsItBack() {
        HttpResponse<String> created = http.put(path(role),
                registration(tenant, "[\"state:write\",\"state:read\"]", "[\"orders\",\"cart-*\"]"), AS_OPERATOR);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains(path(role));
        String expected = "{\"principal\":\"" + role + "\",\"tenant\":\"" + tenant
                + "\",\"scopes\":[\"state:read\",\"state:write\"],\"namespaces\":[\"orders\",\"cart-*\"]}";
        assertThat(json(created)).isEqualTo(parse(expected));
        HttpResponse<String> read = http.get(path(role), AS_OPERATOR);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(parse(expected));
    }

    @Test
    void aSecondRegistrationReplacesTheFirstWith200() {
        http.put(path(role), registration(tenant, "[\"state:read\"]", "[\"orders\"]"), AS_OPERATOR);

        HttpResponse<String> replaced = http.put(path(role), registration(tenant, "[\"state:admin\"]", null), AS_OPERATOR);

        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("Location")).isEmpty();
        JsonNode read = json(http.get(path(role), AS_OPERATOR));
        assertThat(read.get("scopes").toString()).isEqualTo("[\"state:admin\"]");
        assertThat(read.has("namespaces")).as("no namespaces: every namespace of the tenant").isFalse();
    }

    @Test
    void deletingRemovesTheRegistrationAndASecondDeleteIsNotFound() {
        http.put(path(role), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR);

        assertThat(http.delete(path(role), AS_OPERATOR).statusCode()).isEqualTo(204);

        assertProblem(http.get(path(role), AS_OPERATOR), 404, "principal-not-found");
        assertProblem(http.delete(path(role), AS_OPERATOR), 404, "principal-not-found");
    }

    @Test
    void anAssumedRoleSessionIsRegisteredAsItsRoleForEverySession() {
        String session = "arn:aws:sts::123456789012:assumed-role/orders-" + id + "/i-0abc";

        HttpResponse<String> created = http.put(path(session), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("principal").asText()).isEqualTo(role);
        assertThat(created.headers().firstValue("Location")).contains(path(role));
        assertThat(http.get(path(role), AS_OPERATOR).statusCode()).isEqualTo(200);
    }

    @Test
    void theArnMayBeEncodedOnceOrTwice() {
        String twice = "/v1/admin/principals/" + URLEncoder.encode(URLEncoder.encode(role, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        http.put(path(role), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR);

        HttpResponse<String> read = http.get(twice, AS_OPERATOR);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("principal").asText()).isEqualTo(role);
    }

    @Test
    void anythingButAnIamUserRoleOrSessionArnIsRefusedAndNothingIsStored() {
        for (String principal : List.of("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:group/ops-" + id,
                "arn:aws:sts::123456789012:federated-user/bob-" + id, "orders-" + id, "arn:aws:iam::123:role/x-" + id)) {
            assertProblem(http.put(path(principal), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR),
                    400, "invalid-principal");
            assertProblem(http.get(path(principal), AS_OPERATOR), 400, "invalid-principal");
        }
        assertProblem(http.get("/v1/admin/principals/arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2F%FF", AS_OPERATOR),
                400, "invalid-principal");
    }

    @Test
    void aRegistrationBreakingARuleIsRefusedAndNothingIsStored() {
        List<String> bodies = List.of(
                registration(tenant, "[\"state:read\",\"state:everything\"]", null),
                registration("acme#" + id, "[\"state:read\"]", null),
                registration(tenant, "[\"state:read\"]", "[\"*\"]"),
                registration(tenant, "[\"state:read\"]", "[\"Orders\"]"),
                registration(tenant, "\"state:read\"", null),
                "{\"scopes\":[\"state:read\"]}",
                "{\"tenant\":\"" + tenant + "\"}",
                "{\"tenant\":\"" + tenant + "\",\"scopes\":[],\"role\":\"admin\"}");
        for (String body : bodies) {
            assertProblem(http.put(path(role), body, AS_OPERATOR), 400, "invalid-request");
        }
        assertProblem(http.put(path(role), "{\"tenant\":", AS_OPERATOR), 400, "invalid-json");
        assertProblem(http.get(path(role), AS_OPERATOR), 404, "principal-not-found");
    }

    @Test
    void tenantTokensWithoutTheOperatorScopeAreForbiddenAndChangeNothing() {
        http.put(path(role), registration(tenant, "[\"state:read\"]", "[\"orders\"]"), AS_OPERATOR);
        String before = http.get(path(role), AS_OPERATOR).body();
        String other = "arn:aws:iam::123456789012:role/other-" + id;
        String tenantAdmin = bearer(TestStack.issuer().token(TokenGrant.of(tenant, "state:read state:write state:admin")));

        for (String token : List.of(bearer(TestStack.testToken()), tenantAdmin)) {
            assertProblem(http.put(path(role), registration(tenant, "[\"state:admin\"]", null), "Authorization", token),
                    403, "forbidden");
            assertProblem(http.put(path(other), registration(tenant, "[\"state:admin\"]", null), "Authorization", token),
                    403, "forbidden");
            assertProblem(http.get(path(role), "Authorization", token), 403, "forbidden");
            assertProblem(http.delete(path(role), "Authorization", token), 403, "forbidden");
            assertProblem(http.get("/v1/admin/principals?tenant=" + tenant, "Authorization", token), 403, "forbidden");
            // the scope is asked for first: a non-operator learns nothing of the request's form
            assertProblem(http.put(path("not-an-arn"), "{\"tenant\":", "Authorization", token), 403, "forbidden");
        }

        assertThat(http.get(path(role), AS_OPERATOR).body()).isEqualTo(before);
        assertProblem(http.get(path(other), AS_OPERATOR), 404, "principal-not-found");
    }

    @Test
    void anOperatorsTokenNeedsNoTenantAndReachesNoTenantsData() {
        JWTClaimsSet withoutTenant = new JWTClaimsSet.Builder(TestStack.issuer().claims(TokenGrant.of("ops", "state:operator")))
                .claim("tenant", null).build();
        String operator = bearer(TestStack.issuer().sign(withoutTenant));

        HttpResponse<String> created = http.put(path(role), "{\"scopes\":[\"state:operator\"]}", "Authorization", operator);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).has("tenant")).as("an operator of no tenant").isFalse();
        assertProblem(http.get("/v1/namespaces/orders/keys/k", "Authorization", operator), 403, "forbidden");
    }

    @Test
    void listingOneTenantPagesThroughItsPrincipalsOnly() {
        for (int i = 3; i >= 1; i--) {
            http.put(path(role + "-" + i), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR);
        }
        http.put(path(role + "-other"), registration("globex-" + id, "[\"state:read\"]", null), AS_OPERATOR);

        HttpResponse<String> first = http.get("/v1/admin/principals?tenant=" + tenant + "&limit=2", AS_OPERATOR);
        assertThat(first.statusCode()).isEqualTo(200);
        List<String> listed = new ArrayList<>(principals(first));
        String cursor = json(first).get("nextCursor").asText();
        HttpResponse<String> last = http.get("/v1/admin/principals?tenant=" + tenant + "&limit=2&cursor=" + cursor, AS_OPERATOR);
        listed.addAll(principals(last));

        assertThat(listed).containsExactly(role + "-1", role + "-2", role + "-3");
        assertThat(json(last).has("nextCursor")).isFalse();
    }

    @Test
    void listingEveryTenantGivesAFullPageWithACursorWhileMoreFollow() {
        http.put(path(role + "-a"), registration(tenant, "[\"state:read\"]", null), AS_OPERATOR);
        http.put(path(role + "-b"), registration("globex-" + id, "[\"state:read\"]", null), AS_OPERATOR);

        HttpResponse<String> page = http.get("/v1/admin/principals?limit=1", AS_OPERATOR);

        assertThat(principals(page)).hasSize(1);
        assertThat(json(page).get("nextCursor").asText()).isNotEmpty();
    }

    @Test
    void aListingRefusesWhatItCannotTakeAtItsWord() {
        for (String query : List.of("tennant=" + tenant, "limit=0", "limit=101", "limit=ten", "cursor=not-a-cursor",
                "tenant=acme%23orders", "tenant=a&tenant=b")) {
            assertProblem(http.get("/v1/admin/principals?" + query, AS_OPERATOR), 400, "invalid-request");
        }
    }

    private static List<String> principals(HttpResponse<String> page) {
        List<String> principals = new ArrayList<>();
        json(page).get("principals").forEach(p -> principals.add(p.get("principal").asText()));
        return principals;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("type").asText()).isEqualTo("https://stateapi.io/problems/" + type);
    }

    private static JsonNode parse(String text) {
        return io.stateapi.json.StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
