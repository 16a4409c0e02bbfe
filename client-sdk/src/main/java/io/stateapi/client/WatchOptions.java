package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How a watch asks for changes (ADR 0039). Immutable; {@link #defaults()} is Server-Sent Events,
 * the longest wait the service allows, and the service's batch size.
 */
public final class WatchOptions {

    /** How each request of a watch reads the feed; both give the same changes in the same order. */
    public enum Protocol {
        /**
         * {@code Accept: text/event-stream} with {@code Last-Event-ID}: every change carries its own
         * cursor, so the cursor a watch keeps is exactly the last change its handler accepted.
         */
        SERVER_SENT_EVENTS,
        /**
         * The JSON long poll with {@code after}: one cursor per batch, so a cursor taken in the
         * middle of a batch is the one before it (resuming from it repeats that batch's earlier
         * changes). For proxies that mishandle event streams.
         */
        LONG_POLL
    }

    /** The longest a request may wait for changes: the service's cap (its function's timeout is 10 s). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(8);
    /** The most changes one request may ask for. */
    public static final int MAX_BATCH = 1000;

    private static final WatchOptions DEFAULTS = builder().build();

    private final Protocol protocol;
    private final Duration wait;
    private final Integer batchSize;
    private final WatchHandler pendingHandler;

    private WatchOptions(Builder builder) {
        this.protocol = builder.protocol;
        this.wait = builder.wait;
        this.batchSize = builder.batchSize;
        this.pendingHandler = builder.pendingHandler;
    }

    public static WatchOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh builder given to {@code options}, then built (ADR 0035). */
    static WatchOptions from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
    }

    public Builder toBuilder() {
        Builder builder = builder().protocol(protocol).waitTime(wait);
        if (batchSize != null) {
            builder.batchSize(batchSize);
        }
        if (pendingHandler != null) {
            builder.onPending(pendingHandler);
        }
        return builder;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** How long the service holds a request open when there is no change yet ({@code waitSeconds}). */
    public Duration waitTime() {
        return wait;
    }

    /** The most changes per request ({@code limit}); empty for the service's default (100). */
    public OptionalInt batchSize() {
        return batchSize == null ? OptionalInt.empty() : OptionalInt.of(batchSize);
    }

    /** Who gets the changes that have not settled yet (ADR 0060); empty: the watch does not ask for them. */
    public Optional<WatchHandler> pendingHandler() {
        return Optional.ofNullable(pendingHandler);
    }

    @Override
    public String toString() {
        return "WatchOptions[protocol=" + protocol + ", wait=" + wait + ", batchSize=" + batchSize
                + ", pending=" + (pendingHandler != null) + "]";
    }

    public static final class Builder {
        private Protocol protocol = Protocol.SERVER_SENT_EVENTS;
        private Duration wait = MAX_WAIT;
        private Integer batchSize;
        private WatchHandler pendingHandler;

        private Builder() {
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** 0 to {@link #MAX_WAIT}, whole seconds (the service counts in seconds). */
        public Builder waitTime(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0 || wait.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("wait must be whole seconds from 0 to " + MAX_WAIT + ": " + wait);
            }
            this.wait = wait;
            return this;
        }

        /** 1 to {@value #MAX_BATCH}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH + ": " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Also asks for the changes that have not settled yet ({@code pending=true}, ADR 0060) and
         * hands each to {@code handler} about a second after its commit, before the watch's own
         * handler gets it settled (about 8 s). At least once and best effort: the watch drops a
         * pending change it already handed over (by key, version and change type, among the last
         * 1,000), one may still come twice after a reconnect, and one the feed shows late comes
         * settled only. Act exactly once only in the watch's own handler. If it throws, the watch
         * ends with that exception.
         */
        public Builder onPending(WatchHandler handler) {
            this.pendingHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public WatchOptions build() {
            return new WatchOptions(this);
        }
    }
}
