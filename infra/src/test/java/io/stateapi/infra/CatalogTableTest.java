package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalog table (ADR 0013): tenants' namespaces, the principal registry, quota overrides
 * and quota windows, shaped by {@link StateApiResources.CatalogTable} and kept like the state
 * table, since losing it loses every tenant's namespaces and registrations.
 */
class CatalogTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isKeyedByTwoStringsAndNamedForTheEnvironment(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).catalogTable());

        assertThat(table.get("TableName")).isEqualTo(StateApiResources.forEnvironment(env).catalogTableName());
        assertThat(table.get("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", StateApiResources.CatalogTable.PARTITION_KEY, "KeyType", "HASH"),
                Map.of("AttributeName", StateApiResources.CatalogTable.SORT_KEY, "KeyType", "RANGE")));
        assertThat(table.get("AttributeDefinitions")).isEqualTo(List.of(
                Map.of("AttributeName", StateApiResources.CatalogTable.PARTITION_KEY, "AttributeType", "S"),
                Map.of("AttributeName", StateApiResources.CatalogTable.SORT_KEY, "AttributeType", "S")));
        assertThat(table).doesNotContainKeys("GlobalSecondaryIndexes", "LocalSecondaryIndexes");
    }

    /** Quota windows and finished purges expire; namespaces and registrations have no expiry attribute. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void dynamoDbsTimeToLiveRemovesItemsPastTheirExpiry(String env) {
        assertThat(properties(Synthesized.of(env).catalogTable()).get("TimeToLiveSpecification")).isEqualTo(Map.of(
                "AttributeName", StateApiResources.CatalogTable.TTL_ATTRIBUTE, "Enabled", true));
    }

    /** Nothing subscribes to catalog changes; a stream would only cost. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isOnDemandWithPointInTimeRecoveryAndNoStream(String env) {
        Map<String, Object> table = properties(Synthesized.of(env).catalogTable());

        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(table).doesNotContainKey("StreamSpecification");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isEncryptedAndKeptLikeTheStateTable(String env) {
        Synthesized s = Synthesized.of(env);

        assertThat(properties(s.catalogTable()).get("SSESpecification"))
                .isEqualTo(properties(s.stateTable()).get("SSESpecification"));
        assertThat(properties(s.catalogTable()).get("DeletionProtectionEnabled"))
                .isEqualTo(properties(s.stateTable()).get("DeletionProtectionEnabled"));
        assertThat(s.catalogTable().get("DeletionPolicy")).isEqualTo(s.stateTable().get("DeletionPolicy"));
        assertThat(s.catalogTable().get("UpdateReplacePolicy")).isEqualTo(s.stateTable().get("UpdateReplacePolicy"));
    }

    @Test
    void usesTheStateTablesCustomerManagedKeyWhenItHasOne() {
        Synthesized prod = Synthesized.prodWithAllOptions();

        assertThat(properties(prod.catalogTable()).get("SSESpecification"))
                .isEqualTo(properties(prod.stateTable()).get("SSESpecification"))
                .isNotEqualTo(Map.of("SSEEnabled", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void protectedEnvironmentsKeepIt(String env) {
        Map<String, Object> table = Synthesized.of(env).catalogTable();

        assertThat(properties(table).get("DeletionProtectionEnabled")).isEqualTo(true);
        assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
    }
}
