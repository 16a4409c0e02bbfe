package io.stateapi.domain.subscriptions;

import java.util.Locale;

/**
 * The kinds of change a subscription can ask for: the change events' types
 * ({@code io.stateapi.key.<name>}), in the words of the API ({@code created}, ...).
 */
public enum EventType {
    CREATED, UPDATED, DELETED, EXPIRED;

    /** The name in requests and representations. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException when {@code name} is no event type */
    public static EventType ofApiName(String name) {
        for (EventType type : values()) {
            if (type.apiName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
