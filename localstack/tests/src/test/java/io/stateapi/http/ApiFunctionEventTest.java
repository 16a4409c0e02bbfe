package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.PathDecoding;
import io.stateapi.local.TestStack;
import io.stateapi.resources.FunctionProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.faults.Faults;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The api function's handler fed API Gateway HTTP API (payload 2.0) events as Lambda delivers them. */
class ApiFunctionEventTest {

    private static ApiFunction function;
    private final String ns = TestStack.uniqueNamespace("events");

    @BeforeAll
    static void startFunction() {
        TestStack stack = TestStack.shared();
        function = ApiFunction.withProperties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES));
    }

    @AfterAll
    static void stopFunction() {
        function.close();
    }

    private APIGatewayV2HTTPEvent event(String file) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
        String path = event.getRawPath().replace("/namespaces/orders/", "/namespaces/" + ns + "/");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        String text = response.getIsBase64Encoded()
                ? new String(java.util.Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
        return StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        Map<String, String> headers = response.getHeaders();
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void createOnlyPutEventCreatesTheKey() {
        APIGatewayV2HTTPResponse response = function.handleRequest(event("events/put-key.json"), new LocalContext());

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        JsonNode body = body(response);
        assertThat(body.get("key").asText()).isEqualTo("eu/2026/order-17");
        assertThat(body.get("value").get("total").asText()).isEqualTo("99.90");
        assertThat(body.get("expiresAt").isTextual()).isTrue();
    }

    @Test
    void secondCreateOnlyPutEventIsAConflict() {
        function.handleRequest(event("events/put-key.json"), new LocalContext());
        APIGatewayV2HTTPResponse response = function.handleRequest(event("events/put-key.json"), new LocalContext());

        assertThat(response.getStatusCode()).isEqualTo(412);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(body(response).get("currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    void anEventWithoutTheAuthorizersVerdictIs401AndTouchesNothing() {
        APIGatewayV2HTTPEvent put = event("events/put-key.json");
        put.getRequestContext().setAuthorizer(null);

        APIGatewayV2HTTPResponse response = function.handleRequest(put, new LocalContext());

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(body(response).get("type").asText()).endsWith("/unauthenticated");
        assertThat(function.handleRequest(event("events/get-key.json"), new LocalContext()).getStatusCode())
                .isEqualTo(404);
    }

    @Test
    void anIamPrincipalOfASingleTenantDeploymentActsForTheDefaultTenant() {
        Map<String, Object> properties = new java.util.HashMap<>(
                LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), TestStack.RESOURCES));
        properties.put(FunctionProperties.AUTH_DEFAULT_TENANT, TestStack.TENANT);
        try (ApiFunction iamFunction = ApiFunction.withProperties(properties)) {
            APIGatewayV2HTTPEvent put = event("events/put-key.json");
            put.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                            .withUserArn("arn:aws:sts::123456789012:assumed-role/orders-service/session-1")
                            .withAccountId("123456789012").build())
                    .build());

            assertThat(iamFunction.handleRequest(put, new LocalContext()).getStatusCode()).isEqualTo(201);
        }
        assertThat(function.handleRequest(event("events/get-key.json"), new LocalContext()).getStatusCode())
                .as("the JWT caller of tenant 'test' reads what the IAM caller wrote").isEqualTo(200);
    }

    @Test
    void anotherTenantsTokenDoesNotReachTheKeyOfTheSameName() {
        function.handleRequest(event("events/put-key.json"), new LocalContext());
        APIGatewayV2HTTPEvent get = event("events/get-key.json");
        get.getRequestContext().getAuthorizer().getJwt().setClaims(
                Map.of("tenant", "other-tenant", "scope", "state:read state:write"));

        APIGatewayV2HTTPResponse response = function.handleRequest(get, new LocalContext());

        assertThat(response.getStatusCode()).isEqualTo(404);
    }

    @Test
    void getEventWithQueryStringReadsTheKey() {
        function.handleRequest(event("events/put-key.json"), new LocalContext());
        APIGatewayV2HTTPResponse response = function.handleRequest(event("events/get-key.json"), new LocalContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aPathDeliveredDecodedAndTheSameKeySentEncodedAddressTheSameKey() {
        TestStack stack = TestStack.shared();
        try (ApiFunction behindHttpApi = ApiFunction.withProperties(LocalStack.functionProperties(
                stack.emulatorEndpoint(), TestStack.RESOURCES, PathDecoding.HTTP_API))) {
            // What API Gateway HTTP APIs hand the function for .../people/Jos%25C3%25A9%2520Smith/100%2525
            APIGatewayV2HTTPEvent put = event("events/put-key.json");
            String decoded = "/v1/namespaces/" + ns + "/keys/people/José Smith/100%";
            put.setRawPath(decoded);
            put.getRequestContext().getHttp().setPath(decoded);
            assertThat(behindHttpApi.handleRequest(put, new LocalContext()).getStatusCode()).isEqualTo(201);
        }

        APIGatewayV2HTTPEvent get = event("events/get-key.json");
        String asSent = "/v1/namespaces/" + ns + "/keys/people/Jos%25C3%25A9%2520Smith/100%2525";
        get.setRawPath(asSent);
        get.getRequestContext().getHttp().setPath(asSent);
        APIGatewayV2HTTPResponse read = function.handleRequest(get, new LocalContext());
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(body(read).get("key").asText()).isEqualTo("people/José Smith/100%");
    }

    @Test
    void dynamoDbTimeoutsBeyondTheCallBudgetAre503WithRetryAfter() {
        TestStack stack = TestStack.shared();
        ExecutionInterceptor stall = Faults.dynamoDbStall(DynamoDbClients.ATTEMPT_TIMEOUT.plusSeconds(1));
        try (ApiFunction stalled = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(stall)
                .build())) {
            APIGatewayV2HTTPResponse response = stalled.handleRequest(event("events/get-key.json"), new LocalContext());

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(header(response, "Retry-After")).isEqualTo("1");
            assertThat(body(response).get("type").asText()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE.uri().toString());
        }
    }

    @Test
    void throttlingBeyondTheSdkRetriesIs503WithRetryAfter() {
        ExecutionInterceptor throttle = Faults.dynamoDbThrottling("ProvisionedThroughputExceededException");
        TestStack stack = TestStack.shared();
        try (ApiFunction throttled = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(throttle)
                .build())) {
            APIGatewayV2HTTPResponse response = throttled.handleRequest(event("events/put-key.json"), new LocalContext());

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(header(response, "Retry-After")).isEqualTo("1");
            assertThat(body(response).get("type").asText()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE.uri().toString());
        }
        APIGatewayV2HTTPResponse read = function.handleRequest(event("events/get-key.json"), new LocalContext());
        assertThat(read.getStatusCode()).as("nothing was written").isEqualTo(404);
    }
}
