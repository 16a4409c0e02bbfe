package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Version;
import io.stateapi.dynamodb.StreamImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one DynamoDB stream record of the state table into the change events it stands for.
 *
 * <p>The item layout makes most records one event: an {@code INSERT} is a create, and a
 * {@code MODIFY} is an update, a create over a tombstone, a delete (the item becomes a
 * tombstone at the next version), or an expiry (the expiry sweeper turns the item into a
 * tombstone at the same version, ADR 0008). Nothing in the service deletes an item, so a
 * {@code REMOVE} comes only from outside the API (an operator's {@code DeleteItem}, or
 * DynamoDB's TTL on a table deployed before ADR 0008). Two cases need more than one image:
 * <ul>
 *   <li>a create over an item that had expired but was not swept yet is one {@code MODIFY};
 *       it yields {@code expired} for the old version and then {@code created}: the same
 *       events, with the same identities, a subscriber sees when the sweeper ran first, so
 *       subscribers need not know when the sweeper runs;</li>
 *   <li>a {@code REMOVE} of a live item by anyone but DynamoDB's TTL yields {@code deleted} at
 *       the next version, as if deleted through the API.</li>
 * </ul>
 * Every {@code REMOVE} of a state item, tombstones included, asks for a tombstone to be put
 * back, so the key's versions carry on. A record for a tombstone's own insertion yields
 * nothing, nor does a rewrite that commits no new version and expires nothing, nor an image
 * without a version (moto, for one, reports a create by {@code UpdateItem} as a key-only
 * {@code INSERT} followed by the full one).
 */
public final class StreamRecordMapper {

    /**
     * Who DynamoDB names as the user of a TTL deletion in stream records. The state table has
     * TTL off (ADR 0008); such records come only from a table while TTL was being turned off.
     */
    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    static final String TTL_PRINCIPAL_TYPE = "Service";

    /**
     * The events of one stream record, in commit order, and whether the item is gone from the
     * table so that a tombstone must keep its version.
     *
     * @param removed the item whose tombstone must be put back, when the record removed it
     */
    public record Changes(List<ChangeEvent> events, Optional<RemovedItem> removed) {

        static final Changes NONE = new Changes(List.of(), Optional.empty());

        static Changes of(ChangeEvent... events) {
            return new Changes(List.of(events), Optional.empty());
        }

        /** The version to keep in a tombstone, when the record removed the item. */
        public Optional<Version> tombstoneVersion() {
            return removed.map(RemovedItem::version);
        }
    }

    /** A state item removed from the table, whose version a tombstone must keep. */
    public record RemovedItem(TenantNamespace namespace, Key key, Version version, Instant removedAt) {
    }

    public Changes map(Record record) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new IllegalArgumentException("stream record " + record.getEventID() + " has no dynamodb member");
        }
        return switch (String.valueOf(record.getEventName())) {
            case "INSERT" -> image(record, dynamodb.getNewImage(), "NewImage")
                    .map(StreamRecordMapper::inserted).orElse(Changes.NONE);
            case "MODIFY" -> {
                Optional<StreamImage> before = image(record, dynamodb.getOldImage(), "OldImage");
                Optional<StreamImage> after = image(record, dynamodb.getNewImage(), "NewImage");
                if (after.isEmpty()) {
                    yield Changes.NONE;
                }
                yield before.isEmpty() ? inserted(after.get()) : modified(before.get(), after.get());
            }
            case "REMOVE" -> image(record, dynamodb.getOldImage(), "OldImage")
                    .map(before -> removed(before, record.getUserIdentity(),
                            dynamodb.getApproximateCreationDateTime() == null ? Instant.now()
                                    : dynamodb.getApproximateCreationDateTime().toInstant()))
                    .orElse(Changes.NONE);
            default -> throw new IllegalArgumentException(
                    "stream record " + record.getEventID() + " has unknown eventName " + record.getEventName());
        };
    }

    private static Changes inserted(StreamImage created) {
        if (created.tombstone()) {
            // Written by the fan-out function itself to keep a removed item's version.
            return Changes.NONE;
        }
        return Changes.of(new ChangeEvent(ChangeType.CREATED, created.namespace(), created.key(), created.version(),
                Optional.empty(), created.value(), Optional.empty(), created.updatedAt(), created.schemaVersion()));
    }

    private static Changes modified(StreamImage before, StreamImage after) {
        if (after.version().equals(before.version())) {
            // The sweeper's tombstone commits no version: the value at this version expired.
            return after.sweptExpiry().isPresent() && !before.tombstone()
                    ? Changes.of(expired(before, before.expiresAt().orElse(after.sweptExpiry().get())))
                    : Changes.NONE;
        }
        Instant committed = after.updatedAt();
        boolean wasLive = before.isLiveAt(committed);
        if (after.tombstone()) {
            return Changes.of(new ChangeEvent(ChangeType.DELETED, after.namespace(), after.key(), after.version(),
                    Optional.of(before.version()), Optional.empty(), wasLive ? before.value() : Optional.empty(),
                    committed));
        }
        ChangeEvent change = new ChangeEvent(wasLive ? ChangeType.UPDATED : ChangeType.CREATED,
                after.namespace(), after.key(), after.version(), Optional.of(before.version()), after.value(),
                wasLive ? before.value() : Optional.empty(), committed, after.schemaVersion());
        if (wasLive || before.tombstone()) {
            return Changes.of(change);
        }
        // Created over a value that had expired but was not swept yet: report the expiry first.
        return Changes.of(expired(before, before.expiresAt().orElse(committed)), change);
    }

    private static Changes removed(StreamImage before, Identity user, Instant removedAt) {
        if (before.tombstone()) {
            // Nothing changed for subscribers, but the version floor went with the item.
            return new Changes(List.of(), Optional.of(removedItem(before, before.version(), removedAt)));
        }
        boolean ttlSweeper = user != null && TTL_PRINCIPAL_TYPE.equals(user.getType())
                && TTL_PRINCIPAL.equals(user.getPrincipalId());
        if (ttlSweeper || !before.isLiveAt(removedAt)) {
            return new Changes(List.of(expired(before, removedAt)),
                    Optional.of(removedItem(before, before.version(), removedAt)));
        }
        Version deleted = before.version().next();
        return new Changes(List.of(new ChangeEvent(ChangeType.DELETED, before.namespace(), before.key(), deleted,
                Optional.of(before.version()), Optional.empty(), before.value(), removedAt)),
                Optional.of(removedItem(before, deleted, removedAt)));
    }

    private static RemovedItem removedItem(StreamImage before, Version floor, Instant removedAt) {
        return new RemovedItem(before.namespace(), before.key(), floor, removedAt);
    }

    private static ChangeEvent expired(StreamImage before, Instant at) {
        return new ChangeEvent(ChangeType.EXPIRED, before.namespace(), before.key(), before.version(),
                Optional.of(before.version()), Optional.empty(), before.value(), at, before.schemaVersion());
    }

    /**
     * The state item in an image; empty when the item holds no version (it is no state item,
     * or an emulator's intermediate key-only image). A missing image means the stream was
     * not set up with both images, which no retry can fix but an operator must see.
     */
    private static Optional<StreamImage> image(
            Record record, Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image,
            String member) {
        if (image == null) {
            throw new IllegalArgumentException("stream record " + record.getEventID() + " (" + record.getEventName()
                    + ") has no " + member + "; the stream must use NEW_AND_OLD_IMAGES");
        }
        return StreamImage.of(image);
    }
}
