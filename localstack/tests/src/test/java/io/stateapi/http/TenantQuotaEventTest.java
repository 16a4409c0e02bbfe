package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbQuotaLedger;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.SettableClock;
import io.stateapi.local.TestStack;
import io.stateapi.resources.FunctionProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The per-tenant request quota (ADR 0017) at the api function, fed API Gateway events with a JWT
 * authorizer verdict for two tenants. The function's clock is the test's, so every request of a
 * test falls in the window the test says, however slow the machine.
 */
class TenantQuotaEventTest {

    private static final int QUOTA = 5;

    private final TestStack stack = TestStack.shared();
    private final String ns = TestStack.uniqueNamespace("quota");
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenantA = "quota-a-" + suffix;
    private final String tenantB = "quota-b-" + suffix;
    private final SettableClock clock =
            new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(100));
    private ApiFunction function;

    @BeforeEach
    void startFunctionWithASmallQuota() {
        Map<String, Object> properties = new HashMap<>(
                LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES));
        properties.put(FunctionProperties.TENANT_REQUESTS_PER_SECOND, QUOTA);
        function = new ApiFunction(new LambdaApplicationContextBuilder().properties(properties).singletons(clock).build());
    }

    @AfterEach
    void stopFunction() {
        function.close();
    }

    private APIGatewayV2HTTPEvent event(String file, String tenant, String key) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
        String path = "/v1/namespaces/" + ns + "/keys/" + key;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of(
                "tenant", tenant, "scope", "state:read state:write", "aud", "state-api"));
        return event;
    }

    private APIGatewayV2HTTPResponse put(String tenant, String key) {
        return function.handleRequest(event("events/put-key.json", tenant, key), new LocalContext());
    }

    private APIGatewayV2HTTPResponse get(String tenant, String key) {
        return function.handleRequest(event("events/get-key.json", tenant, key), new LocalContext());
    }

    private APIGatewayV2HTTPResponse health() {
        APIGatewayV2HTTPEvent event = event("events/get-key.json", tenantA, "unused");
        event.setRawPath("/health");
        event.getRequestContext().getHttp().setPath("/health");
        event.setRawQueryString("");
        event.setQueryStringParameters(null);
        return function.handleRequest(event, new LocalContext());
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        String text = response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
        return StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean stored(String tenant, String key) {
        return !stack.dynamoDb().getItem(b -> b.tableName(stack.tableName()).consistentRead(true).key(Map.of(
                StateItem.PK, AttributeValue.fromS(StateItem.partitionKey(TenantNamespace.of(tenant, ns))),
                StateItem.SK, AttributeValue.fromS(key)))).item().isEmpty();
    }

    @Test
    void aTenantOverItsQuotaIs429WithRetryAfterAndItsWriteIsNotApplied() {
        for (int i = 1; i <= QUOTA; i++) {
            assertThat(put(tenantA, "k" + i).getStatusCode()).as("request %d of %d", i, QUOTA).isEqualTo(201);
        }

        APIGatewayV2HTTPResponse refused = put(tenantA, "k6");

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(header(refused, "Retry-After")).isEqualTo("1");
        assertThat(body(refused).get("type").asText()).isEqualTo(ProblemType.QUOTA_EXCEEDED.uri().toString());
        assertThat(body(refused).get("status").asInt()).isEqualTo(429);
        assertThat(stored(tenantA, "k6")).as("the refused write changed nothing").isFalse();
        assertThat(stored(tenantA, "k5")).isTrue();
    }

    @Test
    void anotherTenantsRequestsSucceedInTheWindowWhereOneIsRefused() {
        for (int i = 1; i <= QUOTA + 1; i++) {
            put(tenantA, "k" + i);
        }
        assertThat(get(tenantA, "k1").getStatusCode()).isEqualTo(429);

        assertThat(put(tenantB, "k1").getStatusCode()).isEqualTo(201);
        assertThat(put(tenantB, "k6").getStatusCode()).isEqualTo(201);
        assertThat(get(tenantB, "k1").getStatusCode()).isEqualTo(200);
        assertThat(get(tenantB, "k6").getStatusCode()).isEqualTo(200);
        assertThat(get(tenantB, "k2").getStatusCode()).isEqualTo(404);
        assertThat(put(tenantB, "k7").getStatusCode()).as("B's sixth request").isEqualTo(429);
    }

    @Test
    void inTheNextWindowTheTenantIsServedAgain() {
        for (int i = 1; i <= QUOTA; i++) {
            put(tenantA, "k" + i);
        }
        assertThat(put(tenantA, "k6").getStatusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(1));

        assertThat(get(tenantA, "k6").getStatusCode()).as("the refused write was not applied").isEqualTo(404);
        assertThat(put(tenantA, "k6").getStatusCode()).isEqualTo(201);
    }

    @Test
    void requestsRefusedBeforeATenantIsKnownAndHealthChecksAreNotCharged() {
        for (int i = 0; i < 2 * QUOTA; i++) {
            APIGatewayV2HTTPEvent anonymous = event("events/put-key.json", tenantA, "anonymous");
            anonymous.getRequestContext().setAuthorizer(null);
            assertThat(function.handleRequest(anonymous, new LocalContext()).getStatusCode()).isEqualTo(401);
            assertThat(health().getStatusCode()).isEqualTo(200);
        }

        for (int i = 1; i <= QUOTA; i++) {
            assertThat(put(tenantA, "k" + i).getStatusCode()).isEqualTo(201);
        }
    }

    @Test
    void anOperatorsLimitForATenantReplacesTheDefault() {
        DynamoDbQuotaLedger ledger = function.getApplicationContext().getBean(DynamoDbQuotaLedger.class);
        ledger.setRequestsPerSecond(TenantId.of(tenantB), QUOTA + 3);

        for (int i = 1; i <= QUOTA + 3; i++) {
            assertThat(put(tenantB, "k" + i).getStatusCode()).as("request %d", i).isEqualTo(201);
        }
        assertThat(put(tenantB, "k9").getStatusCode()).isEqualTo(429);
    }
}
