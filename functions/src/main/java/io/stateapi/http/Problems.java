package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.CounterOverflowException;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.CursorExpiredException;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.InvalidIdempotencyKeyException;
import io.stateapi.domain.exceptions.InvalidJsonException;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidNamespaceException;
import io.stateapi.domain.exceptions.InvalidPatchException;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.InvalidMigrationException;
import io.stateapi.domain.exceptions.InvalidSchemaException;
import io.stateapi.domain.exceptions.SchemaNotFoundException;
import io.stateapi.domain.exceptions.BackfillConflictException;
import io.stateapi.domain.exceptions.BackfillNotFoundException;
import io.stateapi.domain.exceptions.SchemaVersionConflictException;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.exceptions.PatchNotApplicableException;
import io.stateapi.domain.exceptions.PatchTestFailedException;
import io.stateapi.domain.exceptions.InvalidPrincipalException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.InvalidTextException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotEmptyException;
import io.stateapi.domain.exceptions.SubscriptionConflictException;
import io.stateapi.domain.exceptions.SubscriptionNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.PurgeNotFoundException;
import io.stateapi.domain.exceptions.NestingTooDeepException;
import io.stateapi.domain.exceptions.CountersNotSupportedException;
import io.stateapi.domain.exceptions.NotANumberException;
import io.stateapi.domain.exceptions.OutcomeUnknownException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.PrincipalNotFoundException;
import io.stateapi.domain.exceptions.QuotaExceededException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.UnauthenticatedException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.exceptions.VersionNotFoundException;
import io.stateapi.domain.exceptions.VersionNotRestorableException;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one error mapping of the HTTP API: every failure, whether raised by the domain or by
 * the framework (unknown route, wrong method, wrong content type), becomes an RFC 9457
 * {@code application/problem+json} response with a {@link ProblemType}.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** The response for a failure the domain reported. */
    public static MutableHttpResponse<byte[]> from(StateApiException exception, String instance) {
        return switch (exception) {
            case InvalidJsonException e -> render(ProblemType.INVALID_JSON, e.getMessage(), instance);
            case NestingTooDeepException e -> render(ProblemType.NESTING_TOO_DEEP, e.getMessage(), instance);
            case InvalidTextException e -> render(ProblemType.INVALID_TEXT, e.getMessage(), instance);
            case InvalidRequestException e -> render(ProblemType.INVALID_REQUEST, e.getMessage(), instance);
            case InvalidNamespaceException e -> render(ProblemType.INVALID_NAMESPACE, e.getMessage(), instance);
            case InvalidKeyException e -> render(ProblemType.INVALID_KEY, e.getMessage(), instance);
            case InvalidPreconditionException e -> render(ProblemType.INVALID_PRECONDITION, e.getMessage(), instance);
            case InvalidCursorException e -> render(ProblemType.INVALID_CURSOR, e.getMessage(), instance);
            case CursorExpiredException e -> render(ProblemType.CURSOR_EXPIRED, e.getMessage(), instance);
            case KeyNotFoundException e -> render(ProblemType.NOT_FOUND, e.getMessage(), instance);
            case VersionNotFoundException e -> render(ProblemType.VERSION_NOT_FOUND, e.getMessage(), instance);
            case VersionNotRestorableException e ->
                    render(ProblemType.VERSION_NOT_RESTORABLE, e.getMessage(), instance);
            case NamespaceNotFoundException e -> render(ProblemType.NAMESPACE_NOT_FOUND, e.getMessage(), instance);
            case NamespaceNotEmptyException e -> render(ProblemType.NAMESPACE_NOT_EMPTY, e.getMessage(), instance);
            case NamespacePurgingException e -> render(ProblemType.NAMESPACE_PURGING, e.getMessage(), instance);
            case PurgeNotFoundException e -> render(ProblemType.PURGE_NOT_FOUND, e.getMessage(), instance);
            case SubscriptionNotFoundException e -> render(ProblemType.SUBSCRIPTION_NOT_FOUND, e.getMessage(), instance);
            case SubscriptionConflictException e -> render(ProblemType.SUBSCRIPTION_CONFLICT, e.getMessage(), instance);
            case InvalidPrincipalException e -> render(ProblemType.INVALID_PRINCIPAL, e.getMessage(), instance);
            case PrincipalNotFoundException e -> render(ProblemType.PRINCIPAL_NOT_FOUND, e.getMessage(), instance);
            case UnauthenticatedException e -> render(ProblemType.UNAUTHENTICATED, e.getMessage(), instance)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            case ForbiddenException e -> render(ProblemType.FORBIDDEN, e.getMessage(), instance);
            case QuotaExceededException e -> render(ProblemType.QUOTA_EXCEEDED, e.getMessage(), instance)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter(e.retryAfter()));
            case PayloadTooLargeException e -> render(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage(), instance,
                    body -> body.put("limitBytes", e.limitBytes()));
            case VersionConflictException e -> {
                MutableHttpResponse<byte[]> response = render(ProblemType.VERSION_CONFLICT, e.getMessage(), instance,
                        body -> {
                            if (e.currentVersion().isPresent()) {
                                body.put("currentVersion", e.currentVersion().get().value());
                            } else {
                                body.putNull("currentVersion");
                            }
                            if (e.stateShown()) {
                                // The representation a GET returns (ADR 0051), or null: no live value.
                                body.putRawValue("current", e.current().map(record -> new RawValue(
                                        new String(Representations.of(record), StandardCharsets.UTF_8))).orElse(null));
                            }
                        });
                e.currentVersion().ifPresent(v -> response.header(HttpHeaders.ETAG, EntityTags.of(v)));
                yield response;
            }
            case CountersNotSupportedException e -> render(ProblemType.COUNTERS_NOT_SUPPORTED, e.getMessage(), instance);
            case NotANumberException e -> withCurrentVersion(ProblemType.NOT_A_NUMBER, e.getMessage(), instance,
                    e.currentVersion());
            case CounterOverflowException e -> withCurrentVersion(ProblemType.COUNTER_OVERFLOW, e.getMessage(),
                    instance, e.currentVersion());
            case TransactionConflictException e -> KeyResponses.replayed(render(ProblemType.TRANSACTION_CONFLICT,
                    e.getMessage(), instance, body -> {
                        com.fasterxml.jackson.databind.node.ArrayNode operations = body.putArray("operations");
                        for (TransactionConflictException.OperationConflict operation : e.operations()) {
                            ObjectNode entry = operations.addObject();
                            entry.put("index", operation.index());
                            entry.put("namespace", operation.namespace().value());
                            entry.put("key", operation.key().value());
                            entry.put("conditionFailed", operation.conditionFailed());
                            if (operation.current().isPresent()) {
                                entry.put("currentVersion", operation.current().get().value());
                            } else {
                                entry.putNull("currentVersion");
                            }
                        }
                    }), e.replayed());
            case UnreadableStateException e -> render(ProblemType.INTERNAL_ERROR, e.getMessage(), instance);
            case StoreUnavailableException e -> render(ProblemType.SERVICE_UNAVAILABLE, e.getMessage(), instance)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter(e.retryAfter()));
            case OutcomeUnknownException e -> render(ProblemType.OUTCOME_UNKNOWN, e.getMessage(), instance)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter(e.retryAfter()));
            case InvalidIdempotencyKeyException e ->
                    render(ProblemType.INVALID_IDEMPOTENCY_KEY, e.getMessage(), instance);
            case IdempotencyKeyReusedException e -> render(ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage(), instance);
            case InvalidPatchException e -> render(ProblemType.INVALID_PATCH, e.getMessage(), instance);
            case PatchTestFailedException e -> {
                MutableHttpResponse<byte[]> response = render(ProblemType.PATCH_TEST_FAILED, e.getMessage(), instance,
                        body -> {
                            body.put("operation", e.operationIndex());
                            body.put("path", e.path());
                            e.currentVersion().ifPresent(v -> body.put("currentVersion", v.value()));
                        });
                e.currentVersion().ifPresent(v -> response.header(HttpHeaders.ETAG, EntityTags.of(v)));
                yield response;
            }
            case PatchNotApplicableException e -> render(ProblemType.PATCH_NOT_APPLICABLE, e.getMessage(), instance,
                    body -> body.put("operation", e.operationIndex()).put("path", e.path()));
            case SchemaViolationException e -> render(ProblemType.SCHEMA_VIOLATION, e.getMessage(), instance,
                    body -> SchemaProblems.violations(body, e));
            case InvalidSchemaException e -> render(ProblemType.INVALID_SCHEMA, e.getMessage(), instance,
                    body -> e.reasons().forEach(body.withArray("reasons")::add));
            case InvalidMigrationException e -> render(ProblemType.INVALID_MIGRATION, e.getMessage(), instance,
                    body -> e.reasons().forEach(body.withArray("reasons")::add));
            case SchemaVersionConflictException e -> render(ProblemType.SCHEMA_VERSION_CONFLICT, e.getMessage(),
                    instance, body -> body.put("latestVersion", e.latestVersion()));
            case SchemaNotFoundException e -> render(ProblemType.SCHEMA_NOT_FOUND, e.getMessage(), instance);
            case BackfillNotFoundException e -> render(ProblemType.BACKFILL_NOT_FOUND, e.getMessage(), instance);
            case BackfillConflictException e -> render(ProblemType.BACKFILL_CONFLICT, e.getMessage(), instance,
                    body -> body.put("activeVersion", e.activeVersion()));
            case IdempotencyKeyInFlightException e ->
                    render(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT, e.getMessage(), instance)
                            .header(HttpHeaders.RETRY_AFTER, retryAfter(e.retryAfter()));
        };
    }

    /** A refused change to a key that is there: the problem names the key's current version, as its ETag too. */
    private static MutableHttpResponse<byte[]> withCurrentVersion(ProblemType type, String detail, String instance,
                                                                  java.util.Optional<Version> current) {
        MutableHttpResponse<byte[]> response = render(type, detail, instance, body -> {
            if (current.isPresent()) {
                body.put("currentVersion", current.get().value());
            } else {
                body.putNull("currentVersion");
            }
        });
        current.ifPresent(v -> response.header(HttpHeaders.ETAG, EntityTags.of(v)));
        return response;
    }

    private static String retryAfter(Duration after) {
        return Long.toString(Math.max(1, after.toSeconds()));
    }

    /** The response for an error status the framework produced (routing, content negotiation). */
    public static MutableHttpResponse<byte[]> forStatus(HttpStatus status, String detail, String instance) {
        ProblemType type = switch (status) {
            case NOT_FOUND -> ProblemType.ROUTE_NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ProblemType.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> ProblemType.NOT_ACCEPTABLE;
            case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case REQUEST_ENTITY_TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
            case SERVICE_UNAVAILABLE -> ProblemType.SERVICE_UNAVAILABLE;
            default -> status.getCode() < 500 ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL_ERROR;
        };
        return render(type, detail, instance);
    }

    public static MutableHttpResponse<byte[]> render(ProblemType type, String detail, String instance) {
        return render(type, detail, instance, body -> { });
    }

    private static MutableHttpResponse<byte[]> render(ProblemType type, String detail, String instance,
                                                       java.util.function.Consumer<ObjectNode> extensions) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        if (detail != null && !detail.isBlank()) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        extensions.accept(body);
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(type.status()))
                .contentType(MEDIA_TYPE)
                .body(StateJson.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
