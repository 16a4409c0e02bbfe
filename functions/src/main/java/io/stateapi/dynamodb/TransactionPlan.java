package io.stateapi.dynamodb;

import io.stateapi.domain.Precondition;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException.OperationConflict;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.domain.transactions.TransactionResult.OperationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One round of a transaction (ADR 0028): the {@code TransactWriteItems} items of its operations,
 * the version each key is at once they commit, and how a cancellation's reasons are read.
 *
 * <p>An operation with {@code ifVersion}, and a check of absence, is decided by its own
 * condition alone, so its outcome is known without a read. Every other operation (a put without
 * a version, which must either overwrite a live value or create one; a delete that needs the key
 * live; a check of presence, which reports the version it saw) is decided on a strongly
 * consistent read and pinned to that read ({@link ItemUpdate#asSeen}): if the item moved in
 * between, only the pin fails, and the round starts again. Every write carries the transaction's
 * {@link WriteToken} and refuses to commit over it, so a transaction the AWS SDK sends again after
 * losing its answer finds its own token in the cancellation reasons (ADR 0007).
 */
final class TransactionPlan {

    private static final String NONE = "None";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final List<PreparedOperation> operations;
    private final List<TransactWriteItem> items;
    /** Per operation: its key's version once the transaction commits (null: a check of an absent key). */
    private final List<Version> after;
    /** Per operation: its key's version while its condition holds (null: absent). */
    private final List<Version> holding;

    private TransactionPlan(List<PreparedOperation> operations, List<TransactWriteItem> items, List<Version> after,
                            List<Version> holding) {
        this.operations = operations;
        this.items = items;
        this.after = after;
        this.holding = holding;
    }

    /** Whether the operation is decided on a read of its key (and pinned to it). */
    static boolean needsRead(TransactionOperation operation) {
        return !(operation.precondition() instanceof Precondition.IfVersion)
                && !(operation instanceof TransactionOperation.Check && operation.precondition() instanceof Precondition.IfAbsent);
    }

    /** @param seen the items read for the operations that {@link #needsRead}, by item key (absent: no item) */
    static TransactionPlan of(ItemLayout layout, String table, List<PreparedOperation> operations,
                              Map<Map<String, AttributeValue>, Map<String, AttributeValue>> seen, WriteToken token,
                              Instant now) {
        List<TransactWriteItem> items = new ArrayList<>();
        List<Version> after = new ArrayList<>();
        List<Version> holding = new ArrayList<>();
        for (PreparedOperation prepared : operations) {
            TransactionOperation operation = prepared.operation();
            Map<String, AttributeValue> key = StateItem.key(prepared.namespace(), operation.key());
            Map<String, AttributeValue> item = seen.getOrDefault(key, Map.of());
            Optional<Version> pinned = StateItem.version(item);
            Version live = StateItem.isLive(item, now) ? pinned.orElseThrow() : null;
            Version expected = operation.precondition() instanceof Precondition.IfVersion v ? v.version() : null;
            switch (operation) {
                case TransactionOperation.Put put -> {
                    ItemUpdate update;
                    if (expected != null) {
                        update = ItemUpdate.overwrite(layout, prepared.namespace(), put.key(), put.value(), prepared.schemaVersion(),
                                prepared.ttl(), token,
                                now).atVersion(expected);
                        after.add(following(expected));
                    } else {
                        boolean overwrite = put.precondition() instanceof Precondition.IfPresent
                                || (put.precondition() instanceof Precondition.None && live != null);
                        update = (overwrite
                                ? ItemUpdate.overwrite(layout, prepared.namespace(), put.key(), put.value(), prepared.schemaVersion(),
                                prepared.ttl(), token, now)
                                : ItemUpdate.create(layout, prepared.namespace(), put.key(), put.value(), prepared.schemaVersion(),
                                        prepared.ttl(), token,
                                        prepared.versionFloor(), now)).asSeen(item);
                        after.add(pinned.map(Version::next).orElse(Version.of(prepared.versionFloor() + 1)));
                    }
                    items.add(TransactWriteItem.builder().update(update.unlessAlreadyCommitted()
                            .transactionItem(table, key)).build());
                }
                case TransactionOperation.Delete delete -> {
                    ItemUpdate update = ItemUpdate.delete(prepared.namespace(), delete.key(), token, now);
                    update = expected != null ? update.atVersion(expected) : update.asSeen(item);
                    after.add(expected != null ? following(expected) : pinned.map(Version::next).orElse(Version.FIRST));
                    items.add(TransactWriteItem.builder().update(update.unlessAlreadyCommitted()
                            .transactionItem(table, key)).build());
                }
                case TransactionOperation.Check check -> {
                    ItemUpdate condition = switch (check.precondition()) {
                        case Precondition.IfVersion v -> ItemUpdate.live(now).atVersion(v.version());
                        case Precondition.IfAbsent ignored -> ItemUpdate.notLive(now);
                        default -> ItemUpdate.live(now).asSeen(item);
                    };
                    after.add(expected != null ? expected
                            : check.precondition() instanceof Precondition.IfAbsent ? null : live);
                    items.add(TransactWriteItem.builder().conditionCheck(condition.conditionCheck(table, key)).build());
                }
            }
            holding.add(expected != null ? expected : needsRead(operation) ? live : null);
        }
        return new TransactionPlan(operations, items, after, holding);
    }

    List<TransactWriteItem> items() {
        return items;
    }

    /** What the transaction reports once committed. */
    TransactionResult result() {
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            TransactionOperation operation = operations.get(i).operation();
            results.add(new OperationResult(operation.namespace(), operation.key(), after.get(i)));
        }
        return new TransactionResult(results, false);
    }

    /** How a cancelled round ended, read from its cancellation reasons. */
    sealed interface Cancellation {

        /**
         * It committed: this round ({@code lostAnswer} false), or an earlier send of it whose answer
         * was lost, which the AWS SDK's repeat meets as its own write token ({@code lostAnswer} true).
         */
        record Committed(boolean lostAnswer) implements Cancellation {
        }

        /** The idempotency key was taken first, by another request: its stored outcome is the answer. */
        record KeyTaken(Map<String, AttributeValue> first) implements Cancellation {
        }

        /** An operation's own condition failed: the transaction's answer is this conflict. */
        record Conflict(TransactionConflictException conflict) implements Cancellation {
        }

        /** Only a pin to the read failed, or another transaction was in flight: read and try again. */
        record Retry(boolean contention) implements Cancellation {
        }

        /** DynamoDB cancelled it for another reason (throttling, validation): the codes say which. */
        record Refused(List<String> codes) implements Cancellation {
        }
    }

    /** @param reasons the reasons of this plan's items, in order (without the idempotency record's) */
    Cancellation classify(List<CancellationReason> reasons, WriteToken token, Instant now) {
        List<OperationConflict> conflicts = new ArrayList<>();
        boolean failed = false;
        boolean contention = false;
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            TransactionOperation operation = operations.get(i).operation();
            CancellationReason reason = i < reasons.size() ? reasons.get(i) : null;
            String code = reason == null || reason.code() == null ? NONE : reason.code();
            switch (code) {
                case NONE -> conflicts.add(conflict(i, operation, false, holding.get(i)));
                case CONDITION_FAILED -> {
                    Map<String, AttributeValue> current = reason.hasItem() ? reason.item() : Map.of();
                    if (operation.writes() && StateItem.committedBy(current, token)) {
                        return new Cancellation.Committed(true);
                    }
                    boolean own = !holds(operation, current, now);
                    failed |= own;
                    conflicts.add(conflict(i, operation, own,
                            StateItem.isLive(current, now) ? StateItem.version(current).orElseThrow() : null));
                }
                case TRANSACTION_CONFLICT -> {
                    contention = true;
                    conflicts.add(conflict(i, operation, false, holding.get(i)));
                }
                default -> refused.add(code);
            }
        }
        if (failed) {
            return new Cancellation.Conflict(new TransactionConflictException(conflicts, false));
        }
        return refused.isEmpty() ? new Cancellation.Retry(contention) : new Cancellation.Refused(refused);
    }

    /** Whether the operation's own precondition holds on {@code current} (a pin to the read aside). */
    private static boolean holds(TransactionOperation operation, Map<String, AttributeValue> current, Instant now) {
        boolean live = StateItem.isLive(current, now);
        return switch (operation.precondition()) {
            case Precondition.None ignored -> !(operation instanceof TransactionOperation.Delete) || live;
            case Precondition.IfAbsent ignored -> !live;
            case Precondition.IfPresent ignored -> live;
            case Precondition.IfVersion v -> live && StateItem.version(current).orElseThrow().equals(v.version());
            case Precondition.Contradictory ignored -> false;
        };
    }

    /**
     * The version after the one a condition names. No key reaches {@code Long.MAX_VALUE}, so a
     * condition naming it fails and what is planned for it is never reported (a client may still
     * send it: it must not break the plan).
     */
    private static Version following(Version expected) {
        return expected.value() == Long.MAX_VALUE ? expected : expected.next();
    }

    private static OperationConflict conflict(int index, TransactionOperation operation, boolean failed, Version current) {
        return new OperationConflict(index, operation.namespace(), operation.key(), failed, current);
    }
}
