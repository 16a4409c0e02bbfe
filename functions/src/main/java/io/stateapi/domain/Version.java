package io.stateapi.domain;

/**
 * The version of a key: 1 for its first write, one more for every committed change after
 * that, across deletes and re-creates (see ADR 0003), so a version never names two states.
 */
public record Version(long value) implements Comparable<Version> {

    public static final Version FIRST = new Version(1);

    public Version {
        if (value < 1) {
            throw new IllegalArgumentException("version must be positive: " + value);
        }
    }

    public static Version of(long value) {
        return new Version(value);
    }

    public Version next() {
        return new Version(Math.addExact(value, 1));
    }

    @Override
    public int compareTo(Version other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
