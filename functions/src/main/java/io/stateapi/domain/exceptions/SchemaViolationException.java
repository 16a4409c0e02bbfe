package io.stateapi.domain.exceptions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.schemas.SchemaViolation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value that its namespace's active schema rejects (ADR 0052). Nothing was written. In a
 * transaction it names the operation whose value it was, and the whole transaction is refused.
 */
public final class SchemaViolationException extends StateApiException {

    private final Namespace namespace;
    private final long schemaVersion;
    private final List<SchemaViolation> violations;
    private final Optional<Operation> operation;

    /** Which operation of a transaction carried the value. */
    public record Operation(int index, Key key) {
    }

    public SchemaViolationException(Namespace namespace, long schemaVersion, List<SchemaViolation> violations) {
        this(namespace, schemaVersion, violations, Optional.empty());
    }

    private SchemaViolationException(Namespace namespace, long schemaVersion, List<SchemaViolation> violations,
                                     Optional<Operation> operation) {
        super("value does not match schema version " + schemaVersion + " of namespace '" + namespace.value() + "': "
                + violations.size() + (violations.size() == 1 ? " violation" : " violations")
                + operation.map(o -> " (operation " + o.index() + ", key '" + o.key().value() + "')").orElse(""));
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.schemaVersion = schemaVersion;
        this.violations = List.copyOf(violations);
        this.operation = operation;
    }

    /** The same refusal, as the operation at {@code index} of a transaction. */
    public SchemaViolationException inOperation(int index, Key key) {
        return new SchemaViolationException(namespace, schemaVersion, violations, Optional.of(new Operation(index, key)));
    }

    public Namespace namespace() {
        return namespace;
    }

    public long schemaVersion() {
        return schemaVersion;
    }

    public List<SchemaViolation> violations() {
        return violations;
    }

    public Optional<Operation> operation() {
        return operation;
    }
}
