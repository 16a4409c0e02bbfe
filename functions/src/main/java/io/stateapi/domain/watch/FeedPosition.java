package io.stateapi.domain.watch;

import io.stateapi.domain.Key;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A place in a namespace's change feed (ADR 0037). A change stands at the millisecond the fan-out
 * recorded it ({@code at}), ties broken by its key and its place in the key's history
 * ({@code seq}), so no two changes share a position. A position without a key is a boundary: it
 * stands after every change recorded at or before {@code at}, which is where a watch that read
 * everything up to its settled horizon stands.
 *
 * @param at  epoch millis on the recorder's clock
 * @param key the change's key; empty for a boundary
 * @param seq the change's place in the key's history (0 for a boundary)
 */
public record FeedPosition(long at, Optional<Key> key, long seq) implements Comparable<FeedPosition> {

    private static final Comparator<FeedPosition> ORDER = Comparator.comparingLong(FeedPosition::at)
            // A boundary follows every change of its millisecond.
            .thenComparing(p -> p.key().isEmpty())
            .thenComparing(p -> p.key().map(Key::value).orElse(""))
            .thenComparingLong(FeedPosition::seq);

    public FeedPosition {
        Objects.requireNonNull(key, "key");
        if (at < 0 || seq < 0 || (key.isEmpty() && seq != 0)) {
            throw new IllegalArgumentException("not a feed position: " + at + "/" + key + "/" + seq);
        }
    }

    public static FeedPosition of(long at, Key key, long seq) {
        return new FeedPosition(at, Optional.of(key), seq);
    }

    /** The position after every change recorded at or before {@code at}. */
    public static FeedPosition boundary(long at) {
        return new FeedPosition(at, Optional.empty(), 0);
    }

    @Override
    public int compareTo(FeedPosition other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(FeedPosition other) {
        return compareTo(other) > 0;
    }

    /** The text a cursor seals: {@code at} for a boundary, else {@code at:seq:key}. */
    public String text() {
        return key.map(k -> at + ":" + seq + ":" + k.value()).orElse(Long.toString(at));
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not what {@link #text()} writes
     */
    public static FeedPosition parse(String text) {
        String[] parts = text.split(":", 3);
        try {
            if (parts.length == 1) {
                return boundary(Long.parseLong(parts[0]));
            }
            if (parts.length == 3) {
                return of(Long.parseLong(parts[0]), Key.of(parts[2]), Long.parseLong(parts[1]));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a feed position: " + text, e);
        }
        throw new IllegalArgumentException("not a feed position: " + text);
    }
}
