package io.stateapi.linearizability.keys;

/** An operation on one key of the State API, as a client asks it. */
public sealed interface KeyInput {

    /** {@code GET} (strongly consistent). */
    record Get() implements KeyInput {
        @Override
        public String toString() {
            return "get()";
        }
    }

    /** {@code PUT} with a value (unique per write in a test, so a read shows which write it saw). */
    record Put(String value, Condition condition) implements KeyInput {
        @Override
        public String toString() {
            return "put(" + value + condition.describe() + ")";
        }
    }

    /** {@code DELETE}, unconditional or with {@code If-Match}. */
    record Delete(Condition condition) implements KeyInput {
        @Override
        public String toString() {
            return "delete(" + condition.describe().replaceFirst("^, ", "") + ")";
        }
    }

    /** The precondition of a write. */
    sealed interface Condition {
        String describe();
    }

    /** None: last writer wins. */
    record Unconditional() implements Condition {
        @Override
        public String describe() {
            return "";
        }
    }

    /** {@code If-Match: "<version>"}: compare-and-set. */
    record IfVersion(long version) implements Condition {
        @Override
        public String describe() {
            return ", If-Match " + version;
        }
    }

    /** {@code If-None-Match: *}: create only. */
    record IfAbsent() implements Condition {
        @Override
        public String describe() {
            return ", If-None-Match *";
        }
    }

    static KeyInput get() {
        return new Get();
    }

    static KeyInput put(String value) {
        return new Put(value, new Unconditional());
    }

    static KeyInput compareAndSet(long version, String value) {
        return new Put(value, new IfVersion(version));
    }

    static KeyInput create(String value) {
        return new Put(value, new IfAbsent());
    }

    static KeyInput delete() {
        return new Delete(new Unconditional());
    }

    static KeyInput deleteIfVersion(long version) {
        return new Delete(new IfVersion(version));
    }
}
