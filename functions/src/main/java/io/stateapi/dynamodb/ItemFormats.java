package io.stateapi.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which layouts of a state item this code reads (ADR 0062). A later release may write a newer
 * layout (format N+1) only after every running instance reads it; an instance of older code that
 * still meets one (a deploy rolled back too far) refuses the item as unreadable, naming the key,
 * instead of misreading its attributes as the layout it knows.
 */
final class ItemFormats {

    /**
     * The oldest and newest formats this code reads; it writes the one {@link ItemLayout} names
     * ({@code STATE_ITEM_WRITE_FORMAT}, default {@link StateItem#CURRENT_FORMAT}).
     */
    static final int OLDEST_READABLE = 1;
    static final int NEWEST_READABLE = 2;

    /** The format that may hold a large value compressed in {@link StateItem#VALUE_Z} (ADR 0068). */
    static final int COMPRESSED = 2;

    private ItemFormats() {
    }

    /**
     * @throws io.stateapi.domain.exceptions.UnreadableStateException when the item records a format
     *         outside the readable range (an item without one, written outside the API, is format 1)
     */
    static void requireReadable(Map<String, AttributeValue> item) {
        long format = of(item);
        if (format < OLDEST_READABLE || format > NEWEST_READABLE) {
            throw StateItem.unreadable(item, "item format " + format + " is not one this code reads (" + OLDEST_READABLE
                    + " to " + NEWEST_READABLE + "): a later release wrote it, and code that reads it must run (ADR 0062)");
        }
    }

    /** The format an item records; an item without one (written outside the API) is format 1. */
    static long of(Map<String, AttributeValue> item) {
        return item.containsKey(StateItem.ITEM_FORMAT) ? StateItem.number(item, StateItem.ITEM_FORMAT) : 1;
    }
}
