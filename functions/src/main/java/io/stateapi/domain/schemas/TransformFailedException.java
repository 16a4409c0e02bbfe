package io.stateapi.domain.schemas;

/**
 * A compiled migration could not transform one value: it failed on it, ran over its bounds, or
 * gave something that is no JSON value. {@link SchemaMigrations} reports it as a
 * {@link MigrationFailedException} with the versions it was between.
 */
public final class TransformFailedException extends RuntimeException {

    public TransformFailedException(String reason) {
        super(reason, null, false, false);
    }
}
