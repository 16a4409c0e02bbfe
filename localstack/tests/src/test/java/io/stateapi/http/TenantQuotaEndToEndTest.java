package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.SettableClock;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.resources.FunctionProperties;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant request quota (ADR 0017) over HTTP: two tenants' tokens through the local
 * gateway's JWT authorizer to an api function with a quota of 5 requests per second, on a clock
 * the test moves. Every response is also checked against the OpenAPI document ({@link Http}).
 */
class TenantQuotaEndToEndTest {

    private static final int QUOTA = 5;
    private static final String BODY = "{\"value\":{\"n\":1}}";

    private static final SettableClock CLOCK =
            new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(100));
    private static ApiFunction function;
    private static LocalGateway gateway;
    private static Http http;

    private final String ns = TestStack.uniqueNamespace("quota");
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tokenA = token("quota-a-" + suffix);
    private final String tokenB = token("quota-b-" + suffix);

    @BeforeAll
    static void startApiWithASmallQuota() throws Exception {
        Map<String, Object> properties = new HashMap<>(
                LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), TestStack.RESOURCES));
        properties.put(FunctionProperties.TENANT_REQUESTS_PER_SECOND, QUOTA);
        function = new ApiFunction(new LambdaApplicationContextBuilder().properties(properties).singletons(CLOCK).build());
        gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(TestStack.issuer()));
        http = new Http(gateway.endpoint());
    }

    @AfterAll
    static void stopApi() {
        gateway.close();
        function.close();
    }

    private static String token(String tenant) {
        return TestStack.issuer().token(tenant, "state:read state:write");
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private String path(String key) {
        return Http.keyPath(ns, key);
    }

    @Test
    void tenantAOverItsQuotaIs429WithRetryAfterWhileTenantBIsServed() {
        for (int i = 1; i <= QUOTA; i++) {
            assertThat(http.put(path("k" + i), BODY, bearer(tokenA)).statusCode()).as("A's request %d", i).isEqualTo(201);
        }

        HttpResponse<String> refused = http.put(path("k6"), BODY, bearer(tokenA));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Http.json(refused).get("type").asText()).isEqualTo(ProblemType.QUOTA_EXCEEDED.uri().toString());

        assertThat(http.put(path("k1"), BODY, bearer(tokenB)).statusCode()).as("B's own k1").isEqualTo(201);
        assertThat(http.put(path("k6"), BODY, bearer(tokenB)).statusCode()).isEqualTo(201);
        assertThat(http.get(path("k6"), bearer(tokenB)).statusCode()).isEqualTo(200);
        assertThat(http.delete(path("k1"), bearer(tokenB)).statusCode()).isEqualTo(204);
        assertThat(http.get(path("k2"), bearer(tokenB)).statusCode()).as("A's k2 is not B's").isEqualTo(404);
        assertThat(http.get(path("k1"), bearer(tokenA)).statusCode()).as("A, still in the window").isEqualTo(429);

        CLOCK.advance(Duration.ofSeconds(1));

        assertThat(http.get(path("k6"), bearer(tokenA)).statusCode()).as("A's refused write changed nothing").isEqualTo(404);
        assertThat(http.get(path("k1"), bearer(tokenA)).statusCode()).as("B's delete did not touch A").isEqualTo(200);
    }

    @Test
    void aRequestWithoutATokenIsRefusedByTheGatewayAndChargesNoTenant() {
        for (int i = 0; i < 2 * QUOTA; i++) {
            assertThat(http.get(path("k1"), "Authorization", "Bearer not-a-token").statusCode()).isEqualTo(401);
        }

        for (int i = 1; i <= QUOTA; i++) {
            assertThat(http.put(path("k" + i), BODY, bearer(tokenA)).statusCode()).isEqualTo(201);
        }
    }
}
