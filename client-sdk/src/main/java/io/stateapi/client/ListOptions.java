package io.stateapi.client;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of a listing by prefix ({@link StateNamespace#list(ListOptions)}). Immutable;
 * {@link #defaults()} lists every key, a page of the service's default size at a time, strongly
 * consistent, from the start.
 *
 * <pre>{@code
 * carts.list(o -> o.prefix("users/42/").pageSize(500)).forEach(k -> ...);
 * }</pre>
 */
public final class ListOptions {

    /** Most keys the service puts on one page. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final ListOptions DEFAULTS = builder().build();

    private final String prefix;
    private final Integer pageSize;
    private final Consistency consistency;
    private final String cursor;

    private ListOptions(Builder builder) {
        this.prefix = builder.prefix;
        this.pageSize = builder.pageSize;
        this.consistency = builder.consistency;
        this.cursor = builder.cursor;
    }

    public static ListOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options built by {@code options} on a fresh builder. */
    public static ListOptions of(Consumer<Builder> options) {
        Builder builder = builder();
        Objects.requireNonNull(options, "options").accept(builder);
        return builder.build();
    }

    /** Only keys that start with this; empty for every key. */
    public String prefix() {
        return prefix;
    }

    /** Most keys per page; empty for the service's default (100). */
    public Optional<Integer> pageSize() {
        return Optional.ofNullable(pageSize);
    }

    public Consistency consistency() {
        return consistency;
    }

    /** Where to start: a page's {@code nextCursor} of the same prefix; empty from the first key. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** A builder holding these options, to change some. */
    public Builder toBuilder() {
        return builder().prefix(prefix).consistency(consistency).cursor(cursor).pageSizeOrDefault(pageSize);
    }

    @Override
    public String toString() {
        return "ListOptions[prefix=" + prefix + ", pageSize=" + pageSize + ", consistency=" + consistency
                + (cursor == null ? "" : ", cursor=" + cursor) + "]";
    }

    public static final class Builder {
        private String prefix = "";
        private Integer pageSize;
        private Consistency consistency = Consistency.STRONG;
        private String cursor;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** @throws IllegalArgumentException when not from 1 to {@link #MAX_PAGE_SIZE} */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be from 1 to " + MAX_PAGE_SIZE + ": " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder consistency(Consistency consistency) {
            this.consistency = Objects.requireNonNull(consistency, "consistency");
            return this;
        }

        /** Start after where the page that gave this cursor ended; null starts from the first key. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        private Builder pageSizeOrDefault(Integer pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public ListOptions build() {
            return new ListOptions(this);
        }
    }
}
