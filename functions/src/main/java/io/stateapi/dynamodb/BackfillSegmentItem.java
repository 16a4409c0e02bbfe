package io.stateapi.dynamodb;

import io.stateapi.domain.Key;
import io.stateapi.domain.backfill.BackfillCounts;
import io.stateapi.domain.backfill.BackfillSegment;
import io.stateapi.domain.backfill.FailedKey;
import io.stateapi.domain.backfill.KeyRange;
import io.stateapi.domain.exceptions.UnreadableStateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one backfill segment's checkpoint in the catalog table (ADR 0058).
 *
 * <pre>
 * pk           S    backfill-plan#planId        (a plan's segments: one Query reads them all)
 * sk           S    index, two digits
 * after        S    the range starts after this key (absent: at the first)
 * upTo         S    the range ends with this key (absent: at the last)
 * cursor       S    the last key done (absent: none yet)
 * done         BOOL
 * scanned, upgraded, current, failed   N   counts so far ({@link BackfillCounts})
 * failedKeys   L    of M {key S, storedAt N (absent: none), reason S}, at most 25
 * step         N    counts saves; each save is conditioned on it and on the lease
 * leaseOwner   S    id of the run working on the segment now
 * leaseUntil   N    epoch millis, wall clock, after which another run may take it over
 * expiresAt    N    epoch seconds: 90 days after the last save (a plan another run lost goes too)
 * </pre>
 */
final class BackfillSegmentItem {

    static final String PARTITION_PREFIX = "backfill-plan#";
    static final String AFTER = "after";
    static final String UP_TO = "upTo";
    static final String CURSOR = "cursor";
    static final String DONE = "done";
    static final String SCANNED = "scanned";
    static final String UPGRADED = "upgraded";
    static final String CURRENT = "current";
    static final String FAILED = "failed";
    static final String FAILED_KEYS = "failedKeys";
    static final String STEP = "step";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String EXPIRES_AT = BackfillItem.EXPIRES_AT;

    private BackfillSegmentItem() {
    }

    static AttributeValue partition(String plan) {
        return AttributeValue.fromS(PARTITION_PREFIX + plan);
    }

    static Map<String, AttributeValue> key(String plan, int index) {
        return Map.of(NamespaceItem.PK, partition(plan), NamespaceItem.SK, AttributeValue.fromS(String.format("%02d", index)));
    }

    /** The attributes a save sets (all but the keys, the step and the lease), as {@code :name} values. */
    static Map<String, AttributeValue> checkpoint(BackfillSegment segment) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":" + DONE, AttributeValue.fromBool(segment.done()));
        values.put(":" + SCANNED, NamespaceItem.number(segment.counts().scanned()));
        values.put(":" + UPGRADED, NamespaceItem.number(segment.counts().upgraded()));
        values.put(":" + CURRENT, NamespaceItem.number(segment.counts().alreadyCurrent()));
        values.put(":" + FAILED, NamespaceItem.number(segment.counts().failed()));
        List<AttributeValue> failed = new ArrayList<>();
        for (FailedKey key : segment.failed()) {
            Map<String, AttributeValue> entry = new HashMap<>(Map.of("key", AttributeValue.fromS(key.key().value()),
                    "reason", AttributeValue.fromS(key.reason())));
            key.storedAt().ifPresent(v -> entry.put("storedAt", NamespaceItem.number(v)));
            failed.add(AttributeValue.fromM(entry));
        }
        values.put(":" + FAILED_KEYS, AttributeValue.fromL(failed));
        return values;
    }

    /** The update expression of {@link #checkpoint} and the cursor (set or removed). */
    static String checkpointExpression(BackfillSegment segment, Map<String, String> names,
                                       Map<String, AttributeValue> values) {
        StringBuilder set = new StringBuilder("SET ");
        for (String name : List.of(DONE, SCANNED, UPGRADED, CURRENT, FAILED, FAILED_KEYS)) {
            names.put("#" + name, name);
            set.append('#').append(name).append(" = :").append(name).append(", ");
        }
        names.put("#" + CURSOR, CURSOR);
        if (segment.cursor().isPresent()) {
            values.put(":" + CURSOR, AttributeValue.fromS(segment.cursor().get().value()));
            set.append('#').append(CURSOR).append(" = :").append(CURSOR).append(", ");
        }
        return set.toString();
    }

    static BackfillSegment segment(Map<String, AttributeValue> item) {
        try {
            List<FailedKey> failed = new ArrayList<>();
            if (item.containsKey(FAILED_KEYS)) {
                for (AttributeValue entry : item.get(FAILED_KEYS).l()) {
                    Map<String, AttributeValue> m = entry.m();
                    failed.add(new FailedKey(Key.of(m.get("key").s()), m.containsKey("storedAt")
                            ? OptionalLong.of(Long.parseLong(m.get("storedAt").n())) : OptionalLong.empty(),
                            m.get("reason").s()));
                }
            }
            AttributeValue done = item.get(DONE);
            return new BackfillSegment(Integer.parseInt(StateItem.string(item, NamespaceItem.SK)),
                    new KeyRange(optionalKey(item, AFTER), optionalKey(item, UP_TO)), optionalKey(item, CURSOR),
                    done != null && Boolean.TRUE.equals(done.bool()),
                    new BackfillCounts(StateItem.number(item, SCANNED), StateItem.number(item, UPGRADED),
                            StateItem.number(item, CURRENT), StateItem.number(item, FAILED)), failed);
        } catch (UnreadableStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StateItem.unreadable(item, "not a backfill segment: " + e.getMessage());
        }
    }

    private static Optional<Key> optionalKey(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Optional.of(Key.of(StateItem.string(item, name))) : Optional.empty();
    }
}
