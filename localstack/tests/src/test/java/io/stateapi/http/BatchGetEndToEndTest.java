package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.faults.UnprocessedBatchKeys;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/namespaces/{ns}/batch-get} through the local gateway and the api function (ADR 0027). */
class BatchGetEndToEndTest {

    private final TestStack stack = TestStack.shared();
    private final Http http = new Http(stack.api());
    private final String ns = TestStack.uniqueNamespace("batch");

    private HttpResponse<String> batchGet(String namespace, String body) {
        return http.send("POST", "/v1/namespaces/" + namespace + "/batch-get", body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }

    private long put(String key, String body) {
        HttpResponse<String> response = http.put(Http.keyPath(ns, RawPaths.encodeKey(key)), body);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return json(response).get("version").asLong();
    }

    private static String keys(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> "\"" + k + "\"").collect(Collectors.joining(",", "{\"keys\":[", "]"));
    }

    private static List<JsonNode> items(HttpResponse<String> response) {
        List<JsonNode> items = new ArrayList<>();
        json(response).get("items").forEach(items::add);
        return items;
    }

    @Test
    void answersFoundAndNotFoundKeysInTheOrderAskedWithTheirVersions() {
        put("a", "{\"value\":{\"n\":1}}");
        long version = put("a", "{\"value\":{\"n\":2}}");
        put("b/c", "{\"value\":\"bc\"}");
        put("gone", "{\"value\":1}");
        assertThat(http.delete(Http.keyPath(ns, "gone")).statusCode()).isEqualTo(204);
        put("short-lived", "{\"value\":1,\"ttlSeconds\":1}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get(Http.keyPath(ns, "short-lived")).statusCode() == 404);

        HttpResponse<String> response = batchGet(ns, keys("b/c", "never", "a", "gone", "short-lived") + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("namespace").asText()).isEqualTo(ns);
        List<JsonNode> items = items(response);
        assertThat(items).extracting(item -> item.get("key").asText())
                .containsExactly("b/c", "never", "a", "gone", "short-lived");
        assertThat(items).extracting(item -> item.get("found").asBoolean()).containsExactly(true, false, true, false, false);
        assertThat(items.get(0).get("value").asText()).isEqualTo("bc");
        assertThat(items.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(items.get(2).get("value").get("n").asInt()).isEqualTo(2);
        assertThat(items.get(2).get("version").asLong()).isEqualTo(version).isEqualTo(2);
    }

    @Test
    void strongAndEventualBatchesBothFindWrittenKeys() {
        put("x", "{\"value\":1}");

        for (String consistency : List.of("strong", "eventual")) {
            HttpResponse<String> response = batchGet(ns, keys("x") + ",\"consistency\":\"" + consistency + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(items(response).get(0).get("found").asBoolean()).as(consistency).isTrue();
        }
    }

    @Test
    void keysInTheBodyAreNotPercentDecoded() {
        put("100%/a b", "{\"value\":\"literal\"}");

        HttpResponse<String> response = batchGet(ns, keys("100%/a b", "100%25/a%20b") + "}");

        assertThat(items(response)).extracting(item -> item.get("found").asBoolean()).containsExactly(true, false);
    }

    @Test
    void aNamespaceThatDoesNotExistIsNotFoundButAnExistingOneWithoutTheKeysIsNot() {
        HttpResponse<String> missing = batchGet(TestStack.uniqueNamespace("nowhere"), keys("a") + "}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("type").asText()).endsWith("/namespace-not-found");

        put("a", "{\"value\":1}");
        HttpResponse<String> none = batchGet(ns, keys("x", "y") + "}");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(items(none)).allMatch(item -> !item.get("found").asBoolean());
    }

    @Test
    void valuesBeyondTheAnswersByteBudgetAreOmittedWithTheirVersionsKept() {
        String big = "x".repeat(340 * 1024);
        List<String> asked = IntStream.range(0, 10).mapToObj(i -> "big/" + i).toList();
        asked.forEach(key -> put(key, "{\"value\":\"" + big + "\"}"));

        HttpResponse<String> response = batchGet(ns, keys(asked.toArray(String[]::new)) + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3_000_000);
        List<JsonNode> items = items(response);
        assertThat(items).hasSize(10).allSatisfy(item -> {
            assertThat(item.get("found").asBoolean()).isTrue();
            assertThat(item.get("version").asLong()).isEqualTo(1);
        });
        List<JsonNode> withValue = items.stream().filter(item -> item.has("value")).toList();
        assertThat(withValue).hasSizeBetween(1, 9).allSatisfy(item -> assertThat(item.get("value").asText()).isEqualTo(big));
        assertThat(items).filteredOn(item -> !item.has("value"))
                .isNotEmpty()
                .allSatisfy(item -> assertThat(item.get("valueOmitted").asBoolean()).isTrue());
    }

    @Test
    void keysDynamoDbLeavesUnprocessedAreRetriedInsideTheService() {
        List<String> asked = IntStream.range(0, 30).mapToObj(i -> "u/" + i).toList();
        asked.forEach(key -> put(key, "{\"value\":\"" + key + "\"}"));
        UnprocessedBatchKeys unprocessed = UnprocessedBatchKeys.inFirstAnswers(2);
        try (ApiFunction function = functionWith(unprocessed)) {
            ApiEvents.Response response = new ApiEvents(function).send(token(), "POST",
                    "/v1/namespaces/" + ns + "/batch-get", keys(asked.toArray(String[]::new)) + "}");

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            List<JsonNode> items = new ArrayList<>();
            response.json().get("items").forEach(items::add);
            assertThat(items).extracting(item -> item.get("key").asText()).containsExactlyElementsOf(asked);
            assertThat(items).allSatisfy(item -> assertThat(item.get("value").asText()).isEqualTo(item.get("key").asText()));
            assertThat(unprocessed.keysSent()).containsExactly(30, 15, 8);
        }
    }

    @Test
    void keysThatStayUnprocessedAre503WithRetryAfterNeverAPartialAnswer() {
        put("a", "{\"value\":1}");
        try (ApiFunction function = functionWith(UnprocessedBatchKeys.always())) {
            ApiEvents.Response response = new ApiEvents(function).send(token(), "POST",
                    "/v1/namespaces/" + ns + "/batch-get", keys("a", "b") + "}");

            assertThat(response.status()).as(response.text()).isEqualTo(503);
            assertThat(response.problem()).isEqualTo("service-unavailable");
            assertThat(response.header("Retry-After")).isEqualTo("1");
        }
    }

    private ApiFunction functionWith(UnprocessedBatchKeys unprocessed) {
        return new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(unprocessed)
                .build());
    }

    private static ApiEvents.Token token() {
        return ApiEvents.Token.of(TestStack.TENANT, "state:read state:write");
    }
}
