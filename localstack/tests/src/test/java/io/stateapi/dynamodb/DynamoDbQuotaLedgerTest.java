package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.QuotaLedger.Claim;
import io.stateapi.domain.tenancy.QuotaWindow;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.faults.Faults;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The quota ledger in the catalog table, against the emulator. Windows are passed in: no waiting. */
class DynamoDbQuotaLedgerTest {

    private static final QuotaWindow WINDOW =
            QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30Z"), Duration.ofSeconds(1));

    private final TestStack stack = TestStack.shared();
    private final String catalog = TestStack.RESOURCES.catalogTableName();
    /** With the client's budget: these tests are about what is counted, not about a loaded emulator's speed. */
    private final DynamoDbQuotaLedger ledger =
            new DynamoDbQuotaLedger(stack.dynamoDb(), catalog, DynamoDbClients.CALL_TIMEOUT);
    private final TenantId tenant = TenantId.of("quota-" + UUID.randomUUID().toString().substring(0, 8));

    private Map<String, AttributeValue> item(String pk, String sk) {
        return stack.dynamoDb().getItem(b -> b.tableName(catalog).consistentRead(true).key(Map.of(
                StateApiResources.CatalogTable.PARTITION_KEY, AttributeValue.fromS(pk),
                StateApiResources.CatalogTable.SORT_KEY, AttributeValue.fromS(sk)))).item();
    }

    @Test
    void claimsWithinTheLimitAreGrantedWithTheWindowsCount() {
        assertThat(ledger.claim(tenant, WINDOW, 5, 3)).isEqualTo(new Claim.Granted(3, 3));
        assertThat(ledger.claim(tenant, WINDOW, 5, 2)).isEqualTo(new Claim.Granted(2, 5));
    }

    @Test
    void aClaimPastTheLimitIsRefusedWithTheCountAndAddsNothing() {
        ledger.claim(tenant, WINDOW, 5, 4);

        assertThat(ledger.claim(tenant, WINDOW, 5, 2)).isEqualTo(new Claim.Refused(4));
        assertThat(ledger.claim(tenant, WINDOW, 5, 1)).isEqualTo(new Claim.Granted(1, 5));
        assertThat(ledger.claim(tenant, WINDOW, 5, 1)).isEqualTo(new Claim.Refused(5));
    }

    @Test
    void eachTenantAndEachWindowIsCountedApart() {
        TenantId other = TenantId.of(tenant.value() + "-b");
        ledger.claim(tenant, WINDOW, 5, 5);

        assertThat(ledger.claim(other, WINDOW, 5, 1)).isEqualTo(new Claim.Granted(1, 1));
        assertThat(ledger.claim(tenant, WINDOW.next(), 5, 1)).isEqualTo(new Claim.Granted(1, 1));
    }

    @Test
    void aWindowIsOneItemOfTheTenantThatDynamoDbsTtlRemovesWhenTheWindowEnds() {
        ledger.claim(tenant, WINDOW, 5, 2);

        Map<String, AttributeValue> item = item("quota#" + tenant.value(), "2026-12-09T10:15:30Z");
        assertThat(item.get("requests").n()).isEqualTo("2");
        assertThat(item.get(StateApiResources.CatalogTable.TTL_ATTRIBUTE).n())
                .isEqualTo(Long.toString(WINDOW.end().getEpochSecond()));
    }

    @Test
    void concurrentClaimsNeverPassTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                claims.add(pool.submit(() -> ledger.claim(tenant, WINDOW, 10, 1)));
            }
            int granted = 0;
            for (Future<Claim> claim : claims) {
                granted += claim.get() instanceof Claim.Granted ? 1 : 0;
            }
            assertThat(granted).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTenantHasNoLimitOfItsOwnUntilAnOperatorSetsOne() {
        assertThat(ledger.requestsPerSecond(tenant)).isEmpty();

        ledger.setRequestsPerSecond(tenant, 7);
        assertThat(ledger.requestsPerSecond(tenant)).isEqualTo(OptionalInt.of(7));

        ledger.removeRequestsPerSecond(tenant);
        assertThat(ledger.requestsPerSecond(tenant)).isEmpty();
    }

    @Test
    void settingALimitKeepsWhateverElseTheTenantsItemHolds() {
        stack.dynamoDb().putItem(b -> b.tableName(catalog).item(Map.of(
                StateApiResources.CatalogTable.PARTITION_KEY, AttributeValue.fromS("tenant"),
                StateApiResources.CatalogTable.SORT_KEY, AttributeValue.fromS(tenant.value()),
                "createdAt", AttributeValue.fromS("2026-12-01T00:00:00Z"))));

        ledger.setRequestsPerSecond(tenant, 50);
        ledger.removeRequestsPerSecond(tenant);

        assertThat(item("tenant", tenant.value())).containsKey("createdAt").doesNotContainKey("requestsPerSecond");
    }

    @Test
    void aLimitIsAtLeastOneRequestPerSecond() {
        assertThatThrownBy(() -> ledger.setRequestsPerSecond(tenant, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void throttlingIsReportedAsTheStoreBeingUnavailable() {
        try (DynamoDbClient throttled = DynamoDbClients.create(stack.emulatorEndpoint(),
                List.of(Faults.dynamoDbThrottling("ThrottlingException")))) {
            DynamoDbQuotaLedger throttledLedger = new DynamoDbQuotaLedger(throttled, catalog);

            assertThatThrownBy(() -> throttledLedger.claim(tenant, WINDOW, 5, 1))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> throttledLedger.requestsPerSecond(tenant))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    /**
     * A stall the client's own timeouts would sit out (it ends before the attempt timeout) ends
     * the quota's call: a slow ledger must not make every request slow.
     */
    @Test
    void aLedgerSlowerThanTheQuotasBudgetIsReportedUnavailable() {
        Duration stall = DynamoDbQuotaLedger.CALL_TIMEOUT.plusMillis(500);
        assertThat(stall).isLessThan(DynamoDbClients.ATTEMPT_TIMEOUT);
        try (DynamoDbClient slow = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(Faults.dynamoDbStall(stall)))) {
            DynamoDbQuotaLedger slowLedger = new DynamoDbQuotaLedger(slow, catalog);

            assertThatThrownBy(() -> slowLedger.claim(tenant, WINDOW, 5, 1)).isInstanceOf(StoreUnavailableException.class);
        }
    }
}
