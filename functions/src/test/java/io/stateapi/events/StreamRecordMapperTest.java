package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.UnreadableStateException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Mapping of real DynamoDB stream records (as Lambda delivers them, in
 * {@code src/test/resources/stream-records}) to change events, each checked against the
 * event schema.
 */
class StreamRecordMapperTest {

    private final StreamRecordMapper mapper = new StreamRecordMapper();
    private final ChangeEventFormat format = new ChangeEventFormat("dev");

    @Test
    void insertOfALiveItemIsCreated() {
        JsonNode event = single("insert.json");

        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.created");
        assertThat(event.path("source").asText()).isEqualTo("/state-api/dev/tenants/acme/namespaces/shop");
        assertThat(event.path("tenant").asText()).isEqualTo("acme");
        assertThat(event.path("subject").asText()).isEqualTo("carts/42");
        assertThat(event.path("time").asText()).isEqualTo("2025-11-30T08:00:00Z");
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        JsonNode data = event.path("data");
        assertThat(data.path("namespace").asText()).isEqualTo("shop");
        assertThat(data.path("key").asText()).isEqualTo("carts/42");
        assertThat(data.path("version").asLong()).isEqualTo(1);
        assertThat(data.path("previousVersion").isNull()).isTrue();
        assertThat(data.path("value").path("items").get(0).path("qty").asInt()).isEqualTo(1);
        assertThat(data.path("previousValue").isNull()).isTrue();
        assertThat(data.path("valueOmitted").asBoolean()).isFalse();
    }

    @Test
    void modifyOfALiveItemIsUpdatedWithBothValues() {
        JsonNode event = single("modify-update.json");

        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.updated");
        assertThat(event.path("time").asText()).isEqualTo("2025-11-30T08:01:00Z");
        JsonNode data = event.path("data");
        assertThat(data.path("version").asLong()).isEqualTo(2);
        assertThat(data.path("previousVersion").asLong()).isEqualTo(1);
        assertThat(data.path("value").path("items").get(0).path("qty").asInt()).isEqualTo(2);
        assertThat(data.path("previousValue").path("items").get(0).path("qty").asInt()).isEqualTo(1);
    }

    @Test
    void modifyIntoATombstoneIsDeletedAtTheTombstonesVersion() {
        JsonNode event = single("modify-delete.json");

        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.deleted");
        JsonNode data = event.path("data");
        assertThat(data.path("version").asLong()).isEqualTo(3);
        assertThat(data.path("previousVersion").asLong()).isEqualTo(2);
        assertThat(data.path("value").isNull()).isTrue();
        assertThat(data.path("previousValue").path("items").get(0).path("qty").asInt()).isEqualTo(2);
    }

    @Test
    void modifyOfATombstoneIsCreatedContinuingTheVersion() {
        JsonNode event = single("modify-create-over-tombstone.json");

        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.created");
        JsonNode data = event.path("data");
        assertThat(data.path("version").asLong()).isEqualTo(4);
        assertThat(data.path("previousVersion").asLong()).isEqualTo(3);
        assertThat(data.path("previousValue").isNull()).isTrue();
    }

    @Test
    void createOverAnExpiredButUnsweptItemIsExpiredThenCreated() {
        List<JsonNode> events = all("modify-create-over-expired.json");

        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("io.stateapi.key.expired", "io.stateapi.key.created");
        JsonNode expired = events.get(0);
        assertThat(expired.path("time").asText()).as("when it expired").isEqualTo("2025-11-30T08:05:00Z");
        assertThat(expired.path("data").path("version").asLong()).isEqualTo(2);
        assertThat(expired.path("data").path("previousVersion").asLong()).isEqualTo(2);
        assertThat(expired.path("data").path("previousValue").path("session").asText()).isEqualTo("s-1");
        assertThat(expired.path("data").path("value").isNull()).isTrue();
        JsonNode created = events.get(1);
        assertThat(created.path("data").path("version").asLong()).isEqualTo(3);
        assertThat(created.path("data").path("previousVersion").asLong()).isEqualTo(2);
        assertThat(created.path("data").path("previousValue").isNull()).isTrue();
        assertThat(created.path("data").path("value").path("session").asText()).isEqualTo("s-2");
    }

