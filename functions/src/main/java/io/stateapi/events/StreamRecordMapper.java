package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.stateapi.domain.Version;
import io.stateapi.dynamodb.StreamImage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns one DynamoDB stream record of the state table into the change events it stands for.
 *
 * <p>The item layout makes most records one event: an {@code INSERT} is a create, a
 * {@code MODIFY} is an update, a create over a tombstone, or a delete (the item becomes a
 * tombstone), and a {@code REMOVE} happens only when DynamoDB's TTL sweeper deletes an
 * expired item. Two cases need more than one image to decide:
 * <ul>
 *   <li>a create over an item that had expired but was not swept yet is one {@code MODIFY};
 *       it yields {@code expired} for the old version and then {@code created}, the same
 *       events a subscriber sees when the sweeper ran first, so subscribers need not know
 *       when the sweeper runs;</li>
 *   <li>a {@code REMOVE} of a live item by anyone but the TTL sweeper (an operator, a
 *       script) yields {@code deleted} at the next version, as if deleted through the API.</li>
 * </ul>
 * A record for a tombstone's own insertion yields nothing, nor does a rewrite that commits no
 * new version.
 */
public final class StreamRecordMapper {

    /** Who DynamoDB names as the user of a TTL deletion in stream records. */
    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    static final String TTL_PRINCIPAL_TYPE = "Service";

    /**
     * The events of one stream record, in commit order, and whether the item is gone from the
     * table so that a tombstone must keep its version.
     *
     * @param tombstoneVersion the version to keep in a tombstone, when the record removed the item
     */
    public record Changes(List<ChangeEvent> events, Optional<Version> tombstoneVersion) {

        static final Changes NONE = new Changes(List.of(), Optional.empty());

        static Changes of(ChangeEvent... events) {
            return new Changes(List.of(events), Optional.empty());
        }
    }

    public Changes map(Record record) {
        StreamRecord dynamodb = record.getDynamodb();
        if (dynamodb == null) {
            throw new IllegalArgumentException("stream record " + record.getEventID() + " has no dynamodb member");
        }
        Optional<StreamImage> oldImage = StreamImage.of(dynamodb.getOldImage());
        Optional<StreamImage> newImage = StreamImage.of(dynamodb.getNewImage());
        return switch (String.valueOf(record.getEventName())) {
            case "INSERT" -> inserted(require(newImage, record, "NewImage"));
            case "MODIFY" -> modified(require(oldImage, record, "OldImage"), require(newImage, record, "NewImage"));
            case "REMOVE" -> removed(require(oldImage, record, "OldImage"), record.getUserIdentity(),
                    dynamodb.getApproximateCreationDateTime() == null ? Instant.now()
                            : dynamodb.getApproximateCreationDateTime().toInstant());
            default -> throw new IllegalArgumentException(
                    "stream record " + record.getEventID() + " has unknown eventName " + record.getEventName());
        };
    }

    private static Changes inserted(StreamImage created) {
        if (created.tombstone()) {
            // Written by the fan-out function itself to keep a swept item's version.
            return Changes.NONE;
        }
        return Changes.of(new ChangeEvent(ChangeType.CREATED, created.namespace(), created.key(), created.version(),
                Optional.empty(), created.value(), Optional.empty(), created.updatedAt()));
    }

    private static Changes modified(StreamImage before, StreamImage after) {
        if (after.version().equals(before.version())) {
            return Changes.NONE;
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
                wasLive ? before.value() : Optional.empty(), committed);
        if (wasLive || before.tombstone()) {
            return Changes.of(change);
        }
        // Created over a value that had expired but was not swept yet: report the expiry first.
        return Changes.of(expired(before, before.expiresAt().orElse(committed)), change);
    }

    private static Changes removed(StreamImage before, Identity user, Instant removedAt) {
        if (before.tombstone()) {
            return Changes.NONE;
        }
        boolean ttlSweeper = user != null && TTL_PRINCIPAL_TYPE.equals(user.getType())
                && TTL_PRINCIPAL.equals(user.getPrincipalId());
        if (ttlSweeper || !before.isLiveAt(removedAt)) {
            return new Changes(List.of(expired(before, removedAt)), Optional.of(before.version()));
        }
        Version deleted = before.version().next();
        return new Changes(List.of(new ChangeEvent(ChangeType.DELETED, before.namespace(), before.key(), deleted,
                Optional.of(before.version()), Optional.empty(), before.value(), removedAt)), Optional.of(deleted));
    }

    private static ChangeEvent expired(StreamImage before, Instant at) {
        return new ChangeEvent(ChangeType.EXPIRED, before.namespace(), before.key(), before.version(),
                Optional.of(before.version()), Optional.empty(), before.value(), at);
    }

    private static StreamImage require(Optional<StreamImage> image, Record record, String member) {
        return image.orElseThrow(() -> new IllegalArgumentException("stream record " + record.getEventID()
                + " (" + record.getEventName() + ") has no state item in " + member
                + "; the stream must use NEW_AND_OLD_IMAGES"));
    }
}
