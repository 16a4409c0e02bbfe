package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One run's hold on one purge record (ADR 0019, amendment): while a run holds it no other run
 * deletes any of the purge's items, so the keys a batch removed are counted by the run that
 * removed them. Measured on the wall clock, never on the housekeeping's {@code now} (tests move
 * that by days): a run that died holding it blocks the purge for {@link #LENGTH} at most.
 */
final class PurgeLease {

    /** Far above one batch's work (two {@code BatchWriteItem} calls and a save). */
    static final Duration LENGTH = Duration.ofMinutes(2);
    /** Names and values the purger adds to its saves: held by this run, and held longer. */
    static final String HELD = "#own = :me";
    static final String RENEW = "#lease = :until";
    static final String CLEAR = "#own, #lease";

    private final DynamoDbClient client;
    private final String catalogTable;
    private final Clock clock;
    private final TenantNamespace namespace;
    private final String owner = UUID.randomUUID().toString();

    PurgeLease(DynamoDbClient client, String catalogTable, Clock clock, TenantNamespace namespace) {
        this.client = client;
        this.catalogTable = catalogTable;
        this.clock = clock;
        this.namespace = namespace;
    }

    static void names(Map<String, String> names) {
        names.put("#own", PurgeItem.LEASE_OWNER);
        names.put("#lease", PurgeItem.LEASE_UNTIL);
    }

    /** This run's id, for {@link #HELD}. */
    void values(Map<String, AttributeValue> values) {
        values.put(":me", AttributeValue.fromS(owner));
    }

    /** The lease's end were it renewed now, for {@link #RENEW}. */
    void renewal(Map<String, AttributeValue> values) {
        values.put(":until", NamespaceItem.number(clock.millis() + LENGTH.toMillis()));
    }

    /** Takes the purge at {@code step} unless another run holds it; false: leave it to that run. */
    boolean take(long step) {
        Map<String, String> names = new HashMap<>(Map.of("#step", PurgeItem.STEP));
        names(names);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":step", NamespaceItem.number(step), ":now", NamespaceItem.number(clock.millis())));
        values(values);
        renewal(values);
        return update("SET #own = :me, " + RENEW,
                "#step = :step AND (attribute_not_exists(#own) OR #lease < :now)", names, values);
    }

    /** Lets the next run go on at once rather than after the lease runs out; never throws. */
    void release() {
        Map<String, String> names = new HashMap<>();
        names(names);
        try {
            update("REMOVE " + CLEAR, HELD, names, Map.of(":me", AttributeValue.fromS(owner)));
        } catch (RuntimeException e) {
            // The lease runs out by itself; the error that ended the run (if any) is the one to report.
        }
    }

    private boolean update(String update, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        return call(() -> {
            try {
                client.updateItem(b -> b.tableName(catalogTable).key(PurgeItem.key(namespace))
                        .updateExpression(update).conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }
}
