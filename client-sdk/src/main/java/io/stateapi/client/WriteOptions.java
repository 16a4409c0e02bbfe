package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of one write: its precondition, the value's time to live, and its
 * {@code Idempotency-Key}. Immutable.
 *
 * <pre>{@code
 * WriteOptions.builder().ifVersion(7).ttl(Duration.ofHours(1)).build()
 * WriteOptions.builder().idempotencyKey("order-17-payment").build()
 * }</pre>
 *
 * <p>By default every write carries a fresh random {@link IdempotencyKey}, the same on each of
 * its retries, so the service applies it at most once whatever the network does (unless the
 * client was built with {@code idempotencyKeys(false)}). A key of yours is for one logical
 * write: options holding one should not be reused for another write.
 */
public final class WriteOptions {

    /** The service's longest time to live: ten years of 366 days. */
    public static final Duration MAX_TTL = Duration.ofSeconds(316_224_000L);

    private static final WriteOptions DEFAULTS = builder().build();

    private final IfVersion ifVersion;
    private final boolean ifAbsent;
    private final Duration ttl;
    private final IdempotencyKey idempotencyKey;
    private final boolean noIdempotencyKey;

    private WriteOptions(Builder builder) {
        this.ifVersion = builder.ifVersion;
        this.ifAbsent = builder.ifAbsent;
        this.ttl = builder.ttl;
        this.idempotencyKey = builder.idempotencyKey;
        this.noIdempotencyKey = builder.noIdempotencyKey;
    }

    /** Last-write-wins, no time to live. */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@code Consumer<Builder>} overload passes on: a fresh builder, as {@link #builder()},
     * given to {@code options}, then built (ADR 0035).
     */
    static WriteOptions from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
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

    /** Whether the write carries a precondition ({@code If-Match} or {@code If-None-Match}). */
    public boolean isConditional() {
        return ifAbsent || ifVersion != null;
    }

    /** The key given for this write; empty when the client makes one (or none is sent). */
    public Optional<IdempotencyKey> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Whether this write is sent without an {@code Idempotency-Key}, whatever the client's setting. */
    public boolean isWithoutIdempotencyKey() {
        return noIdempotencyKey;
    }

    @Override
    public String toString() {
        return "WriteOptions[" + (ifAbsent ? "ifAbsent" : ifVersion != null ? ifVersion.toString() : "unconditional")
                + (ttl != null ? ", ttl=" + ttl : "")
                + (idempotencyKey != null ? ", " + idempotencyKey : noIdempotencyKey ? ", no idempotency key" : "") + "]";
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ifVersion = ifVersion;
        b.ifAbsent = ifAbsent;
        b.ttl = ttl;
        b.idempotencyKey = idempotencyKey;
        b.noIdempotencyKey = noIdempotencyKey;
        return b;
    }

    public static final class Builder {
        private IfVersion ifVersion;
        private boolean ifAbsent;
        private Duration ttl;
        private IdempotencyKey idempotencyKey;
        private boolean noIdempotencyKey;

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

        /**
         * Send this key as the write's {@code Idempotency-Key} (also when the client sends none by
         * default); replaces {@link #withoutIdempotencyKey()}.
         */
        public Builder idempotencyKey(IdempotencyKey key) {
            this.idempotencyKey = Objects.requireNonNull(key, "key");
            this.noIdempotencyKey = false;
            return this;
        }

        /**
         * As {@link #idempotencyKey(IdempotencyKey)} with {@link IdempotencyKey#of(String)}.
         *
         * @throws IllegalArgumentException when the service would refuse the key
         */
        public Builder idempotencyKey(String key) {
            return idempotencyKey(IdempotencyKey.of(key));
        }

        /**
         * Send no {@code Idempotency-Key}: the write is then retried only where repeating it
         * cannot apply it twice (see the client's README, "Retries").
         */
        public Builder withoutIdempotencyKey() {
            this.noIdempotencyKey = true;
            this.idempotencyKey = null;
            return this;
        }

        public WriteOptions build() {
            return new WriteOptions(this);
        }
    }
}
