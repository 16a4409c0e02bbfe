package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Version;
import io.stateapi.domain.VersionFloors;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.events.ChangeQueuePublisher.Message;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.metrics.PublishMetrics;
import io.stateapi.resources.StateApiResources;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's handler on in-memory fakes of its ports (queues and topics, the catalog, the
 * change log, the key counts, the version floors, the dead-letter queue, the metrics): no AWS
 * SDK, no emulator. What it publishes, the tombstone it puts back after an item is removed
 * outside the API (ADR 0008), the metrics it writes of both (ADR 0048), and the record it names
 * for a retry when a tombstone cannot be put back now.
 */
class FanOutFunctionTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("dev");
    private static final String DEAD_LETTER_ARN = "arn:aws:sqs:eu-west-1:123456789012:state-api-dev-changes-dlq.fifo";
    private static final TenantNamespace SHOP = TenantNamespace.of("acme", "shop");
    private static final Key CART = Key.of("carts/42");
    private static final String REMOVAL_SEQUENCE = "4421584500000000017450439891";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog((ns, now) -> false);
    private final NamespaceSettingsCache settings = new NamespaceSettingsCache(catalog, clock);
    private final Sent queues = new Sent();
    private final Sent topics = new Sent();
    private final Floors floors = new Floors();
    private final List<PoisonRecord> deadLetters = new CopyOnWriteArrayList<>();
    private final Counted metrics = new Counted();
    private final ChangeQueuePublisher publisher = new ChangeQueuePublisher(queues, topics,
            new TenantQueues(RESOURCES, DEAD_LETTER_ARN, new FakeQueueDirectory()),
            new TenantTopics(RESOURCES, (name, attributes, tags) -> "arn:aws:sns:eu-west-1:123456789012:" + name), 2);
    private final ApproximateKeyCounts keyCounts = new ApproximateKeyCounts((namespace, delta) -> true,
            new EmbeddedMetrics("dev", line -> { }, Clock.systemUTC()), 1);
    private final FanOutFunction fanOut = new FanOutFunction(new ChangeFanOut(
            new ChangeMessages(new ChangeEventFormat("dev"), new NamespaceEventValues(settings, warning -> { })),
            publisher,
            new ChangeHistory((namespace, key, entry, changeId, feedAt, expiresAt) -> true, settings, warning -> { },
                    clock),
            keyCounts, floors, (poison, functionArn, requestId) -> deadLetters.add(poison), metrics),
            List.of(publisher, keyCounts));

    @AfterEach
    void close() {
        fanOut.close();
    }

    @Test
    void aBatchIsPublishedToTheTenantsQueueAndTopicsAndCountedWithNothingRetried() {
        catalog.createIfAbsent(SHOP, clock.instant());

        StreamsEventResponse response = fanOut.handleRequest(batch("insert.json", "modify-update.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queues.bodies).hasSize(2);
        assertThat(topics.bodies).as("the values and the keys topic, each change").hasSize(4);
        assertThat(metrics.batches).singleElement().satisfies(batch -> {
            assertThat(batch.eventsPublished()).isEqualTo(2);
            assertThat(batch.valuesOmitted()).isZero();
            assertThat(batch.recordsRetried()).isZero();
            assertThat(batch.largestLag()).isPresent();
        });
    }

    @Test
    void eventsOfANamespaceSetNotToCarryValuesAreCountedAsOmittedNotTooLarge() {
        catalog.putSettings(SHOP, new NamespaceSettings(Optional.empty(), 1024, false), clock.instant());

        fanOut.handleRequest(batch("insert.json", "modify-update.json"), null);

        assertThat(metrics.batches).singleElement().satisfies(batch -> {
            assertThat(batch.valuesOmitted()).isEqualTo(2);
            assertThat(batch.valuesTooLarge()).isZero();
        });
    }

    /** The live item was at version 2: its removal is version 3, the floor its tombstone keeps. */
    @Test
    void anItemRemovedOutsideTheApiGetsItsTombstoneBackThroughTheVersionFloorsPortAndTheKeptFloorIsCounted() {
        catalog.createIfAbsent(SHOP, clock.instant());

        StreamsEventResponse response = fanOut.handleRequest(batch("remove-out-of-band.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(floors.restored).containsExactly(SHOP + "/" + CART.value() + "@3");
        assertThat(metrics.kept).containsExactly(CART.value() + "@3");
        assertThat(metrics.lost).isEmpty();
    }

    @Test
    void aKeyCreatedAgainBeforeItsTombstoneIsPutBackLosesItsFloorAndTheLossIsCountedWithoutARetry() {
        catalog.createIfAbsent(SHOP, clock.instant());
        floors.createdAgain.add(CART.value());

        StreamsEventResponse response = fanOut.handleRequest(batch("remove-out-of-band.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(metrics.lost).singleElement().asString().startsWith(CART.value() + "@3: the key was created again");
        assertThat(metrics.kept).isEmpty();
    }

    @Test
    void aTombstoneThatCannotBePutBackNowIsCountedAsLostAndItsRecordIsDeliveredAgain() {
        catalog.createIfAbsent(SHOP, clock.instant());
        floors.failing = true;

        StreamsEventResponse response = fanOut.handleRequest(batch("insert.json", "remove-out-of-band.json"), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(REMOVAL_SEQUENCE);
        assertThat(metrics.lost).singleElement().asString().contains("could not be put back (the record is retried)");
        assertThat(metrics.batches).singleElement().satisfies(batch -> {
            assertThat(batch.eventsPublished()).as("the insert's event only").isEqualTo(1);
            assertThat(batch.recordsRetried()).isEqualTo(1);
        });
        assertThat(deadLetters).isEmpty();
    }

    private static DynamodbEvent batch(String... resources) {
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (String resource : resources) {
            records.add(StreamRecordMapperTest.record(resource));
        }
        event.setRecords(records);
        return event;
    }

    /** Accepts every message; keeps each body. */
    private static final class Sent implements BatchSender {
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public Result send(String address, List<Message> messages, List<Integer> chunk) {
            chunk.forEach(i -> bodies.add(messages.get(i).body()));
            return new Result(List.copyOf(chunk), Map.of(), List.of(), null, false);
        }
    }

    /** The version floors in memory: a key may have been created again, or the table may fail for now. */
    private static final class Floors implements VersionFloors {
        final List<String> restored = new CopyOnWriteArrayList<>();
        final Set<String> createdAgain = new HashSet<>();
        volatile boolean failing;

        @Override
        public boolean restore(TenantNamespace namespace, Key key, Version version, Instant removedAt) {
            if (failing) {
                throw new IllegalStateException("injected: throttled");
            }
            if (createdAgain.contains(key.value())) {
                return false;
            }
            restored.add(namespace + "/" + key.value() + "@" + version.value());
            return true;
        }
    }

    /** The metrics port in memory. */
    private static final class Counted implements PublishMetrics {
        final List<Batch> batches = new CopyOnWriteArrayList<>();
        final List<String> kept = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();

        @Override
        public void batchPublished(Batch batch) {
            batches.add(batch);
        }

        @Override
        public void versionFloorKept(TenantNamespace namespace, Key key, Version floor) {
            kept.add(key.value() + "@" + floor.value());
        }

        @Override
        public void versionFloorLost(TenantNamespace namespace, Key key, Version floor, String reason) {
            lost.add(key.value() + "@" + floor.value() + ": " + reason);
        }
    }
}
