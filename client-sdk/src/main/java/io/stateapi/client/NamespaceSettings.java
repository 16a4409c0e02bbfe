package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A namespace's settings: the time to live its keys get when a write gives none, the largest
 * value it takes, and whether its change events carry values. Immutable.
 *
 * <p>In {@link Namespaces#create(String, NamespaceSettings)} these are what you send: a setting
 * you do not give takes the service's default (a {@code create} replaces the whole set, so give
 * every setting you want to keep). In a {@link NamespaceInfo} they are what the namespace has,
 * every setting given.
 *
 * <pre>{@code
 * NamespaceSettings.builder().defaultTtl(Duration.ofDays(7)).eventValues(false).build()
 * NamespaceSettings.defaults()                        // the service's defaults for everything
 * }</pre>
 */
public final class NamespaceSettings {

    private static final NamespaceSettings DEFAULTS = builder().build();

    private final boolean specifiesDefaultTtl;
    private final Duration defaultTtl;
    private final Long maxValueBytes;
    private final Boolean eventValues;

    private NamespaceSettings(Builder builder) {
        this.specifiesDefaultTtl = builder.specifiesDefaultTtl;
        this.defaultTtl = builder.defaultTtl;
        this.maxValueBytes = builder.maxValueBytes;
        this.eventValues = builder.eventValues;
    }

    /** No setting given: the service's default for each. */
    public static NamespaceSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@code Consumer<Builder>} overload passes on: a fresh builder, as {@link #builder()},
     * given to {@code options}, then built (ADR 0035).
     */
    static NamespaceSettings from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
    }

    /**
     * The time to live of keys written without one; empty when the namespace has none (or, in
     * settings you built, when you gave none: see {@link #specifiesDefaultTtl()}).
     */
    public Optional<Duration> defaultTtl() {
        return Optional.ofNullable(defaultTtl);
    }

    /** Whether these settings say anything about the default time to live (a description always does). */
    public boolean specifiesDefaultTtl() {
        return specifiesDefaultTtl;
    }

    /** The largest value the namespace takes, in bytes of compact JSON; empty when not given. */
    public OptionalLong maxValueBytes() {
        return maxValueBytes == null ? OptionalLong.empty() : OptionalLong.of(maxValueBytes);
    }

    /** Whether the namespace's change events carry the values (false: only keys and versions); empty when not given. */
    public Optional<Boolean> eventValues() {
        return Optional.ofNullable(eventValues);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.specifiesDefaultTtl = specifiesDefaultTtl;
        b.defaultTtl = defaultTtl;
        b.maxValueBytes = maxValueBytes;
        b.eventValues = eventValues;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceSettings other
                && specifiesDefaultTtl == other.specifiesDefaultTtl
                && Objects.equals(defaultTtl, other.defaultTtl)
                && Objects.equals(maxValueBytes, other.maxValueBytes)
                && Objects.equals(eventValues, other.eventValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(specifiesDefaultTtl, defaultTtl, maxValueBytes, eventValues);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("NamespaceSettings[");
        if (specifiesDefaultTtl) {
            text.append("defaultTtl=").append(defaultTtl == null ? "none" : defaultTtl).append(", ");
        }
        if (maxValueBytes != null) {
            text.append("maxValueBytes=").append(maxValueBytes).append(", ");
        }
        if (eventValues != null) {
            text.append("eventValues=").append(eventValues).append(", ");
        }
        if (text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 2);
        }
        return text.append(']').toString();
    }

    public static final class Builder {
        private boolean specifiesDefaultTtl;
        private Duration defaultTtl;
        private Long maxValueBytes;
        private Boolean eventValues;

        private Builder() {
        }

        /** Keys written without a time to live expire this long after the write (whole seconds, 1 s to {@link WriteOptions#MAX_TTL}). */
        public Builder defaultTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl (use noDefaultTtl() for none)");
            if (ttl.toSeconds() < 1 || ttl.compareTo(WriteOptions.MAX_TTL) > 0 || ttl.toNanosPart() != 0) {
                throw new IllegalArgumentException("defaultTtl must be whole seconds from 1 s to " + WriteOptions.MAX_TTL
                        + "; got " + ttl);
            }
            this.defaultTtl = ttl;
            this.specifiesDefaultTtl = true;
            return this;
        }

        /** Keys written without a time to live never expire (sent as {@code "defaultTtlSeconds": null}). */
        public Builder noDefaultTtl() {
            this.defaultTtl = null;
            this.specifiesDefaultTtl = true;
            return this;
        }

        /** The largest value the namespace takes, in bytes; the service refuses more than its own limit. */
        public Builder maxValueBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxValueBytes must be positive; got " + bytes);
            }
            this.maxValueBytes = bytes;
            return this;
        }

        /** Whether change events carry the values (true) or only keys and versions (false). */
        public Builder eventValues(boolean eventValues) {
            this.eventValues = eventValues;
            return this;
        }

        public NamespaceSettings build() {
            return new NamespaceSettings(this);
        }
    }
}