    @Test
    void theExpirySweepersTombstoneIsOneExpiredEventAtTheSameVersion() {
        StreamRecordMapper.Changes changes = mapper.map(record("modify-expire-by-sweeper.json"));

        assertThat(changes.tombstoneVersion()).as("the item is still there: nothing to put back").isEmpty();
        assertThat(changes.events()).hasSize(1);
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(changes.events().getFirst()));
        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.expired");
        assertThat(event.path("time").asText()).as("when it expired, not when it was swept")
                .isEqualTo("2025-11-30T08:05:00Z");
        assertThat(event.path("data").path("version").asLong()).isEqualTo(2);
        assertThat(event.path("data").path("previousVersion").asLong()).isEqualTo(2);
        assertThat(event.path("data").path("value").isNull()).isTrue();
        assertThat(event.path("data").path("previousValue").path("session").asText()).isEqualTo("s-1");
    }

    @Test
    void theSweepersExpiredEventAndACreateOverTheUnsweptItemShareOneIdentity() {
        ChangeEvent swept = mapper.map(record("modify-expire-by-sweeper.json")).events().getFirst();
        ChangeEvent beforeCreate = mapper.map(record("modify-create-over-expired.json")).events().getFirst();

        assertThat(swept).isEqualTo(beforeCreate);
        assertThat(swept.id()).isEqualTo(beforeCreate.id());
    }

    @Test
    void aSameVersionRewriteOfATombstoneIsNoEvent() {
        DynamodbEvent.DynamodbStreamRecord record = record("modify-expire-by-sweeper.json");
        record.getDynamodb().getOldImage().remove("value");
        record.getDynamodb().getOldImage().put("tombstone",
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withBOOL(true));

        assertThat(mapper.map(record).events()).isEmpty();
    }

    @Test
    void removeOfATombstoneOutsideTheApiIsNoEventButPutsTheTombstoneBack() {
        StreamRecordMapper.Changes changes = mapper.map(record("remove-tombstone-out-of-band.json"));

        assertThat(changes.events()).isEmpty();
        assertThat(changes.tombstoneVersion()).contains(Version.of(3));
    }

    @Test
    void removeByTheTtlSweeperIsExpiredAndKeepsTheVersionInATombstone() {
        StreamRecordMapper.Changes changes = mapper.map(record("remove-ttl.json"));

        assertThat(changes.tombstoneVersion()).contains(Version.of(2));
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(changes.events().getFirst()));
        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.expired");
        assertThat(event.path("time").asText()).as("the removal's approximate creation time")
                .isEqualTo("2025-11-30T10:00:00Z");
        assertThat(event.path("data").path("version").asLong()).isEqualTo(2);
        assertThat(event.path("data").path("previousValue").path("session").asText()).isEqualTo("s-1");
    }

    @Test
    void insertOfARestoredTombstoneIsNoEvent() {
        StreamRecordMapper.Changes changes = mapper.map(record("insert-tombstone.json"));

        assertThat(changes.events()).isEmpty();
        assertThat(changes.tombstoneVersion()).isEmpty();
    }

    @Test
    void removeOfALiveItemOutsideTheApiIsDeletedAtTheNextVersion() {
        StreamRecordMapper.Changes changes = mapper.map(record("remove-out-of-band.json"));

        assertThat(changes.tombstoneVersion()).contains(Version.of(3));
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(changes.events().getFirst()));
        assertThat(event.path("type").asText()).isEqualTo("io.stateapi.key.deleted");
        assertThat(event.path("data").path("version").asLong()).isEqualTo(3);
        assertThat(event.path("data").path("previousVersion").asLong()).isEqualTo(2);
    }

    @Test
    void anUpdateAndTheExpiryOfThatVersionHaveDifferentIdentities() {
        ChangeEvent expired = mapper.map(record("remove-ttl.json")).events().getFirst();
        ChangeEvent updated = new ChangeEvent(ChangeType.UPDATED, expired.namespace(), expired.key(),
                expired.version(), Optional.of(Version.of(1)), expired.previousValue(), Optional.empty(),
                Instant.parse("2025-11-30T08:00:01Z"));

        assertThat(expired.id()).isNotEqualTo(updated.id());
        assertThat(expired.messageGroupId()).isEqualTo(updated.messageGroupId());
    }

    @Test
    void theSameRecordMapsToTheSameIdentityEveryTime() {
        ChangeEvent first = mapper.map(record("modify-update.json")).events().getFirst();
        ChangeEvent again = mapper.map(record("modify-update.json")).events().getFirst();

        assertThat(again.id()).isEqualTo(first.id()).hasSize(64);
    }

    @Test
    void aValueWrittenUnderASchemaCarriesItsVersionIntoTheEventAndTheHistoryAndADeleteNone() {
        DynamodbEvent.DynamodbStreamRecord updated = record("modify-update.json");
        updated.getDynamodb().getOldImage().put("schemaVersion", new AttributeValue().withN("1"));
        updated.getDynamodb().getNewImage().put("schemaVersion", new AttributeValue().withN("2"));
        DynamodbEvent.DynamodbStreamRecord deleted = record("modify-delete.json");
        deleted.getDynamodb().getOldImage().put("schemaVersion", new AttributeValue().withN("2"));

        ChangeEvent update = mapper.map(updated).events().getFirst();
        ChangeEvent delete = mapper.map(deleted).events().getFirst();

        assertThat(update.schemaVersion()).isEqualTo(java.util.OptionalLong.of(2));
        assertThat(ChangeHistory.entry(update).schemaVersion()).isEqualTo(java.util.OptionalLong.of(2));
        assertThat(ValidChangeEvent.of(format.toMessageBody(update)).path("schemaversion").asText()).isEqualTo("2");
        assertThat(delete.schemaVersion()).isEmpty();
        assertThat(ValidChangeEvent.of(format.toMessageBody(delete)).has("schemaversion")).isFalse();
    }

    @Test
    void aRecordWithoutImagesIsRejected() {
        DynamodbEvent.DynamodbStreamRecord record = record("modify-update.json");
        record.getDynamodb().setOldImage(null);

        assertThatThrownBy(() -> mapper.map(record)).hasMessageContaining("NEW_AND_OLD_IMAGES");
    }

    @Test
    void anImageWithoutAVersionIsNoStateItemAndNoEvent() {
        DynamodbEvent.DynamodbStreamRecord record = record("insert.json");
        record.getDynamodb().getNewImage().keySet().retainAll(java.util.Set.of("pk", "sk"));

        assertThat(mapper.map(record).events()).isEmpty();
    }

    @Test
    void anImageThatBreaksTheLayoutIsUnreadableAndNamesTheKey() {
        DynamodbEvent.DynamodbStreamRecord valueOfTheWrongType = record("insert.json");
        valueOfTheWrongType.getDynamodb().getNewImage().put("value", new AttributeValue().withN("5"));
        DynamodbEvent.DynamodbStreamRecord unparsableTime = record("modify-update.json");
        unparsableTime.getDynamodb().getOldImage().put("updatedAt", new AttributeValue().withS("yesterday"));
        DynamodbEvent.DynamodbStreamRecord textVersion = record("modify-delete.json");
        textVersion.getDynamodb().getNewImage().put("version", new AttributeValue().withS("3"));
        DynamodbEvent.DynamodbStreamRecord unparsableNumber = record("insert.json");
        unparsableNumber.getDynamodb().getNewImage().put("updatedAt", new AttributeValue().withN("soon"));

        for (DynamodbEvent.DynamodbStreamRecord record
                : List.of(valueOfTheWrongType, unparsableTime, textVersion, unparsableNumber)) {
            assertThatThrownBy(() -> mapper.map(record))
                    .isInstanceOf(UnreadableStateException.class)
                    .hasMessageContaining("'carts/42'")
                    .hasMessageContaining("unreadable");
        }
    }

    private List<JsonNode> all(String resource) {
        return mapper.map(record(resource)).events().stream()
                .map(format::toMessageBody)
                .map(ValidChangeEvent::of)
                .toList();
    }

    private JsonNode single(String resource) {
        List<JsonNode> events = all(resource);
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    static DynamodbEvent.DynamodbStreamRecord record(String resource) {
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("stream-records/" + resource);
        assertThat(event.getRecords()).hasSize(1);
        return event.getRecords().getFirst();
    }
}
