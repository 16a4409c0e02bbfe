package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.backfill.LayoutUpgrades;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbLayoutUpgrades;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A layout rewrite (ADR 0062) through the full local pipeline: items the API wrote at format 1
 * are rewritten to format 2 (ADR 0068) in place. The value, version, ETag, timestamps and write
 * token stay; the fan-out publishes no change event and the change log gets no history entry,
 * because the stream record's version did not change. The next user write is an ordinary
 * {@code updated} event whose previous value the fan-out read from the compressed image.
 */
class LayoutRewriteEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("layout-events");
    private static final String NAMESPACE = "carts";
    private static final TenantNamespace NS = TenantNamespace.of(TestStack.TENANT, NAMESPACE);

    @AutoClose
    private static ChangeQueueReader queue;
    private static Http http;
    private static DynamoDbClient dynamoDb;
    private static LayoutUpgrades layouts;

    @BeforeAll
    static void start() throws IOException {
        queue = ChangeQueueReader.onOwnStack(RESOURCES);
        http = queue.http();
        dynamoDb = DynamoDbClients.create(ChangeQueueReader.endpoint(), List.of());
        layouts = new DynamoDbLayoutUpgrades(dynamoDb, RESOURCES.tableName());
    }

    @AfterAll
    static void closeClient() {
        dynamoDb.close();
    }

    /** About {@code bytes} of JSON text as a request body's value. */
    private static String largeValue(int bytes, String note) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        for (int i = 0; json.length() < bytes - 80; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i)
                    .append("\",\"qty\":").append(i % 7 + 1).append(",\"note\":\"").append(note).append("\"}");
        }
        return json.append("]}").toString();
    }

    private static Map<String, AttributeValue> raw(String key) {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName()).key(StateItem.key(NS, Key.of(key)))
                .consistentRead(true)).item();
    }

    @Test
    void aRewrittenItemKeepsItsVersionAndValueAndPublishesNoEventNorHistory() {
        String key = "large/1";
        String value = largeValue(20 * 1024, "gift wrap");
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":" + value + "}").statusCode()).isEqualTo(201);
        queue.awaitCaughtUp();
        Map<String, AttributeValue> before = raw(key);
        assertThat(before).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("1")).containsKey(StateItem.VALUE);
        var readBefore = http.get(Http.keyPath(NAMESPACE, key));

        assertThat(layouts.rewrite(NS, Key.of(key), Version.FIRST, 2)).isEqualTo(LayoutUpgrades.Outcome.REWRITTEN);

        Map<String, AttributeValue> after = raw(key);
        assertThat(after).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"))
                .containsKey(StateItem.VALUE_Z).doesNotContainKeys(StateItem.VALUE, StateItem.NUMBER_VALUE);
        for (String kept : List.of(StateItem.VERSION, StateItem.CREATED_AT, StateItem.UPDATED_AT, StateItem.WRITE_TOKEN)) {
            assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
        }
        var readAfter = http.get(Http.keyPath(NAMESPACE, key));
        assertThat(readAfter.statusCode()).isEqualTo(200);
        assertThat(Http.json(readAfter)).isEqualTo(Http.json(readBefore));
        assertThat(readAfter.headers().firstValue("ETag")).isEqualTo(readBefore.headers().firstValue("ETag"));
        // a second run finds it current
        assertThat(layouts.rewrite(NS, Key.of(key), Version.FIRST, 2)).isEqualTo(LayoutUpgrades.Outcome.CURRENT);

        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key)).containsExactly("created@1");
        JsonNode history = Http.json(http.get(Http.keyPath(NAMESPACE, key) + "/versions"));
        assertThat(history.get("items")).hasSize(1);

        // the next user write is an ordinary update, its previous value read from the compressed image
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"emptied\":true}}").statusCode()).isEqualTo(200);
        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key)).containsExactly("created@1", "updated@2");
        JsonNode updated = queue.receivedOf(key).getLast().event();
        assertThat(updated.path("data").path("previousValue")).isEqualTo(Http.json(readBefore).get("value"));
    }

    @Test
    void aUserWriteBetweenTheReadAndTheRewriteWinsAndIsLeftAsWritten() {
        String key = "large/2";
        String value = largeValue(8 * 1024, "express");
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":" + value + "}").statusCode()).isEqualTo(201);
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"replaced\":1}}").statusCode()).isEqualTo(200);
        Map<String, AttributeValue> current = raw(key);

        // the backfill saw version 1; the user's write made version 2
        assertThat(layouts.rewrite(NS, Key.of(key), Version.FIRST, 2)).isEqualTo(LayoutUpgrades.Outcome.MOVED);

        assertThat(raw(key)).isEqualTo(current);
        assertThat(Http.json(http.get(Http.keyPath(NAMESPACE, key))).get("value").get("replaced").asInt()).isEqualTo(1);
    }

    @Test
    void smallValuesCountersAndTombstonesAreRewrittenToo() {
        assertThat(http.put(Http.keyPath(NAMESPACE, "small"), "{\"value\":{\"a\":1}}").statusCode()).isEqualTo(201);
        assertThat(http.put(Http.keyPath(NAMESPACE, "count"), "{\"value\":41}").statusCode()).isEqualTo(201);
        assertThat(http.put(Http.keyPath(NAMESPACE, "gone"), "{\"value\":1}").statusCode()).isEqualTo(201);
        assertThat(http.delete(Http.keyPath(NAMESPACE, "gone")).statusCode()).isEqualTo(204);
        queue.awaitCaughtUp();

        assertThat(layouts.rewrite(NS, Key.of("small"), Version.FIRST, 2)).isEqualTo(LayoutUpgrades.Outcome.REWRITTEN);
        assertThat(layouts.rewrite(NS, Key.of("count"), Version.FIRST, 2)).isEqualTo(LayoutUpgrades.Outcome.REWRITTEN);
        assertThat(layouts.rewrite(NS, Key.of("gone"), Version.of(2), 2)).isEqualTo(LayoutUpgrades.Outcome.REWRITTEN);

        assertThat(raw("small")).containsEntry(StateItem.VALUE, AttributeValue.fromS("{\"a\":1}"))
                .containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
        assertThat(raw("count")).containsEntry(StateItem.NUMBER_VALUE, AttributeValue.fromN("41"))
                .containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
        assertThat(raw("gone")).containsEntry(StateItem.TOMBSTONE, AttributeValue.fromBool(true))
                .containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"))
                .doesNotContainKeys(StateItem.VALUE, StateItem.VALUE_Z);
        queue.awaitCaughtUp();
        assertThat(queue.changesOf("small")).containsExactly("created@1");
        assertThat(queue.changesOf("count")).containsExactly("created@1");
        assertThat(queue.changesOf("gone")).containsExactly("created@1", "deleted@2");
    }
}
