package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidMigrationException;

/**
 * The port to a transform language (ADR 0057): a schema version's {@code migration} member, as
 * the create body gave it, compiled into a transform from the previous version's values to
 * this version's. It never fetches anything and has no clock or randomness: a migration runs
 * again on every read of an old value, so it must give the same result each time.
 */
public interface MigrationDialect {

    /**
     * The migration, compiled.
     *
     * @throws InvalidMigrationException when it is no migration of a language this dialect runs, or does not compile
     */
    CompiledMigration compile(JsonDocument migration);
}
