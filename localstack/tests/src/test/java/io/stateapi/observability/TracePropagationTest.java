package io.stateapi.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * A change can be followed from the API call through the stream to the fan-out: the request's
 * {@code X-Amzn-Trace-Id} is kept on the item it writes, and the fan-out's line for that
 * change carries the same trace id (docs/observability.md, ADR 0050).
 */
class TracePropagationTest {

    private static final String ROOT = "1-6756a1b2-" + "0123456789abcdef0123" + "4567";
    private static final String HEADER = "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1";

    private final TestStack stack = TestStack.shared();
    private final Http http = new Http(stack.api());
    private final String ns = TestStack.uniqueNamespace("traces");

    private Map<String, AttributeValue> item(String key) {
        return stack.dynamoDb().getItem(GetItemRequest.builder().tableName(stack.tableName()).consistentRead(true)
                .key(Map.of(StateItem.PK, AttributeValue.fromS(TestStack.partitionKey(ns)),
                        StateItem.SK, AttributeValue.fromS(key)))
                .build()).item();
    }

    /** The fan-out's lines about the records of this test's namespace. */
    private static List<JsonNode> fanOutRecordLines(LogLines logs, String namespace) {
        return logs.where(line -> line.path("logger").asText().startsWith("io.stateapi.events")
                && namespace.equals(line.path("namespace").asText()));
    }

    @Test
    void theRequestsTraceHeaderIsKeptOnTheItemItWrites() {
        assertThat(http.put(Http.keyPath(ns, "traced"), "{\"value\":1}", "X-Amzn-Trace-Id", HEADER).statusCode())
                .isEqualTo(201);

        assertThat(item("traced").get(StateItem.TRACE_HEADER)).isEqualTo(AttributeValue.fromS(HEADER));
    }

    @Test
    void aWriteWithoutATraceHeaderLeavesNoneBehindEvenOverATracedOne() {
        assertThat(http.put(Http.keyPath(ns, "k"), "{\"value\":1}", "X-Amzn-Trace-Id", HEADER).statusCode())
                .isEqualTo(201);
        assertThat(http.put(Http.keyPath(ns, "k"), "{\"value\":2}").statusCode()).isEqualTo(200);

        assertThat(item("k")).containsKey(StateItem.VERSION).doesNotContainKey(StateItem.TRACE_HEADER);
    }

    @Test
    void theExpirySweepersTombstoneCarriesNoTraceOfTheWriteBefore() {
        assertThat(http.put(Http.keyPath(ns, "expiring"), "{\"value\":1,\"ttlSeconds\":1}", "X-Amzn-Trace-Id", HEADER)
                .statusCode()).isEqualTo(201);
        assertThat(item("expiring")).containsKey(StateItem.TRACE_HEADER);
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(item("expiring").get(StateItem.EXPIRES_AT).n()));
        DynamoDbExpirySweeper sweeper = new DynamoDbExpirySweeper(stack.dynamoDb(), stack.tableName());

        // The shared stack's own schedule may sweep it first; either way it is swept the same.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sweeper.sweep(Instant.now().isAfter(expiresAt) ? Instant.now() : expiresAt, Duration.ofMinutes(1));
            return item("expiring").containsKey(StateItem.EXPIRED_AT);
        });
        assertThat(item("expiring")).doesNotContainKey(StateItem.TRACE_HEADER);
    }

    @Test
    void theFanOutsLineForTheChangeCarriesTheRequestsTraceId() {
        try (LogLines logs = new LogLines()) {
            assertThat(http.put(Http.keyPath(ns, "followed"), "{\"value\":1}", "X-Amzn-Trace-Id", HEADER)
                    .statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(fanOutRecordLines(logs, ns)).singleElement()
                            .satisfies(line -> assertThat(line.path("traceId").asText()).isEqualTo(ROOT)));
        }
    }

    @Test
    void aChangeWrittenWithoutATraceHeaderIsPublishedAndItsLineCarriesNone() {
        try (LogLines logs = new LogLines()) {
            assertThat(http.put(Http.keyPath(ns, "untraced"), "{\"value\":1}").statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(fanOutRecordLines(logs, ns)).singleElement()
                            .satisfies(line -> assertThat(line.has("traceId")).isFalse()));
        }
    }
}
