package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Time limits of a client.
 *
 * <ul>
 *   <li>{@code connect}: to open a connection.</li>
 *   <li>{@code attempt}: for one HTTP request and its response.</li>
 *   <li>{@code call}: for a whole operation, all retries and backoff included; the per-call
 *       time budget. No retry is started that could not finish within it.</li>
 * </ul>
 */
public final class Timeouts {

    private static final Timeouts DEFAULTS = builder().build();

    private final Duration connect;
    private final Duration attempt;
    private final Duration call;

    private Timeouts(Builder builder) {
        this.connect = builder.connect;
        this.attempt = builder.attempt;
        this.call = builder.call;
    }

    /** Connect 2 s, attempt 10 s, call 30 s. */
    public static Timeouts defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@code Consumer<Builder>} overload passes on: a fresh builder, as {@link #builder()},
     * given to {@code options}, then built (ADR 0035).
     */
    static Timeouts from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
    }

    public Duration connect() {
        return connect;
    }

    public Duration attempt() {
        return attempt;
    }

    public Duration call() {
        return call;
    }

    public static final class Builder {
        private Duration connect = Duration.ofSeconds(2);
        private Duration attempt = Duration.ofSeconds(10);
        private Duration call = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder connect(Duration connect) {
            this.connect = positive(connect, "connect");
            return this;
        }

        public Builder attempt(Duration attempt) {
            this.attempt = positive(attempt, "attempt");
            return this;
        }

        public Builder call(Duration call) {
            this.call = positive(call, "call");
            return this;
        }

        public Timeouts build() {
            return new Timeouts(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " timeout must be positive; got " + d);
            }
            return d;
        }
    }
}
