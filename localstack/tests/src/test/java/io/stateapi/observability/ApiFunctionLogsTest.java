package io.stateapi.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.faults.Faults;
import io.stateapi.http.ApiFunction;
import io.stateapi.json.StateJson;
import io.stateapi.metrics.EmbeddedMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The api function's log lines, as the real handler writes them through the configured encoder:
 * one JSON object per line, in Lambda's JSON log shape, each request's line with its request id,
 * trace id, route, namespace and outcome, a 5xx with its cause, and never a value or a credential.
 */
class ApiFunctionLogsTest {

    private static final String ROUTE = "/v1/namespaces/{namespace}/keys/{+key}";
    private static final String TRACE_ROOT = "1-6756a1b2-0123456789abcdef01234567";
    private static final String SECRET_VALUE = "value-that-must-not-be-logged-5b1e";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.token-that-must-not-be-logged.c2ln";

    private static ApiFunction function;
    private final String ns = TestStack.uniqueNamespace("logs");

    @BeforeAll
    static void startFunction() {
        function = ApiFunction.withProperties(LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(),
                TestStack.RESOURCES));
    }

    @AfterAll
    static void stopFunction() {
        function.close();
    }

    /** A PUT of a value that holds a secret, with a bearer token, as API Gateway hands it over. */
    private APIGatewayV2HTTPEvent put() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/put-key.json");
        String path = event.getRawPath().replace("/namespaces/orders/", "/namespaces/" + ns + "/");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setBody("{\"value\":{\"card\":\"" + SECRET_VALUE + "\"}}");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + TOKEN);
        headers.remove("content-length");
        event.setHeaders(headers);
        return event;
    }

    private static List<JsonNode> requestLines(LogLines logs, String requestId) {
        return logs.where(line -> requestId.equals(line.path("requestId").asText()) && line.has("status"));
    }

    @Test
    void everyLineIsOneJsonObjectInLambdasJsonLogShape() {
        try (LogLines logs = new LogLines()) {
            function.handleRequest(put(), new LocalContext());

            assertThat(logs.json()).isNotEmpty().allSatisfy(line -> {
                assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(line.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(line.path("message").isTextual()).isTrue();
                assertThat(line.path("logger").isTextual()).isTrue();
            });
        }
    }

    @Test
    void aRequestsLineCarriesItsRequestIdTraceIdRouteNamespaceAndOutcome() {
        LocalContext context = new LocalContext();
        try (LogLines logs = new LogLines()) {
            APIGatewayV2HTTPResponse response = function.handleRequest(put(), context);

            assertThat(response.getStatusCode()).isEqualTo(201);
            List<JsonNode> lines = requestLines(logs, context.getAwsRequestId());
            assertThat(lines).hasSize(1);
            JsonNode line = lines.getFirst();
            assertThat(line.path("traceId").asText()).isEqualTo(TRACE_ROOT);
            assertThat(line.path("route").asText()).isEqualTo(ROUTE);
            assertThat(line.path("method").asText()).isEqualTo("PUT");
            assertThat(line.path("namespace").asText()).isEqualTo(ns);
            assertThat(line.path("status").asInt()).isEqualTo(201);
            assertThat(line.path("level").asText()).isEqualTo("INFO");
        }
    }

    @Test
    void neitherTheValueNorTheTokenAppearsAnywhereInTheOutput() {
        try (LogLines logs = new LogLines()) {
            function.handleRequest(put(), new LocalContext());
            function.handleRequest(put(), new LocalContext()); // a 412, with the current item in the exception

            assertThat(String.join("\n", logs.text())).isNotEmpty()
                    .doesNotContain(SECRET_VALUE).doesNotContain(TOKEN).doesNotContain("Bearer");
        }
    }

    @Test
    void aStoreUnavailable503IsLoggedWithItsCause() {
        LocalContext context = new LocalContext();
        try (ApiFunction throttled = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(Faults.dynamoDbThrottling("ProvisionedThroughputExceededException"))
                .build());
             LogLines logs = new LogLines()) {
            APIGatewayV2HTTPResponse response = throttled.handleRequest(put(), context);

            assertThat(response.getStatusCode()).isEqualTo(503);
            List<JsonNode> causes = logs.where(line -> context.getAwsRequestId().equals(line.path("requestId").asText())
                    && line.has("errorType"));
            assertThat(causes).as("a line with the failure").isNotEmpty();
            JsonNode cause = causes.getFirst();
            assertThat(cause.path("level").asText()).isIn("WARN", "ERROR");
            assertThat(cause.path("errorType").asText()).isEqualTo("io.stateapi.domain.exceptions.StoreUnavailableException");
            assertThat(cause.path("stackTrace").asText()).contains("ProvisionedThroughputExceededException");
            assertThat(cause.path("route").asText()).isEqualTo(ROUTE);
            assertThat(requestLines(logs, context.getAwsRequestId())).singleElement()
                    .satisfies(line -> assertThat(line.path("status").asInt()).isEqualTo(503));
            assertThat(String.join("\n", logs.text())).doesNotContain(SECRET_VALUE).doesNotContain(TOKEN);
        }
    }

    @Test
    void aRequestIsCountedByRouteAndStatusInEmbeddedMetricFormat() {
        List<String> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ApiFunction counted = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(new EmbeddedMetrics("test", emitted::add, Clock.systemUTC()))
                .build())) {
            counted.handleRequest(put(), new LocalContext());
            counted.handleRequest(put(), new LocalContext());
        }

        List<JsonNode> lines = emitted.stream().map(l -> StateJson.parse(l.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(lines).extracting(l -> l.path("Route").asText()).containsOnly("PUT " + ROUTE);
        assertThat(lines).extracting(l -> l.path("Status").asText()).containsExactly("201", "412");
        assertThat(lines).extracting(l -> l.path("Conflicts").asInt()).containsExactly(0, 1);
        assertThat(lines.getFirst().path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo("StateApi");
        assertThat(String.join("\n", emitted)).doesNotContain(SECRET_VALUE).doesNotContain(TOKEN);
    }

    @Test
    void aWriteAnsweredFromItsIdempotencyKeysStoredOutcomeIsAnIdempotentReplay() {
        List<String> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        APIGatewayV2HTTPEvent first = put();
        first.getHeaders().put("idempotency-key", "logs-replay-" + ns);
        APIGatewayV2HTTPEvent again = put();
        again.getHeaders().put("idempotency-key", "logs-replay-" + ns);
        LocalContext replayed = new LocalContext();
        try (ApiFunction counted = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(new EmbeddedMetrics("test", emitted::add, Clock.systemUTC()))
                .build());
             LogLines logs = new LogLines()) {
            assertThat(counted.handleRequest(first, new LocalContext()).getStatusCode()).isEqualTo(201);
            assertThat(counted.handleRequest(again, replayed).getStatusCode()).isEqualTo(201);

            assertThat(requestLines(logs, replayed.getAwsRequestId())).singleElement()
                    .satisfies(line -> assertThat(line.path("idempotentReplay").asBoolean()).isTrue());
        }

        assertThat(emitted).extracting(l -> StateJson.parse(l.getBytes(StandardCharsets.UTF_8))
                .path("IdempotentReplays").asInt()).containsExactly(0, 1);
    }

    @Test
    void aRequestNoRouteMatchesIsLoggedAsUnmatchedWithItsStatus() {
        APIGatewayV2HTTPEvent event = put();
        event.setRawPath("/v1/no-such-resource/secret-looking-path");
        event.getRequestContext().getHttp().setPath("/v1/no-such-resource/secret-looking-path");
        LocalContext context = new LocalContext();
        try (LogLines logs = new LogLines()) {
            assertThat(function.handleRequest(event, context).getStatusCode()).isEqualTo(404);

            assertThat(requestLines(logs, context.getAwsRequestId())).singleElement().satisfies(line -> {
                assertThat(line.path("route").asText()).isEqualTo("unmatched");
                assertThat(line.path("status").asInt()).isEqualTo(404);
                assertThat(line.has("namespace")).isFalse();
            });
            assertThat(String.join("\n", logs.text())).doesNotContain("secret-looking-path");
        }
    }

    @Test
    void theRequestsFieldsAreClearedAfterTheRequest() {
        function.handleRequest(put(), new LocalContext());

        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
