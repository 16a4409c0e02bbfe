package io.stateapi.linearizability.keys;

/** What the service answered to a {@link KeyInput}. */
public sealed interface KeyOutput {

    /** 200 to a read: the value and its version. */
    record Found(String value, long version) implements KeyOutput {
        @Override
        public String toString() {
            return "200 " + value + " @" + version;
        }
    }

    /** 404: the key does not exist (never created, deleted or expired). */
    record NotFound() implements KeyOutput {
        @Override
        public String toString() {
            return "404";
        }
    }

    /**
     * 200 or 201 to a write: the new version. {@code created} is whether the key was absent
     * before (201), or {@code null} where the client does not say (the SDK).
     */
    record Written(long version, Boolean created) implements KeyOutput {
        @Override
        public String toString() {
            return (created == null ? "ok" : created ? "201" : "200") + " @" + version;
        }
    }

    /** 204 to a delete. */
    record Deleted() implements KeyOutput {
        @Override
        public String toString() {
            return "204";
        }
    }

    /** 412: the precondition failed; the key's current version, or {@code null} when it is absent. */
    record Conflict(Long currentVersion) implements KeyOutput {
        @Override
        public String toString() {
            return "412 (" + (currentVersion == null ? "absent" : "current @" + currentVersion) + ")";
        }
    }

    static KeyOutput found(String value, long version) {
        return new Found(value, version);
    }

    static KeyOutput notFound() {
        return new NotFound();
    }

    static KeyOutput written(long version) {
        return new Written(version, null);
    }

    static KeyOutput deleted() {
        return new Deleted();
    }

    static KeyOutput conflict(Long currentVersion) {
        return new Conflict(currentVersion);
    }
}
