package io.stateapi.local.events;

import io.stateapi.resources.Metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.events.FanOutFunction;
import io.stateapi.events.SqsClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.observability.LogLines;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Permissions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fan-out function and the catalog table (ADR 0025), fed recorded stream records of
 * {@code acme}'s namespace {@code shop}, against the emulator, with faults injected into the
 * function's own DynamoDB client: a missing namespace's events carry no values, a count update
 * that fails is a metric and never holds up the events, a catalog that cannot be read holds the
 * records for a retry, and the function calls on the catalog exactly what it is granted.
 */
class FanOutCatalogTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-catalog");
    private static final String TENANT = "acme";
    private static final TenantNamespace SHOP = TenantNamespace.of(TENANT, "shop");
    private static final Map<String, AttributeValue> CATALOG_KEY = Map.of(
            "pk", AttributeValue.fromS("ns#" + TENANT), "sk", AttributeValue.fromS("shop"));

    private static DynamoDbClient dynamoDb;
    private static ResourceBootstrap.QueueUrls queues;
    private static DynamoDbNamespaceCatalog catalog;

    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final CatalogFaults faults = new CatalogFaults();
    /** "table operation" of every DynamoDB call the function made. */
    private final Set<String> called = new ConcurrentSkipListSet<>();
    private FanOutFunction fanOut;

    @BeforeAll
    static void start() {
        new ResourceBootstrap(TestStack.emulator().endpoint()).createAll(RESOURCES);
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            queues = ResourceBootstrap.createQueues(sqs, RESOURCES);
        }
        catalog = DynamoDbNamespaceCatalog.of(dynamoDb, RESOURCES);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    /** A function instance per test: its settings cache starts empty. */
    @BeforeEach
    void newInstanceNoNamespaceNoKeysNoEvents() {
        dynamoDb.deleteItem(b -> b.tableName(RESOURCES.catalogTableName()).key(CATALOG_KEY));
        for (String key : List.of("carts/42", "sessions/s-1")) {
            dynamoDb.deleteItem(b -> b.tableName(RESOURCES.tableName()).key(Map.of(
                    StateItem.PK, AttributeValue.fromS(TENANT + "#shop"), StateItem.SK, AttributeValue.fromS(key))));
        }
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                context.request().getValueForField("TableName", String.class).ifPresent(table ->
                        called.add(table + " dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
            }
        };
        fanOut = new FanOutFunction(new FanOutFunction.Configuration(RESOURCES.environment(), RESOURCES.tableName(),
                RESOURCES.catalogTableName(), queues.changesDeadLetterArn(), queues.streamFailure(),
                TestStack.emulator().endpoint(), List.of(recorder, faults)),
                new EmbeddedMetrics(RESOURCES.environment(), metrics::add, Clock.systemUTC()));
        if (tenantQueue().isPresent()) {
            try (ChangeQueueReader queue = new ChangeQueueReader(tenantQueue().get(), TENANT)) {
                queue.drain();
            }
        }
    }

    @AfterEach
    void closeInstance() {
        fanOut.close();
    }

    @Test
    void aNamespaceMissingFromTheCatalogGetsItsEventsWithoutValuesAndNoCatalogItem() {
        StreamsEventResponse response = fanOut.handleRequest(record("insert.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.path("data").path("valueOmitted").asBoolean()).isTrue();
            assertThat(event.path("data").has("value")).isFalse();
        });
        assertThat(catalogItem()).as("the count's ADD made no item").isEmpty();
        assertThat(alarmMetrics()).isEmpty();
    }

    @Test
    void aNamespaceInTheCatalogGetsItsSettingAndItsCountMoved() {
        catalog.putSettings(SHOP, NamespaceSettings.DEFAULTS, Instant.now());

        StreamsEventResponse response = fanOut.handleRequest(record("insert.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(events()).singleElement().satisfies(event ->
                assertThat(event.path("data").path("value").path("items").get(0).path("qty").asInt()).isEqualTo(1));
        assertThat(catalog.find(SHOP).orElseThrow().approximateKeyCount()).isEqualTo(1);
    }

    @Test
    void aCountUpdateThatFailsIsAMetricAndTheEventIsPublishedAnyway() {
        catalog.putSettings(SHOP, NamespaceSettings.DEFAULTS, Instant.now());
        faults.failCounts.set(true);

        StreamsEventResponse response = fanOut.handleRequest(record("insert.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).as("the record is done").isEmpty();
        assertThat(events()).extracting(e -> e.path("type").asText()).containsExactly("io.stateapi.key.created");
        assertThat(catalog.find(SHOP).orElseThrow().approximateKeyCount()).isZero();
        assertThat(alarmMetrics()).singleElement().satisfies(line -> {
            JsonNode metric = StateJson.parse(line.getBytes(StandardCharsets.UTF_8));
            assertThat(metric.path(Metrics.KEY_COUNT_UPDATE_FAILED).asInt()).isEqualTo(1);
            assertThat(metric.path("Environment").asText()).isEqualTo(RESOURCES.environment());
            assertThat(metric.path("tenant").asText()).isEqualTo(TENANT);
            assertThat(metric.path("namespace").asText()).isEqualTo("shop");
            assertThat(metric.path("delta").asText()).isEqualTo("1");
        });
    }

    @Test
    void aBatchIsOneLogLineWithItsRequestIdAndOneMetricsLineWithEventsRetriesAndLag() {
        catalog.putSettings(SHOP, NamespaceSettings.DEFAULTS, Instant.now());
        DynamodbEvent insert = record("insert.json");
        insert.getRecords().get(0).getDynamodb().setApproximateCreationDateTime(
                java.util.Date.from(Instant.now().minusSeconds(3)));
        LocalContext context = new LocalContext();

        try (LogLines logs = new LogLines()) {
            fanOut.handleRequest(insert, context);

            // the batch's line (it counts records); each published change has a line of its own too (ADR 0050)
            assertThat(logs.where(line -> context.getAwsRequestId().equals(line.path("requestId").asText())
                    && line.has("records"))).singleElement().satisfies(line -> {
                        assertThat(line.path("level").asText()).isEqualTo("INFO");
                        assertThat(line.path("logger").asText()).isEqualTo(FanOutFunction.class.getName());
                        assertThat(line.path("eventsPublished").asInt()).isEqualTo(1);
                        assertThat(line.path("recordsRetried").asInt()).isZero();
                    });
        }
        assertThat(batchMetrics()).singleElement().satisfies(line -> {
            assertThat(line.path(Metrics.EVENTS_PUBLISHED).asInt()).isEqualTo(1);
            assertThat(line.path(Metrics.PUBLISH_RETRIES).asInt()).isZero();
            assertThat(line.path(Metrics.PUBLISH_LAG).asDouble()).isBetween(3.0, 60.0);
            assertThat(line.path("Environment").asText()).isEqualTo(RESOURCES.environment());
        });
    }

    @Test
    void aRecordHeldForARetryIsAPublishRetryAndItsLineSaysWhyWithTheRequestId() {
        catalog.putSettings(SHOP, NamespaceSettings.DEFAULTS, Instant.now());
        faults.failReads.set(true);
        LocalContext context = new LocalContext();

        try (LogLines logs = new LogLines()) {
            fanOut.handleRequest(record("insert.json"), context);

            assertThat(logs.where(line -> context.getAwsRequestId().equals(line.path("requestId").asText())
                    && line.path("message").asText().contains("retrying from sequence")))
                    .singleElement().satisfies(line -> assertThat(line.path("level").asText()).isEqualTo("WARN"));
        }
        assertThat(batchMetrics()).singleElement().satisfies(line -> {
            assertThat(line.path(Metrics.EVENTS_PUBLISHED).asInt()).isZero();
            assertThat(line.path(Metrics.PUBLISH_RETRIES).asInt()).isEqualTo(1);
            assertThat(line.has(Metrics.PUBLISH_LAG)).as("no lag without a record done").isFalse();
        });
    }

    @Test
    void aCatalogThatCannotBeReadHoldsTheRecordForARetryWhichPublishesAndCountsItOnce() {
        catalog.putSettings(SHOP, new NamespaceSettings(Optional.empty(), 1024, false), Instant.now());
        faults.failReads.set(true);
        DynamodbEvent insert = record("insert.json");

        StreamsEventResponse held = fanOut.handleRequest(insert, new LocalContext());

        assertThat(held.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(insert.getRecords().get(0).getDynamodb().getSequenceNumber());
        assertThat(events()).isEmpty();
        assertThat(catalog.find(SHOP).orElseThrow().approximateKeyCount()).isZero();

        faults.failReads.set(false);
        StreamsEventResponse retried = fanOut.handleRequest(insert, new LocalContext());

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.path("data").path("valueOmitted").asBoolean()).as("the namespace's setting").isTrue();
            assertThat(event.path("data").has("value")).isFalse();
        });
        assertThat(catalog.find(SHOP).orElseThrow().approximateKeyCount()).isEqualTo(1);
    }

    /**
     * The DynamoDB actions the function calls on the catalog table, while it reads settings and
     * moves counts, are exactly {@link Permissions#FAN_OUT_CATALOG_TABLE_ACTIONS}; on the state
     * table, where it puts back a tombstone, within {@link Permissions#FAN_OUT_TABLE_ACTIONS}.
     */
    @Test
    void theFunctionCallsOnTheTablesOnlyWhatItIsGranted() {
        catalog.putSettings(SHOP, NamespaceSettings.DEFAULTS, Instant.now());

        assertThat(fanOut.handleRequest(record("insert.json"), new LocalContext()).getBatchItemFailures()).isEmpty();
        assertThat(fanOut.handleRequest(record("remove-ttl.json"), new LocalContext()).getBatchItemFailures()).isEmpty();

        Set<String> catalogCalls = new TreeSet<>();
        Set<String> changeLogCalls = new TreeSet<>();
        Set<String> tableCalls = new TreeSet<>();
        for (String call : called) {
            String[] tableAndAction = call.split(" ", 2);
            if (tableAndAction[0].equals(RESOURCES.catalogTableName())) {
                catalogCalls.add(tableAndAction[1]);
            } else if (tableAndAction[0].equals(RESOURCES.changeLogTableName())) {
                changeLogCalls.add(tableAndAction[1]);
            } else {
                assertThat(tableAndAction[0]).as("the only other table").isEqualTo(RESOURCES.tableName());
                tableCalls.add(tableAndAction[1]);
            }
        }
        assertThat(catalogCalls).containsExactlyInAnyOrderElementsOf(Permissions.FAN_OUT_CATALOG_TABLE_ACTIONS);
        // each change recorded for the keys' history (ADR 0036)
        assertThat(changeLogCalls).containsExactlyInAnyOrderElementsOf(Permissions.FAN_OUT_CHANGE_LOG_TABLE_ACTIONS);
        assertThat(tableCalls).contains("dynamodb:PutItem");
        assertThat(Permissions.FAN_OUT_TABLE_ACTIONS).containsAll(tableCalls);
        assertThat(catalog.find(SHOP).orElseThrow().approximateKeyCount()).as("created, then expired").isZero();
    }

    /** Every event on acme's queue since the last call, checked against the schema and the tenant. */
    /** The metric lines an alarm watches (not the batches' own lines). */
    private List<String> alarmMetrics() {
        return metrics.stream().filter(line -> !line.contains("\"" + Metrics.EVENTS_PUBLISHED + "\"")).toList();
    }

    /** The batches' metric lines, parsed. */
    private List<JsonNode> batchMetrics() {
        return metrics.stream().filter(line -> line.contains("\"" + Metrics.EVENTS_PUBLISHED + "\""))
                .map(line -> StateJson.parse(line.getBytes(StandardCharsets.UTF_8))).toList();
    }

    private static List<JsonNode> events() {
        Optional<String> url = tenantQueue();
        if (url.isEmpty()) {
            return List.of(); // the fan-out makes the queue with the tenant's first event
        }
        try (ChangeQueueReader queue = new ChangeQueueReader(url.get(), TENANT)) {
            return queue.drain().stream().map(ChangeQueueReader.Received::event).toList();
        }
    }

    private static Optional<String> tenantQueue() {
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            return sqs.listQueues(b -> b.queueNamePrefix(RESOURCES.tenantEventsQueueName(TENANT))).queueUrls()
                    .stream().findFirst();
        }
    }

    private static Map<String, AttributeValue> catalogItem() {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.catalogTableName()).key(CATALOG_KEY).consistentRead(true))
                .item();
    }

    private static DynamodbEvent record(String resource) {
        return EventLoader.loadDynamoDbEvent("stream-records/" + resource);
    }

    /** Makes the catalog look unavailable to the function's reads or to its count updates, while switched on. */
    private final class CatalogFaults implements ExecutionInterceptor {

        final AtomicBoolean failReads = new AtomicBoolean();
        final AtomicBoolean failCounts = new AtomicBoolean();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            boolean refused = switch (context.request()) {
                case GetItemRequest get -> failReads.get() && get.tableName().equals(RESOURCES.catalogTableName());
                case UpdateItemRequest update -> failCounts.get()
                        && update.tableName().equals(RESOURCES.catalogTableName());
                default -> false;
            };
            if (refused) {
                throw DynamoDbException.builder().message("injected: the catalog is unavailable").statusCode(500).build();
            }
        }
    }
}
