package io.stateapi.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A JSON Patch (RFC 6902): operations applied in order to a key's value, all or none. Immutable;
 * values are any type the client's mapper can write.
 *
 * <pre>{@code
 * JsonPatch patch = JsonPatch.builder()
 *         .test("/status", "open")
 *         .add("/items/-", new Item("B-7", 1))
 *         .build();
 * carts.jsonPatch("users/42", patch);
 * }</pre>
 */
public final class JsonPatch {

    /** One operation; {@code from} with move and copy, a value with add, replace and test. */
    public record Operation(String op, String path, Optional<String> from, Optional<Object> value) {

        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A JSON null as an operation's value (an {@code Optional} cannot hold null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final List<Operation> operations;

    private JsonPatch(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static JsonPatch of(Consumer<Builder> operations) {
        Builder builder = builder();
        operations.accept(builder);
        return builder.build();
    }

    public List<Operation> operations() {
        return operations;
    }

    @Override
    public String toString() {
        return "JsonPatch" + operations;
    }

    public static final class Builder {
        private final List<Operation> operations = new ArrayList<>();

        private Builder() {
        }

        /** Adds a member, inserts into an array ({@code /items/0}), or appends ({@code /items/-}). */
        public Builder add(String path, Object value) {
            return value("add", path, value);
        }

        public Builder remove(String path) {
            operations.add(new Operation("remove", pointer(path), Optional.empty(), Optional.empty()));
            return this;
        }

        public Builder replace(String path, Object value) {
            return value("replace", path, value);
        }

        public Builder move(String from, String path) {
            operations.add(new Operation("move", pointer(path), Optional.of(pointer(from)), Optional.empty()));
            return this;
        }

        public Builder copy(String from, String path) {
            operations.add(new Operation("copy", pointer(path), Optional.of(pointer(from)), Optional.empty()));
            return this;
        }

        /** The patch applies only if the value at {@code path} equals {@code value} (numbers by value). */
        public Builder test(String path, Object value) {
            return value("test", path, value);
        }

        public JsonPatch build() {
            return new JsonPatch(operations);
        }

        private Builder value(String op, String path, Object value) {
            operations.add(new Operation(op, pointer(path), Optional.empty(), Optional.of(value == null ? NULL : value)));
            return this;
        }

        private static String pointer(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.isEmpty() && !path.startsWith("/")) {
                throw new IllegalArgumentException("a JSON Pointer is empty or starts with '/'; got " + path);
            }
            return path;
        }
    }
}
