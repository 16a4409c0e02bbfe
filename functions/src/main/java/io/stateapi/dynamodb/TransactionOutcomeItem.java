package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.ItemUpdate.number;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity.IdempotentRequest;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException.OperationConflict;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.domain.transactions.TransactionResult.OperationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stored outcome of a transaction sent with an {@code Idempotency-Key} (ADR 0028), in the
 * idempotency table beside the outcomes of single writes ({@link IdempotencyItem}, whose
 * attribute names and liveness rule it shares). A transaction spans namespaces, so its key is
 * scoped to the tenant: the partition key {@code tenant##transactions} is one no namespace can
 * have (names start with a letter or digit), and a namespace purge leaves it to its TTL.
 *
 * <pre>
 * pk, sk, fingerprint, writeToken, updatedAt, expiresAt   as in {@link IdempotencyItem}
 * operation   S     TRANSACTION (committed) or TRANSACTION-CONFLICT (cancelled: nothing was written)
 * versions    L     per operation in request order: N, or NULL (a check of an absent key)
 * failed      L     TRANSACTION-CONFLICT only: per operation, BOOL whether its condition failed
 * </pre>
 *
 * Namespaces and keys are not stored: a repeat carries the same operations (the fingerprint says so).
 */
final class TransactionOutcomeItem {

    private static final String COMMITTED = "TRANSACTION";
    private static final String CONFLICT = "TRANSACTION-CONFLICT";
    private static final String VERSIONS = "versions";
    private static final String FAILED = "failed";

    private TransactionOutcomeItem() {
    }

    static Map<String, AttributeValue> key(TenantId tenant, IdempotencyKey key) {
        return Map.of(IdempotencyItem.PK, AttributeValue.fromS(tenant.value() + "##transactions"),
                IdempotencyItem.SK, AttributeValue.fromS(key.value()));
    }

    static Map<String, AttributeValue> ofCommit(TenantId tenant, IdempotentRequest request, TransactionResult result,
                                                WriteToken token, Instant now, Instant keepUntil) {
        Map<String, AttributeValue> item = common(tenant, request, COMMITTED, token, now, keepUntil);
        item.put(VERSIONS, AttributeValue.fromL(result.operations().stream()
                .map(operation -> version(operation.version())).toList()));
        return item;
    }

    static Map<String, AttributeValue> ofConflict(TenantId tenant, IdempotentRequest request,
                                                  TransactionConflictException conflict, WriteToken token, Instant now,
                                                  Instant keepUntil) {
        Map<String, AttributeValue> item = common(tenant, request, CONFLICT, token, now, keepUntil);
        item.put(VERSIONS, AttributeValue.fromL(conflict.operations().stream()
                .map(operation -> version(operation.currentVersion())).toList()));
        item.put(FAILED, AttributeValue.fromL(conflict.operations().stream()
                .map(operation -> AttributeValue.fromBool(operation.conditionFailed())).toList()));
        return item;
    }

    /**
     * The first request's outcome again: its result, or (thrown) its conflict.
     *
     * @throws TransactionConflictException the stored conflict, marked as replayed
     */
    static TransactionResult replay(Map<String, AttributeValue> item, List<PreparedOperation> operations) {
        List<AttributeValue> versions = item.get(VERSIONS).l();
        if (CONFLICT.equals(item.get(IdempotencyItem.OPERATION).s())) {
            List<AttributeValue> failed = item.get(FAILED).l();
            List<OperationConflict> conflicts = new ArrayList<>();
            for (int i = 0; i < operations.size(); i++) {
                PreparedOperation operation = operations.get(i);
                conflicts.add(new OperationConflict(i, operation.operation().namespace(), operation.operation().key(),
                        failed.get(i).bool(), version(versions.get(i))));
            }
            throw new TransactionConflictException(conflicts, true);
        }
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            PreparedOperation operation = operations.get(i);
            results.add(new OperationResult(operation.operation().namespace(), operation.operation().key(),
                    version(versions.get(i))));
        }
        return new TransactionResult(results, true);
    }

    private static Map<String, AttributeValue> common(TenantId tenant, IdempotentRequest request, String operation,
                                                      WriteToken token, Instant now, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenant, request.key()));
        item.put(IdempotencyItem.FINGERPRINT, AttributeValue.fromS(request.fingerprint().value()));
        item.put(IdempotencyItem.OPERATION, AttributeValue.fromS(operation));
        item.put(IdempotencyItem.UPDATED_AT, number(now.toEpochMilli()));
        item.put(IdempotencyItem.WRITE_TOKEN, AttributeValue.fromS(token.value()));
        item.put(IdempotencyItem.EXPIRES_AT, number(keepUntil.getEpochSecond()));
        return item;
    }

    private static AttributeValue version(Version version) {
        return version == null ? AttributeValue.fromNul(true) : number(version.value());
    }

    private static Version version(AttributeValue value) {
        return value.n() == null ? null : Version.of(Long.parseLong(value.n()));
    }
}
