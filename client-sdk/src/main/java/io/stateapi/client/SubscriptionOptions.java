package io.stateapi.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a new subscription receives: keys starting with a prefix (all when not set), some event
 * types (all when not set), with or without values (with by default). Immutable; build with
 * {@link #builder()} or in place: {@code create("billing", o -> o.prefix("orders/").types("created"))}.
 */
public final class SubscriptionOptions {

    private final String prefix;
    private final List<String> types;
    private final Boolean includeValues;

    private SubscriptionOptions(Builder builder) {
        this.prefix = builder.prefix;
        this.types = builder.types == null ? null : List.copyOf(builder.types);
        this.includeValues = builder.includeValues;
    }

    public static SubscriptionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SubscriptionOptions from(Consumer<Builder> options) {
        Builder builder = builder();
        Objects.requireNonNull(options, "options").accept(builder);
        return builder.build();
    }

    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    /** The event types asked for; empty when all are. */
    public Optional<List<String>> types() {
        return Optional.ofNullable(types);
    }

    public Optional<Boolean> includeValues() {
        return Optional.ofNullable(includeValues);
    }

    public static final class Builder {
        private String prefix;
        private List<String> types;
        private Boolean includeValues;

        private Builder() {
        }

        public Builder prefix(String keyPrefix) {
            this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** Some of {@code created}, {@code updated}, {@code deleted}, {@code expired}. */
        public Builder types(String... eventTypes) {
            this.types = new ArrayList<>(List.of(eventTypes));
            return this;
        }

        /** {@code false}: events without {@code value} and {@code previousValue} ({@code valueOmitted: true}). */
        public Builder includeValues(boolean values) {
            this.includeValues = values;
            return this;
        }

        public SubscriptionOptions build() {
            return new SubscriptionOptions(this);
        }
    }
}
