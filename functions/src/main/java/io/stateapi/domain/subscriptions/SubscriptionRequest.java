package io.stateapi.domain.subscriptions;

import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.listing.KeyPrefix;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A request for a subscription, checked: its name and its filter (ADR 0038). */
public record SubscriptionRequest(String name, SubscriptionFilter filter) {

    /** Like a namespace name: lower case, digits, {@code . _ -}, 1 to 63 characters. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    public SubscriptionRequest {
        Objects.requireNonNull(filter, "filter");
        requireName(name);
    }

    /**
     * @param prefix        keys starting with it; {@code null} or empty for all keys
     * @param types         API names of event types; {@code null} for all
     * @param includeValues {@code null} for the default, true
     * @throws InvalidRequestException when any of it is malformed; {@code InvalidTextException} for a prefix that is not Unicode
     */
    public static SubscriptionRequest of(String name, String prefix, List<String> types, Boolean includeValues) {
        requireName(name);
        KeyPrefix keys = KeyPrefix.of(prefix);
        Set<EventType> chosen = EnumSet.noneOf(EventType.class);
        if (types != null) {
            if (types.isEmpty()) {
                throw new InvalidRequestException("types must name at least one event type when given; leave it out for all");
            }
            for (String type : types) {
                try {
                    chosen.add(EventType.ofApiName(type));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("unknown event type '" + type + "'; known: created, updated, deleted, expired");
                }
            }
        }
        return new SubscriptionRequest(name, new SubscriptionFilter(
                keys.isEmpty() ? Optional.empty() : Optional.of(keys.value()), chosen,
                includeValues == null || includeValues));
    }

    public static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("subscription name must match " + NAME.pattern() + " (1 to 63 characters)");
        }
    }
}
