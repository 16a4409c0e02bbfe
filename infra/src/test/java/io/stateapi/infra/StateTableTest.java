package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateTableTest {

    private static final String TABLE = "AWS::DynamoDB::Table";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void hasTheKeySchemaTheFunctionsUse(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        assertThat(table.get("TableName")).isEqualTo(StateApiResources.forEnvironment(env).tableName());
        assertThat(table.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", StateApiResources.Table.PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", StateApiResources.Table.SORT_KEY, "KeyType", "RANGE")));
        assertThat(table.get("AttributeDefinitions")).isEqualTo(List.of(
                Map.of("AttributeName", StateApiResources.Table.PARTITION_KEY, "AttributeType", "S"),
                Map.of("AttributeName", StateApiResources.Table.SORT_KEY, "AttributeType", "S"),
                Map.of("AttributeName", StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY, "AttributeType", "S"),
                Map.of("AttributeName", StateApiResources.Table.EXPIRY_INDEX_SORT_KEY, "AttributeType", "N"),
                Map.of("AttributeName", StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY, "AttributeType", "S")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void hasTheSparseKeysOnlyExpiryIndexTheSweeperQueries(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        assertThat((List<Object>) table.get("GlobalSecondaryIndexes")).contains(Map.of(
                "IndexName", StateApiResources.Table.EXPIRY_INDEX,
                "KeySchema", List.of(
                        Map.of("AttributeName", StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", StateApiResources.Table.EXPIRY_INDEX_SORT_KEY, "KeyType", "RANGE")),
                "Projection", Map.of("ProjectionType", "KEYS_ONLY")));
    }

    /** ADR 0019: tombstones by the day they were written, with the version the purge keeps as a floor. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void hasTheSparseTombstoneIndexTheTombstonePurgeQueries(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        assertThat((List<Object>) table.get("GlobalSecondaryIndexes")).hasSize(2).contains(Map.of(
                "IndexName", StateApiResources.Table.TOMBSTONE_INDEX,
                "KeySchema", List.of(
                        Map.of("AttributeName", StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY, "KeyType", "HASH")),
                "Projection", Map.of("ProjectionType", "INCLUDE",
                        "NonKeyAttributes", StateApiResources.Table.TOMBSTONE_INDEX_ATTRIBUTES)));
    }

    /**
     * DynamoDB's TTL deletes items, and every state item is a key's version floor (ADR 0008).
     * CloudFormation turns TTL off on a table deployed with it only when told so explicitly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void timeToLiveIsExplicitlyOffSoDynamoDbNeverDeletesAStateItem(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        assertThat(table.get("TimeToLiveSpecification")).isEqualTo(Map.of(
                "AttributeName", StateApiResources.Table.RETIRED_TTL_ATTRIBUTE, "Enabled", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isOnDemandWithStreamAndPointInTimeRecovery(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("StreamSpecification"))
                .isEqualTo(Map.of("StreamViewType", StateApiResources.Table.STREAM_VIEW_TYPE));
        assertThat(table.get("PointInTimeRecoverySpecification"))
                .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isEncryptedWithAnAwsOwnedKeyByDefault(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).stateTable());

        // SSEEnabled false is not "unencrypted": DynamoDB then encrypts at rest with an AWS owned key
        assertThat(table.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", false));
        assertThat(Synthesized.of(env).resources("AWS::KMS::Key"))
                .as("only the alarm topic's key").hasSize(1);
    }

    @Test
    void canBeEncryptedWithACustomerManagedKeyThatRotates() {
        Synthesized prod = Synthesized.prodWithAllOptions();
        String keyId = prod.idOf("AWS::KMS::Key", "Description", "Encrypts the State API table (prod) at rest");

        assertThat(properties(prod.stateTable()).get("SSESpecification")).isEqualTo(Map.of(
                "SSEEnabled", true,
                "SSEType", "KMS",
                "KMSMasterKeyId", Synthesized.getAtt(keyId, "Arn")));
        assertThat(prod.props(keyId).get("EnableKeyRotation")).isEqualTo(true);
        assertThat(prod.resource(keyId).get("DeletionPolicy")).isEqualTo("Retain");
    }

    @Test
    void devTableCanBeDestroyed() {
        Map<String, Object> table = Synthesized.of("dev").stateTable();

        assertThat(properties(table).get("DeletionProtectionEnabled")).isEqualTo(false);
        assertThat(table.get("DeletionPolicy")).isEqualTo("Delete");
        assertThat(table.get("UpdateReplacePolicy")).isEqualTo("Delete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void protectedEnvironmentsKeepTheTable(String env) {
        Map<String, Object> table = Synthesized.of(env).stateTable();

        assertThat(properties(table).get("DeletionProtectionEnabled")).isEqualTo(true);
        assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(table.get("UpdateReplacePolicy")).isEqualTo("Retain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theIdempotencyTableIsKeyedByNamespaceAndIdempotencyKeyWithTtlAndNoStream(String env) {
        Synthesized s = Synthesized.of(env);
        Map<String, Object> table = properties(s.idempotencyTable());

        assertThat(table.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", StateApiResources.IdempotencyTable.PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", StateApiResources.IdempotencyTable.SORT_KEY, "KeyType", "RANGE")));
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("TimeToLiveSpecification")).isEqualTo(
                Map.of("AttributeName", StateApiResources.IdempotencyTable.TTL_ATTRIBUTE, "Enabled", true));
        assertThat(table).doesNotContainKey("StreamSpecification");
        assertThat(s.idempotencyTable().get("DeletionPolicy")).isEqualTo(s.stateTable().get("DeletionPolicy"));
    }

    @Test
    void theIdempotencyTableIsEncryptedWithTheStateTablesKey() {
        Synthesized prod = Synthesized.prodWithAllOptions();

        assertThat(properties(prod.idempotencyTable()).get("SSESpecification"))
                .isEqualTo(properties(prod.stateTable()).get("SSESpecification"));
    }
}
