package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.QuotaLedger;
import io.stateapi.domain.tenancy.QuotaWindow;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The request quota's ledger in the catalog table (ADR 0017).
 *
 * <pre>
 * a window of a tenant's requests:
 * pk                 S  "quota#" + tenant
 * sk                 S  the window's start, ISO-8601 ("2026-12-09T10:15:30Z")
 * requests           N  requests claimed in the window, never more than the limit
 * expiresAt          N  the window's end in epoch seconds: DynamoDB's TTL removes the item
 *
 * an operator's limit for a tenant (other attributes of the item belong to the tenant registry):
 * pk                 S  "tenant"
 * sk                 S  tenant
 * requestsPerSecond  N  at least 1
 * </pre>
 *
 * <p>A claim is one conditional {@code UpdateItem ... ADD}: atomic across instances, no read
 * first, no retry on contention. Every call has a budget of {@link #CALL_TIMEOUT}, much less than
 * the client's, because the quota sits in front of every request and fails open when the ledger
 * is slow. The budget is one attempt's too: an {@code ADD} whose answer was lost and that the SDK
 * sent again would count its requests twice, so a timed-out claim is not repeated. Throttled
 * claims, which DynamoDB did not apply, are, within the budget; so are 5xx ones, which may rarely
 * count twice: that only refuses a tenant early by one lease, in one window.
 */
public final class DynamoDbQuotaLedger implements QuotaLedger {

    /** How long one quota call may take, retries included; a slower ledger counts as unavailable. */
    public static final Duration CALL_TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbQuotaLedger.class);
    static final String WINDOW_PARTITION_PREFIX = "quota#";
    static final String TENANT_PARTITION = "tenant";
    private static final String PK = StateApiResources.CatalogTable.PARTITION_KEY;
    private static final String SK = StateApiResources.CatalogTable.SORT_KEY;
    private static final String REQUESTS = "requests";
    private static final String EXPIRES_AT = StateApiResources.CatalogTable.TTL_ATTRIBUTE;
    private static final String REQUESTS_PER_SECOND = "requestsPerSecond";

    private final DynamoDbClient client;
    private final String catalogTable;
    private final Consumer<AwsRequestOverrideConfiguration.Builder> budget;

    public DynamoDbQuotaLedger(DynamoDbClient client, String catalogTable) {
        this(client, catalogTable, CALL_TIMEOUT);
    }

    /** With another budget per call: tests on a loaded emulator give it the client's. */
    public DynamoDbQuotaLedger(DynamoDbClient client, String catalogTable, Duration callTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
        this.budget = o -> o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(callTimeout);
    }

    @Override
    public Claim claim(TenantId tenant, QuotaWindow window, int limit, int requests) {
        if (requests < 1 || requests > limit) {
            throw new IllegalArgumentException("a claim is of 1 to " + limit + " requests: " + requests);
        }
        Map<String, AttributeValue> key = Map.of(
                PK, AttributeValue.fromS(WINDOW_PARTITION_PREFIX + tenant.value()),
                SK, AttributeValue.fromS(window.start().toString()));
        try {
            Map<String, AttributeValue> counted = quotaCall(() -> client.updateItem(b -> b
                    .tableName(catalogTable)
                    .key(key)
                    .updateExpression("ADD #requests :requests SET #expiresAt = :expiresAt")
                    .conditionExpression("attribute_not_exists(#requests) OR #requests <= :room")
                    .expressionAttributeNames(Map.of("#requests", REQUESTS, "#expiresAt", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(
                            ":requests", number(requests),
                            ":room", number(limit - requests),
                            ":expiresAt", number(window.end().getEpochSecond())))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .overrideConfiguration(budget)).attributes());
            return new Claim.Granted(requests, Long.parseLong(counted.get(REQUESTS).n()));
        } catch (ConditionalCheckFailedException full) {
            Map<String, AttributeValue> item = full.item();
            return new Claim.Refused(item != null && item.containsKey(REQUESTS) ? Long.parseLong(item.get(REQUESTS).n()) : limit);
        }
    }

    @Override
    public OptionalInt requestsPerSecond(TenantId tenant) {
        // Eventually consistent (half the read cost): a new setting takes a minute to reach every instance anyway.
        Map<String, AttributeValue> item = quotaCall(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(tenantKey(tenant))
                .projectionExpression("#requestsPerSecond")
                .expressionAttributeNames(Map.of("#requestsPerSecond", REQUESTS_PER_SECOND))
                .overrideConfiguration(budget)).item());
        return item == null || !item.containsKey(REQUESTS_PER_SECOND) ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(item.get(REQUESTS_PER_SECOND).n()));
    }

    /**
     * Sets {@code tenant}'s own limit (for operators: the admin route and the CLI call this); every
     * instance applies it within a minute. The rest of the tenant's item is left as it is.
     */
    public void setRequestsPerSecond(TenantId tenant, int requestsPerSecond) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("a tenant's quota is at least 1 request per second: " + requestsPerSecond);
        }
        call(() -> client.updateItem(b -> b.tableName(catalogTable).key(tenantKey(tenant))
                .updateExpression("SET #requestsPerSecond = :requestsPerSecond")
                .expressionAttributeNames(Map.of("#requestsPerSecond", REQUESTS_PER_SECOND))
                .expressionAttributeValues(Map.of(":requestsPerSecond", number(requestsPerSecond)))));
    }

    /** Puts {@code tenant} back on the deployment's default limit. */
    public void removeRequestsPerSecond(TenantId tenant) {
        call(() -> client.updateItem(b -> b.tableName(catalogTable).key(tenantKey(tenant))
                .updateExpression("REMOVE #requestsPerSecond")
                .expressionAttributeNames(Map.of("#requestsPerSecond", REQUESTS_PER_SECOND))));
    }

    private static <T> T quotaCall(Supplier<T> operation) {
        try {
            return call(operation);
        } catch (StoreUnavailableException e) {
            LOG.warn("the quota ledger is unavailable ({}); counting per instance until the window ends",
                    e.getCause() != null ? e.getCause().toString() : e.getMessage());
            throw e;
        }
    }

    private static Map<String, AttributeValue> tenantKey(TenantId tenant) {
        return Map.of(PK, AttributeValue.fromS(TENANT_PARTITION), SK, AttributeValue.fromS(tenant.value()));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
