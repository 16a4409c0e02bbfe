package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key's version only ever grows across expiry, through the HTTP API, with the change
 * pipeline stopped: the version floor is the expiry sweeper's own conditional write and does
 * not wait for the fan-out (ADR 0008). The sweeper runs at an explicit {@code now}.
 */
class ExpiredKeysKeepTheirVersionTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("expiry-http");
    private static final String NAMESPACE = "floors";

    private static LocalStack stack;
    private static Http http;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbExpirySweeper sweeper;

    @BeforeAll
    static void startWithThePipelineStopped() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        stack.changes().poller().setEnabled(false);
        stack.expirySweeps().setEnabled(false);
        http = new Http(stack.apiEndpoint());
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        sweeper = new DynamoDbExpirySweeper(dynamoDb, RESOURCES.tableName());
    }

    @AfterAll
    static void stop() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aSweptKeyCreatedAgainContinuesAtTheNextVersionAndAStaleIfMatchIs412() {
        String key = "sessions/aba";
        HttpResponse<String> first = http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"s\":1},\"ttlSeconds\":1}");
        assertThat(first.headers().firstValue("ETag")).contains("\"1\"");
        Instant expiresAt = Instant.parse(Http.json(first).path("expiresAt").asText());

        assertThat(sweeper.sweep(expiresAt, Duration.ofMinutes(1)).swept()).isEqualTo(1);

        Map<String, AttributeValue> tombstone = item(key);
        assertThat(tombstone.get(StateItem.VERSION).n()).isEqualTo("1");
        assertThat(tombstone.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(http.get(Http.keyPath(NAMESPACE, key)).statusCode()).isEqualTo(404);
        assertThat(staleIfMatch(key).statusCode()).as("If-Match of the expired incarnation").isEqualTo(412);

        HttpResponse<String> again = http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"s\":2}}");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("ETag")).contains("\"2\"");

        HttpResponse<String> stale = staleIfMatch(key);
        assertThat(stale.statusCode()).as("If-Match of the expired incarnation, on the new one").isEqualTo(412);
        JsonNode problem = Http.json(stale);
        assertThat(problem.path("currentVersion").asLong()).isEqualTo(2);
        assertThat(Http.json(http.get(Http.keyPath(NAMESPACE, key))).path("value").path("s").asInt()).isEqualTo(2);
        assertThat(stack.changes().poller().statistics().invocations()).as("no fan-out ran").isZero();
    }

    private static HttpResponse<String> staleIfMatch(String key) {
        return http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"s\":\"stale\"}}", "If-Match", "\"1\"");
    }

    private static Map<String, AttributeValue> item(String key) {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName()).consistentRead(true)
                .key(StateItem.key(TenantNamespace.of(TestStack.TENANT, NAMESPACE), Key.of(key)))).item();
    }
}
