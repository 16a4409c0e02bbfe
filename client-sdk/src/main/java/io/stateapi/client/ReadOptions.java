package io.stateapi.client;

import java.util.Objects;
import java.util.function.Consumer;

/** Options of one read. Immutable; {@link #defaults()} is a strong read. */
public final class ReadOptions {

    private static final ReadOptions DEFAULTS = builder().build();

    private final Consistency consistency;

    private ReadOptions(Builder builder) {
        this.consistency = builder.consistency;
    }

    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@code Consumer<Builder>} overload passes on: a fresh builder, as {@link #builder()},
     * given to {@code options}, then built (ADR 0035).
     */
    static ReadOptions from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
    }

    public static ReadOptions eventual() {
        return builder().consistency(Consistency.EVENTUAL).build();
    }

    public Consistency consistency() {
        return consistency;
    }

    public static final class Builder {
        private Consistency consistency = Consistency.STRONG;

        private Builder() {
        }

        public Builder consistency(Consistency consistency) {
            this.consistency = Objects.requireNonNull(consistency, "consistency");
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
