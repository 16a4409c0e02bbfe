package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.ItemUpdate.number;

import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity.IdempotentRequest;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteToken;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one stored write outcome in the idempotency table (ADR 0007). It holds what
 * is needed to answer a repeat exactly as the first request was answered; the value itself is
 * not stored, because a repeat must carry the same value (the fingerprint says so).
 *
 * <pre>
 * pk              S     tenant#namespace                   (partition key, as the state item's)
 * sk              S     the client's idempotency key       (sort key)
 * fingerprint     S     RequestFingerprint of the first request
 * operation       S     PUT, PATCH, CHANGE or DELETE
 * version         N     the version the write committed
 * created         BOOL  PUT: whether it created the key (201) or updated it (200)
 * createdAt       N     PUT: epoch millis the key's current incarnation was created
 * updatedAt       N     epoch millis of the commit
 * valueExpiresAt  N     PUT: epoch seconds the written value expires, if it does
 * schemaVersion   N     PUT: the schema version the written value recorded, if any (ADR 0056)
 * value           S     PATCH (ADR 0029), CHANGE (increment, expiry change; ADR 0034): the compact
 *                       JSON the key held after the write, which a repeat of such a request does not carry
 * writeToken      S     the write's token, also on the state item it committed
 * expiresAt       N     epoch seconds; DynamoDB's TTL attribute. Past it the record counts as absent
 * </pre>
 */
final class IdempotencyItem {

    static final String PK = StateApiResources.IdempotencyTable.PARTITION_KEY;
    static final String SK = StateApiResources.IdempotencyTable.SORT_KEY;
    static final String EXPIRES_AT = StateApiResources.IdempotencyTable.TTL_ATTRIBUTE;
    static final String FINGERPRINT = "fingerprint";
    static final String OPERATION = "operation";
    private static final String VERSION = "version";
    private static final String CREATED = "created";
    private static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    private static final String VALUE_EXPIRES_AT = "valueExpiresAt";
    static final String WRITE_TOKEN = "writeToken";
    private static final String VALUE = "value";
    private static final String SCHEMA_VERSION = "schemaVersion";

    private IdempotencyItem() {
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace, IdempotencyKey key) {
        return Map.of(PK, AttributeValue.fromS(StateItem.partitionKey(namespace)), SK, AttributeValue.fromS(key.value()));
    }

    static Map<String, AttributeValue> ofPut(TenantNamespace namespace, IdempotentRequest request, WriteResult result,
                                             WriteToken token, Instant keepUntil) {
        StateRecord record = result.record();
        Map<String, AttributeValue> item = common(namespace, request, "PUT", record.version(), record.updatedAt(),
                token, keepUntil);
        item.put(CREATED, AttributeValue.fromBool(result.created()));
        item.put(CREATED_AT, number(record.createdAt().toEpochMilli()));
        record.expiry().ifPresent(at -> item.put(VALUE_EXPIRES_AT, number(at.getEpochSecond())));
        record.schemaVersion().ifPresent(version -> item.put(SCHEMA_VERSION, number(version)));
        if (request.keepsValue()) {
            item.put(OPERATION, AttributeValue.fromS("PATCH"));
            item.put(VALUE, AttributeValue.fromS(record.value().json()));
        }
        return item;
    }

    /** The outcome of an increment or expiry change: as a PUT's, plus the value it left. */
    static Map<String, AttributeValue> ofWrite(TenantNamespace namespace, IdempotentRequest request, WriteResult result,
                                               WriteToken token, Instant keepUntil) {
        Map<String, AttributeValue> item = ofPut(namespace, request, result, token, keepUntil);
        item.put(OPERATION, AttributeValue.fromS("CHANGE"));
        item.put(VALUE, AttributeValue.fromS(result.record().value().json()));
        return item;
    }

    static Map<String, AttributeValue> ofDelete(TenantNamespace namespace, IdempotentRequest request, Version version,
                                                Instant deletedAt, WriteToken token, Instant keepUntil) {
        return common(namespace, request, "DELETE", version, deletedAt, token, keepUntil);
    }

    /** Whether the record still counts at {@code now}: DynamoDB's TTL sweeper may be days late. */
    static boolean isLive(Map<String, AttributeValue> item, Instant now) {
        return item != null && item.containsKey(FINGERPRINT)
                && Long.parseLong(item.get(EXPIRES_AT).n()) > now.getEpochSecond();
    }

    /** Whether the record was stored by the write with {@code token} (this same request, sent again). */
    static boolean committedBy(Map<String, AttributeValue> item, WriteToken token) {
        AttributeValue written = item.get(WRITE_TOKEN);
        return written != null && token.value().equals(written.s());
    }

    static RequestFingerprint fingerprint(Map<String, AttributeValue> item) {
        return new RequestFingerprint(item.get(FINGERPRINT).s());
    }

    /**
     * The first request's answer again; {@code value} is the repeat's, equal to the first by
     * fingerprint, unless the record kept the value itself (a patch's).
     */
    static WriteResult replayPut(Map<String, AttributeValue> item, TenantNamespace namespace, Key key, JsonDocument value) {
        AttributeValue valueExpiresAt = item.get(VALUE_EXPIRES_AT);
        AttributeValue kept = item.get(VALUE);
        StateRecord record = new StateRecord(namespace, key, kept == null ? value : new JsonDocument(kept.s()), version(item),
                millis(item, CREATED_AT), millis(item, UPDATED_AT),
                valueExpiresAt == null ? null : Instant.ofEpochSecond(Long.parseLong(valueExpiresAt.n())),
                item.containsKey(SCHEMA_VERSION) ? java.util.OptionalLong.of(Long.parseLong(item.get(SCHEMA_VERSION).n()))
                        : java.util.OptionalLong.empty());
        return new WriteResult(record, Boolean.TRUE.equals(item.get(CREATED).bool()), true);
    }

    /** The first answer of an increment or expiry change again, with the value it stored. */
    static WriteResult replayWrite(Map<String, AttributeValue> item, TenantNamespace namespace, Key key) {
        return replayPut(item, namespace, key, new JsonDocument(item.get(VALUE).s()));
    }

    static DeleteResult replayDelete(Map<String, AttributeValue> item) {
        return new DeleteResult(version(item), true);
    }

    private static Map<String, AttributeValue> common(TenantNamespace namespace, IdempotentRequest request, String operation,
                                                      Version version, Instant committedAt, WriteToken token,
                                                      Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(key(namespace, request.key()));
        item.put(FINGERPRINT, AttributeValue.fromS(request.fingerprint().value()));
        item.put(OPERATION, AttributeValue.fromS(operation));
        item.put(VERSION, number(version.value()));
        item.put(UPDATED_AT, number(committedAt.toEpochMilli()));
        item.put(WRITE_TOKEN, AttributeValue.fromS(token.value()));
        item.put(EXPIRES_AT, number(keepUntil.getEpochSecond()));
        return item;
    }

    private static Version version(Map<String, AttributeValue> item) {
        return Version.of(Long.parseLong(item.get(VERSION).n()));
    }

    private static Instant millis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(Long.parseLong(item.get(name).n()));
    }
}
