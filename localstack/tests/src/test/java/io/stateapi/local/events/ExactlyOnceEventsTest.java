package io.stateapi.local.events;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.faults.Faults;
import io.stateapi.faults.Faults.LostAnswer;
import io.stateapi.http.ApiFunction;
import io.stateapi.http.Http;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Exactly once, end to end: answers lost between the api function and DynamoDB (the AWS SDK
 * sends the write again) and between the client and the API (the client sends it again with
 * the same Idempotency-Key). Each logical write reports its true outcome and yields exactly
 * one version and one change event.
 */
class ExactlyOnceEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("once-e2e");

    private static LocalStack stack;
    private static ChangeQueueReader queue;
    private final String ns = TestStack.uniqueNamespace("once");

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        queue = new ChangeQueueReader(stack.changes());
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Each row: a write whose first DynamoDB answer is lost, with or without an Idempotency-Key. */
    @ParameterizedTest
    @ValueSource(strings = {"put", "put-if-absent", "put-if-present", "put-if-match", "delete", "delete-if-match"})
    void aWriteWhoseDynamoDbAnswerIsLostIsReportedOnceWithOneEvent(String write) {
        for (boolean withKey : new boolean[] {false, true}) {
            String key = write + (withKey ? "/with-key" : "/without-key");
            Http http = new Http(stack.apiEndpoint());
            boolean creates = write.equals("put-if-absent");
            if (!creates) {
                assertThat(http.put(keyPath(ns, key), "{\"value\":0}").statusCode()).isEqualTo(201);
            }
            String[] headers = switch (write) {
                case "put-if-absent" -> new String[] {"If-None-Match", "*"};
                case "put-if-present" -> new String[] {"If-Match", "*"};
                case "put-if-match", "delete-if-match" -> new String[] {"If-Match", "\"1\""};
                default -> new String[] {};
            };
            if (withKey) {
                headers = append(headers, "Idempotency-Key", "\"" + key + "\"");
            }
            String operation = withKey ? "TransactWriteItems" : "UpdateItem";
            String[] sent = headers;
            HttpResponse<String> response = throughLossyFunction(operation, lossy -> write.startsWith("delete")
                    ? lossy.delete(keyPath(ns, key), sent)
                    : lossy.put(keyPath(ns, key), "{\"value\":1}", sent));

            long expectedVersion = creates ? 1 : 2;
            int expectedStatus = write.startsWith("delete") ? 204 : creates ? 201 : 200;
            assertThat(response.statusCode()).as("%s: %s", key, response.body()).isEqualTo(expectedStatus);
            assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
            if (!write.startsWith("delete")) {
                assertThat(response.headers().firstValue("ETag")).contains("\"" + expectedVersion + "\"");
            }
            String last = (write.startsWith("delete") ? "deleted@" : creates ? "created@" : "updated@") + expectedVersion;
            awaitChanges(key, creates ? List.of(last) : List.of("created@1", last));
        }
    }

    /** The client lost the answer and sends the same request again with the same Idempotency-Key. */
    @ParameterizedTest
    @ValueSource(strings = {"put", "put-if-match", "delete"})
    void aRepeatWithTheSameIdempotencyKeyReplaysTheOutcomeWithoutASecondEvent(String write) {
        String key = "repeat/" + write;
        Http http = new Http(stack.apiEndpoint());
        assertThat(http.put(keyPath(ns, key), "{\"value\":0}").statusCode()).isEqualTo(201);
        Supplier<HttpResponse<String>> send = () -> switch (write) {
            case "put" -> http.put(keyPath(ns, key), "{\"value\":1}", "Idempotency-Key", "r-" + write);
            case "put-if-match" -> http.put(keyPath(ns, key), "{\"value\":1}", "If-Match", "\"1\"",
                    "Idempotency-Key", "r-" + write);
            default -> http.delete(keyPath(ns, key), "Idempotency-Key", "r-" + write);
        };

        HttpResponse<String> first = send.get();
        HttpResponse<String> repeat = send.get();

        assertThat(repeat.statusCode()).isEqualTo(first.statusCode());
        assertThat(repeat.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        if (!write.equals("delete")) {
            assertThat(json(http.get(keyPath(ns, key))).get("version").asLong()).isEqualTo(2);
        }
        awaitChanges(key, List.of("created@1", (write.equals("delete") ? "deleted@2" : "updated@2")));
    }

    private HttpResponse<String> throughLossyFunction(String operation,
                                                      java.util.function.Function<Http, HttpResponse<String>> call) {
        ExecutionInterceptor lose = Faults.dynamoDbLostAnswers(operation, 1, LostAnswer.CONNECTION_RESET);
        try (ApiFunction lossy = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(TestStack.emulator().endpoint(), RESOURCES))
                .singletons(lose)
                .build());
             LocalGateway gateway = LocalGateway.start(lossy, 0, JwtAuthorizer.trusting(TestStack.issuer()))) {
            return call.apply(new Http(gateway.endpoint()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until the key's events are exactly {@code expected}, then gives a late duplicate time to show. */
    private void awaitChanges(String key, List<String> expected) {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                queue.drain();
                return queue.changesOf(key).size() >= expected.size();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no events of " + key + " in time; received: " + queue.drain().stream()
                    .map(r -> r.event().path("data").path("namespace").asText() + "/" + r.key() + ":" + r.change())
                    .toList(), e);
        }
        long mark = stack.changes().poller().idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.changes().poller().idleRounds() >= mark + 2);
        queue.drain();
        assertThat(queue.changesOf(key)).as("events of %s", key).containsExactlyElementsOf(expected);
    }

    private static String[] append(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
