package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.PathDecoding;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No path reaches another tenant's namespace (issue 10, ADR 0013): tenant "victim" keeps a secret
 * in namespace {@code vault}; tenant "intruder" sends every spelling of that namespace and of a
 * tenant-qualified name a path can carry, encoded, double-encoded, with dot segments, in other
 * cases, with the victim's tenant id in it, to every key operation, through gateways that hand
 * the path over as sent and decoded as API Gateway decodes it. No answer carries the secret, and
 * the victim's key is unchanged afterwards.
 */
class TenantPathTricksTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String VICTIM = "victim-" + RUN;
    private static final String INTRUDER = "intruder-" + RUN;
    private static final String NAMESPACE = "vault";
    private static final String SECRET = "s3cr3t-" + RUN;
    private static final String ALL_SCOPES = "state:read state:write state:admin";

    private static final Map<PathDecoding, LocalGateway> GATEWAYS = new EnumMap<>(PathDecoding.class);
    private static final List<ApiFunction> FUNCTIONS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestStack stack = TestStack.shared();
        for (PathDecoding mode : PathDecoding.values()) {
            ApiFunction function = ApiFunction.withProperties(
                    LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES, mode));
            FUNCTIONS.add(function);
            GATEWAYS.put(mode, LocalGateway.start(function, 0, mode, JwtAuthorizer.trusting(TestStack.issuer())));
        }
        HttpResponse<String> put = new Http(stack.api()).put(Http.keyPath(NAMESPACE, "doc"),
                "{\"value\":{\"secret\":\"" + SECRET + "\"}}", bearer(VICTIM));
        assertThat(put.statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        GATEWAYS.values().forEach(LocalGateway::close);
        FUNCTIONS.forEach(ApiFunction::close);
    }

    /** Spellings of the victim's namespace (or of its stored partition key) a path can carry. */
    static List<String> namespaceSpellings() {
        return List.of(
                "%76ault",                                  // 'v' percent-encoded
                "%2576ault",                                // ... double-encoded
                "VAULT", "Vault",                           // case variants
                VICTIM + "%23" + NAMESPACE,                 // the stored partition key, '#' encoded
                VICTIM + "%2523" + NAMESPACE,               // ... double-encoded
                VICTIM + "%2F" + NAMESPACE,                 // tenant and namespace as one segment
                VICTIM + "%252F" + NAMESPACE,
                "x/../" + NAMESPACE,                        // dot segments
                "x/%2E%2E/" + NAMESPACE,
                "." + "/" + NAMESPACE,
                "%2E%2E%2F" + VICTIM + "%2F" + NAMESPACE,
                NAMESPACE + "%00" + VICTIM,
                NAMESPACE + ";tenant=" + VICTIM);
    }

    static Stream<Arguments> tricks() {
        List<Arguments> rows = new ArrayList<>();
        for (PathDecoding mode : PathDecoding.values()) {
            for (String spelling : namespaceSpellings()) {
                for (String method : List.of("GET", "PUT", "DELETE")) {
                    rows.add(Arguments.of(mode, method, "/v1/namespaces/" + spelling + "/keys/doc"));
                }
            }
            // The victim's tenant id where a path could name a tenant.
            rows.add(Arguments.of(mode, "GET", "/v1/tenants/" + VICTIM + "/namespaces/" + NAMESPACE + "/keys/doc"));
            rows.add(Arguments.of(mode, "GET", "/v1/namespaces/" + NAMESPACE + "/keys/doc?tenant=" + VICTIM));
            rows.add(Arguments.of(mode, "GET", "/v1/" + VICTIM + "/namespaces/" + NAMESPACE + "/keys/doc"));
            rows.add(Arguments.of(mode, "GET", "/v1/namespaces/" + NAMESPACE));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("tricks")
    void noSpellingOfAnotherTenantsNamespaceReachesIt(PathDecoding mode, String method, String path) {
        byte[] body = method.equals("PUT") ? "{\"value\":{\"overwritten\":true}}".getBytes(StandardCharsets.UTF_8) : null;
        String[] headers = body == null ? bearer(INTRUDER)
                : new String[] {"Authorization", bearer(INTRUDER)[1], "Content-Type", "application/json"};

        HttpResponse<String> response = Http.withoutToken(GATEWAYS.get(mode).endpoint())
                .send(method, path, body, headers);

        assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500);
        assertThat(response.body()).doesNotContain(SECRET);
        HttpResponse<String> victims = new Http(TestStack.shared().api()).get(Http.keyPath(NAMESPACE, "doc"), bearer(VICTIM));
        assertThat(victims.statusCode()).isEqualTo(200);
        assertThat(Http.json(victims).path("version").asLong()).as("the victim's key is untouched").isEqualTo(1);
        assertThat(Http.json(victims).path("value").path("secret").asText()).isEqualTo(SECRET);
    }

    private static String[] bearer(String tenant) {
        return new String[] {"Authorization", "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, ALL_SCOPES))};
    }
}
