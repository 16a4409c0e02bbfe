package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An expired watch cursor and the resynchronisation (ADR 0037), through the api function's
 * handler fed API Gateway events. The function runs with the local stack's fixed cursor key, so
 * the test can seal a cursor from days ago as the service would have issued it then (the shared
 * stack signs with a random key per run, and no retention is shorter than a day).
 */
class WatchCursorExpiryTest {

    /** The watch's cursor kind (WatchService.CURSOR_PURPOSE): a cursor as the service seals it. */
    private static final String PURPOSE = "changes/v1";

    private static io.stateapi.http.ApiFunction function;
    private final String ns = TestStack.uniqueNamespace("expired");

    @BeforeAll
    static void startFunction() {
        TestStack stack = TestStack.shared();
        function = io.stateapi.http.ApiFunction.withProperties(
                LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES));
    }

    @AfterAll
    static void stopFunction() {
        function.close();
    }

    private APIGatewayV2HTTPResponse call(String file, String path, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(file);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setRawQueryString(query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        return function.handleRequest(event, new LocalContext());
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        String text = response.getIsBase64Encoded()
                ? new String(java.util.Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
        return StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private String cursorFrom(Duration ago) {
        long at = Instant.now().minus(ago).toEpochMilli();
        return SignedCursors.fromSecret(LocalStack.FIXED_CURSOR_KEY).seal(CursorScope.of(PURPOSE, TestStack.TENANT, ns, ""),
                Long.toString(at).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorOlderThanTheRetentionIs410AndASnapshotGivesACursorThatWorks() {
        APIGatewayV2HTTPResponse put = call("events/put-key.json", "/v1/namespaces/" + ns + "/keys/eu/2026/order-17",
                Map.of());
        assertThat(put.getStatusCode()).as(put.getBody()).isEqualTo(201);
        String changes = "/v1/namespaces/" + ns + "/changes";

        APIGatewayV2HTTPResponse expired = call("events/get-key.json", changes,
                Map.of("after", cursorFrom(Duration.ofDays(7).plusHours(1)), "waitSeconds", "0"));
        APIGatewayV2HTTPResponse kept = call("events/get-key.json", changes,
                Map.of("after", cursorFrom(Duration.ofDays(6)), "waitSeconds", "0"));
        APIGatewayV2HTTPResponse snapshot = call("events/get-key.json", changes + "/snapshot", Map.of());
        String fresh = body(snapshot).get("cursor").asText();
        APIGatewayV2HTTPResponse resumed = call("events/get-key.json", changes, Map.of("after", fresh, "waitSeconds", "0"));

        assertThat(expired.getStatusCode()).as(expired.getBody()).isEqualTo(410);
        assertThat(body(expired).get("type").asText()).isEqualTo("https://stateapi.io/problems/cursor-expired");
        assertThat(body(expired).get("detail").asText()).contains("snapshot").contains("7 days");
        assertThat(kept.getStatusCode()).as(kept.getBody()).isEqualTo(200);
        assertThat(snapshot.getStatusCode()).as(snapshot.getBody()).isEqualTo(200);
        assertThat(body(snapshot).get("items")).extracting(item -> item.get("key").asText())
                .containsExactly("eu/2026/order-17");
        assertThat(resumed.getStatusCode()).as(resumed.getBody()).isEqualTo(200);
        assertThat(body(resumed).get("cursor").asText()).isNotBlank();
    }
}
