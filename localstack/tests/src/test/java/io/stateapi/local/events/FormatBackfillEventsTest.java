package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.cli.BackfillCli;
import io.stateapi.domain.Key;
import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceWalk;
import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Step 3 of the rolling deploy (ADR 0062, docs/migrations.md) on a local stack of its own: items
 * the API wrote at format 1 in several namespaces (a large value, an integer, a tombstone among
 * them) are rewritten to format 2 by the format backfills the operator's CLI starts for every
 * namespace ({@code --all-namespaces}) and the housekeeping carries out. Their values, versions
 * and ETags stay, the fan-out publishes no change event for them and the history gains nothing;
 * the CLI reports each done with its counts.
 */
class FormatBackfillEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("format-fill");
    private static final List<String> NAMESPACES = List.of("carts", "orders", "wishlists");
    private static final List<String> KEYS = List.of("small", "large", "count", "gone");

    @AutoClose
    private static ChangeQueueReader queue;
    private static Http http;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws IOException {
        queue = ChangeQueueReader.onOwnStack(RESOURCES);
        http = queue.http();
        dynamoDb = DynamoDbClients.create(ChangeQueueReader.endpoint(), List.of());
    }

    @AfterAll
    static void closeClient() {
        dynamoDb.close();
    }

    record Run(int exitCode, String out, String err) {
    }

    /** The command as {@code make backfill ENV=format-fill ARGS="..."} runs it against the emulator. */
    private static Run cli(String... args) {
        var command = BackfillCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--env", RESOURCES.environment(), "--endpoint", ChangeQueueReader.endpoint().toString()));
        return new Run(command.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static Map<String, AttributeValue> raw(String namespace, String key) {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName())
                .key(StateItem.key(TenantNamespace.of(TestStack.TENANT, namespace), Key.of(key))).consistentRead(true)).item();
    }

    private static String largeValue(int bytes) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        for (int i = 0; json.length() < bytes - 60; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i).append("\",\"qty\":")
                    .append(i % 7 + 1).append('}');
        }
        return json.append("]}").toString();
    }

    @Test
    void theCliStartsOneBackfillPerNamespaceAndTheHousekeepingRewritesEveryItemWithoutAnEvent() {
        Map<String, Map<String, AttributeValue>> before = new HashMap<>();
        Map<String, JsonNode> reads = new HashMap<>();
        for (String namespace : NAMESPACES) {
            assertThat(http.put(Http.keyPath(namespace, "small"), "{\"value\":{\"a\":1}}").statusCode()).isEqualTo(201);
            assertThat(http.put(Http.keyPath(namespace, "large"), "{\"value\":" + largeValue(20 * 1024) + "}").statusCode())
                    .isEqualTo(201);
            assertThat(http.put(Http.keyPath(namespace, "count"), "{\"value\":41}").statusCode()).isEqualTo(201);
            assertThat(http.put(Http.keyPath(namespace, "gone"), "{\"value\":1}").statusCode()).isEqualTo(201);
            assertThat(http.delete(Http.keyPath(namespace, "gone")).statusCode()).isEqualTo(204);
            for (String key : KEYS) {
                Map<String, AttributeValue> item = raw(namespace, key);
                assertThat(item).as(namespace + "/" + key).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("1"));
                before.put(namespace + "/" + key, item);
                if (!key.equals("gone")) {
                    reads.put(namespace + "/" + key, Http.json(http.get(Http.keyPath(namespace, key))));
                }
            }
        }
        queue.awaitCaughtUp();

        Run started = cli("--item-format", "2", "--all-namespaces", "--start", "--not-before", "now",
                "--segments", "2", "--items-per-second", "1000");

        assertThat(started.exitCode()).as(started.err()).isZero();
        for (String namespace : NAMESPACES) {
            assertThat(started.out()).contains(TestStack.TENANT + "/" + namespace + "  running");
        }
        assertThat(started.out()).contains("started format 2 backfills: " + NAMESPACES.size() + " namespaces");
        DynamoDbBackfillLedger ledger = new DynamoDbBackfillLedger(dynamoDb, RESOURCES.catalogTableName());
        assertThat(ledger.running(Backfill.Kind.FORMAT)).hasSize(NAMESPACES.size());
        // Starting again leaves the running ones as they are.
        assertThat(cli("--item-format", "2", "--all-namespaces", "--start", "--not-before", "now").out())
                .contains("(was running)").doesNotContain("  started");

        try (ExpirySweepFunction housekeeping = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                RESOURCES.environment(), RESOURCES.tableName(), RESOURCES.idempotencyTableName(),
                RESOURCES.catalogTableName(), Housekeeping.DEFAULT_TOMBSTONE_RETENTION, ChangeQueueReader.endpoint(),
                List.of(), new ItemLayout(2)), new EmbeddedMetrics(RESOURCES.environment(), line -> { }, Clock.systemUTC()),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)))) {
            for (int run = 0; run < 20 && !ledger.running(Backfill.Kind.FORMAT).isEmpty(); run++) {
                housekeeping.advanceBackfills(Duration.ofSeconds(30));
            }
        }

        Run status = cli("--item-format", "2", "--all-namespaces");
        assertThat(status.exitCode()).as(status.err()).isZero();
        for (String namespace : NAMESPACES) {
            assertThat(status.out()).contains(TestStack.TENANT + "/" + namespace
                    + "  done  reached 4  rewritten 4  current 0  failed 0  planned 3");
        }
        assertThat(status.out()).contains("format 2: " + NAMESPACES.size() + " of " + NAMESPACES.size()
                + " namespaces done, " + 4 * NAMESPACES.size() + " items reached, " + 4 * NAMESPACES.size() + " rewritten");
        for (NamespaceInfo info : new DynamoDbNamespaceWalk(dynamoDb, RESOURCES.catalogTableName()).all()) {
            assertThat(ledger.status(info, Backfill.Kind.FORMAT, 2, Instant.now()).orElseThrow().state())
                    .isEqualTo(BackfillState.DONE);
        }

        for (String namespace : NAMESPACES) {
            for (String key : KEYS) {
                Map<String, AttributeValue> after = raw(namespace, key);
                Map<String, AttributeValue> was = before.get(namespace + "/" + key);
                assertThat(after).as(namespace + "/" + key).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
                for (String kept : List.of(StateItem.VERSION, StateItem.UPDATED_AT, StateItem.WRITE_TOKEN)) {
                    assertThat(after.get(kept)).as(namespace + "/" + key + " " + kept).isEqualTo(was.get(kept));
                }
                if (!key.equals("gone")) {
                    assertThat(Http.json(http.get(Http.keyPath(namespace, key)))).isEqualTo(reads.get(namespace + "/" + key));
                }
            }
            assertThat(raw(namespace, "large")).containsKey(StateItem.VALUE_Z).doesNotContainKey(StateItem.VALUE);
        }
        queue.awaitCaughtUp();
        for (String key : List.of("small", "large", "count")) {
            assertThat(queue.changesOf(key)).as(key).containsExactly("created@1", "created@1", "created@1");
        }
        assertThat(queue.changesOf("gone")).containsExactlyInAnyOrder("created@1", "deleted@2", "created@1", "deleted@2",
                "created@1", "deleted@2");
        assertThat(Http.json(http.get(Http.keyPath("orders", "large") + "/versions")).get("items")).hasSize(1);
    }
}
