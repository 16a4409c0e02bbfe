package io.stateapi.client;

/**
 * The version precondition of a write or delete, sent as {@code If-Match}.
 *
 * <ul>
 *   <li>{@link #of(long)}: compare-and-set; the key must be at exactly this version.</li>
 *   <li>{@link #exists()}: the key must exist, at any version.</li>
 * </ul>
 * A write that must create the key uses {@code create} (or {@link WriteOptions.Builder#ifAbsent()}).
 * A failed precondition raises {@code VersionConflictException}.
 */
public final class IfVersion {

    private static final IfVersion EXISTS = new IfVersion(0);

    private final long version;

    private IfVersion(long version) {
        this.version = version;
    }

    /** The key must be at exactly {@code version} (1 or more). */
    public static IfVersion of(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1; got " + version);
        }
        return new IfVersion(version);
    }

    /** The key must exist, whatever its version. */
    public static IfVersion exists() {
        return EXISTS;
    }

    /** The required version, or 0 for {@link #exists()}. */
    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IfVersion other && other.version == version;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version);
    }

    @Override
    public String toString() {
        return version == 0 ? "IfVersion.exists()" : "IfVersion.of(" + version + ")";
    }
}
