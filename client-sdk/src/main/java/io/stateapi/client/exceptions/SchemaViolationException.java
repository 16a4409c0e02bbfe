package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The value does not match its namespace's active schema (HTTP 422, problem type
 * {@code schema-violation}). Nothing was written: no new version, no change event. In a
 * transaction the whole transaction was refused, and {@link #operation()} and {@link #key()}
 * name the operation whose value it was.
 */
public class SchemaViolationException extends StateApiException {

    /**
     * One way the value fails the schema.
     *
     * @param pointer where in the value, as a JSON Pointer ({@code ""} is the whole value)
     * @param message what the schema asks there, for people
     */
    public record Violation(String pointer, String message) {
        public Violation {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(message, "message");
        }
    }

    private final Long schemaVersion;
    private final List<Violation> violations;
    private final Integer operation;
    private final String key;

    public SchemaViolationException(String message, int status, URI problemType, String detail, Long schemaVersion,
                                    List<Violation> violations, Integer operation, String key) {
        super(message, status, problemType, detail, null);
        this.schemaVersion = schemaVersion;
        this.violations = List.copyOf(violations);
        this.operation = operation;
        this.key = key;
    }

    /** The schema version that refused the value. */
    public OptionalLong schemaVersion() {
        return schemaVersion == null ? OptionalLong.empty() : OptionalLong.of(schemaVersion);
    }

    /** Each violation (the service lists at most 100). */
    public List<Violation> violations() {
        return violations;
    }

    /** In a transaction, the index of the operation whose value it was. */
    public OptionalInt operation() {
        return operation == null ? OptionalInt.empty() : OptionalInt.of(operation);
    }

    /** In a transaction, that operation's key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
