package io.stateapi.domain.exceptions;

/**
 * Base of every failure the State API reports to its callers. Each subtype names one
 * situation; the HTTP layer maps each to exactly one problem type.
 */
public abstract sealed class StateApiException extends RuntimeException
        permits InvalidNamespaceException, InvalidKeyException, InvalidJsonException,
        NestingTooDeepException, InvalidRequestException, InvalidPreconditionException,
        PayloadTooLargeException, VersionConflictException, KeyNotFoundException,
        StoreUnavailableException, InvalidIdempotencyKeyException, IdempotencyKeyReusedException,
        IdempotencyKeyInFlightException, InvalidTextException, UnreadableStateException,
        UnauthenticatedException, ForbiddenException, NamespaceNotFoundException, NamespaceNotEmptyException,
        QuotaExceededException, NamespacePurgingException, PurgeNotFoundException, InvalidPrincipalException,
        PrincipalNotFoundException, NotANumberException, CounterOverflowException, TransactionConflictException,
        InvalidPatchException, PatchTestFailedException, PatchNotApplicableException, InvalidCursorException,
        VersionNotFoundException, VersionNotRestorableException, CursorExpiredException,
        SubscriptionNotFoundException, SubscriptionConflictException, SchemaViolationException, InvalidSchemaException,
        InvalidMigrationException, SchemaVersionConflictException, SchemaNotFoundException, CountersNotSupportedException,
        BackfillNotFoundException, BackfillConflictException, OutcomeUnknownException {

    protected StateApiException(String message) {
        super(message, null, false, false);
    }

    protected StateApiException(String message, Throwable cause) {
        super(message, cause, false, true);
    }
}
