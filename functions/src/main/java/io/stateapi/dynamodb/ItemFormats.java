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

    /** The oldest and newest formats this code reads; it writes {@link StateItem#CURRENT_FORMAT}. */
    static final int OLDEST_READABLE = 1;
    static final int NEWEST_READABLE = StateItem.CURRENT_FORMAT;

    private ItemFormats() {
    }

    /**
     * @throws io.stateapi.domain.exceptions.UnreadableStateException when the item records a format
     *         outside the readable range (an item without one, written outside the API, is format 1)
     */
    static void requireReadable(Map<String, AttributeValue> item) {
        if (!item.containsKey(StateItem.ITEM_FORMAT)) {
            return;
        }
        long format = StateItem.number(item, StateItem.ITEM_FORMAT);
        if (format < OLDEST_READABLE || format > NEWEST_READABLE) {
            throw StateItem.unreadable(item, "item format " + format + " is not one this code reads (" + OLDEST_READABLE
                    + " to " + NEWEST_READABLE + "): a later release wrote it, and code that reads it must run (ADR 0062)");
        }
    }
}
