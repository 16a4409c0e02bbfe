package io.stateapi.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Options of one write: its precondition and the value's time to live. Immutable.
 *
 * <pre>{@code
 * WriteOptions.builder().ifVersion(7).ttl(Duration.ofHours(1)).build()
 * }</pre>
 */
public final class WriteOptions {

    /** The service's longest time to live: ten years of 366 days. */
    public static final Duration MAX_TTL = Duration.ofSeconds(316_224_000L);

    private static final WriteOptions DEFAULTS = builder().build();

    private final IfVersion ifVersion;
    private final boolean ifAbsent;
    private final Duration ttl;

    private WriteOptions(Builder builder) {
        this.ifVersion = builder.ifVersion;
        this.ifAbsent = builder.ifAbsent;
        this.ttl = builder.ttl;
    }

    /** Last-write-wins, no time to live. */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<IfVersion> ifVersion() {
        return Optional.ofNullable(ifVersion);
    }

    public boolean ifAbsent() {
        return ifAbsent;
    }

    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** Whether the write carries a precondition (and so may be repeated safely). */
    public boolean isConditional() {
        return ifAbsent || ifVersion != null;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ifVersion = ifVersion;
        b.ifAbsent = ifAbsent;
        b.ttl = ttl;
        return b;
    }

    public static final class Builder {
        private IfVersion ifVersion;
        private boolean ifAbsent;
        private Duration ttl;

        private Builder() {
        }

        /** Compare-and-set: write only if the key is at this version ({@code If-Match: "7"}). */
        public Builder ifVersion(long version) {
            return ifVersion(IfVersion.of(version));
        }

        /** Write only if the precondition holds ({@code If-Match}); replaces {@link #ifAbsent()}. */
        public Builder ifVersion(IfVersion condition) {
            this.ifVersion = condition;
            this.ifAbsent = false;
            return this;
        }

        /** Create only: write only if the key does not exist ({@code If-None-Match: *}). */
        public Builder ifAbsent() {
            this.ifAbsent = true;
            this.ifVersion = null;
            return this;
        }

        /** The value expires this long after the write (whole seconds, 1 s to {@link #MAX_TTL}). */
        public Builder ttl(Duration ttl) {
            if (ttl != null && (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0 || ttl.toNanosPart() != 0)) {
                throw new IllegalArgumentException("ttl must be whole seconds from 1 s to " + MAX_TTL + "; got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        public WriteOptions build() {
            return new WriteOptions(this);
        }
    }
}
