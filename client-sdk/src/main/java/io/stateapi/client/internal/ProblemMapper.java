package io.stateapi.client.internal;

import io.stateapi.client.Versioned;
import io.stateapi.client.exceptions.TransactionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.stateapi.client.exceptions.CounterOverflowException;
import io.stateapi.client.exceptions.CountersNotSupportedException;
import io.stateapi.client.exceptions.CursorExpiredException;
import io.stateapi.client.exceptions.ForbiddenException;
import io.stateapi.client.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.client.exceptions.IdempotencyKeyReusedException;
import io.stateapi.client.exceptions.InvalidCursorException;
import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import io.stateapi.client.exceptions.InvalidPatchException;
import io.stateapi.client.exceptions.PatchNotApplicableException;
import io.stateapi.client.exceptions.PatchTestFailedException;
import io.stateapi.client.exceptions.InvalidRequestException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NamespaceNotEmptyException;
import io.stateapi.client.exceptions.NamespacePurgingException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.NotANumberException;
import io.stateapi.client.exceptions.PayloadTooLargeException;
import io.stateapi.client.exceptions.PurgeNotFoundException;
import io.stateapi.client.exceptions.InvalidMigrationException;
import io.stateapi.client.exceptions.InvalidSchemaException;
import io.stateapi.client.exceptions.SchemaNotFoundException;
import io.stateapi.client.exceptions.BackfillConflictException;
import io.stateapi.client.exceptions.BackfillNotFoundException;
import io.stateapi.client.exceptions.SchemaVersionConflictException;
import io.stateapi.client.exceptions.SchemaViolationException;
import io.stateapi.client.exceptions.SubscriptionConflictException;
import io.stateapi.client.exceptions.SubscriptionNotFoundException;
import io.stateapi.client.exceptions.QuotaExceededException;
import io.stateapi.client.exceptions.ServiceFailureException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.TooManyRequestsException;
import io.stateapi.client.exceptions.UnauthorizedException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.VersionNotFoundException;
import io.stateapi.client.exceptions.VersionNotRestorableException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The client's one error mapping: an error response becomes a specific exception, chosen by the
 * RFC 9457 problem type URI, or by the status when the answer is not a problem (API Gateway's
 * own errors: throttling, its authorizers' 401 and 403 as {@code {"message": ...}}, gateway
 * failures). {@code ProblemMapperContractTest} holds the problem types here to the OpenAPI document's list.
 */
public final class ProblemMapper {

    public static final String PROBLEM_BASE = "https://stateapi.io/problems/";
    static final String IDEMPOTENCY_KEY_IN_FLIGHT = "idempotency-key-in-flight";

    private ProblemMapper() {
    }

    /**
     * The exception for an error answer, carrying the answer's request id and the call's attempts
     * ({@link CallTrace}), whichever class the switch below chooses.
     */
    public static StateApiException toException(Transport.Request request, Transport.Response response) {
        return CallTrace.record(mapped(request, response), response);
    }

    private static StateApiException mapped(Transport.Request request, Transport.Response response) {
        int status = response.status();
        JsonNode problem = problemBody(response.body());
        String typeText = problem.path("type").asText(null);
        URI type = typeText == null ? null : safeUri(typeText);
        String slug = typeText != null && typeText.startsWith(PROBLEM_BASE) ? typeText.substring(PROBLEM_BASE.length()) : null;
        String detail = problem.path("detail").asText(null);
        if (detail == null) {
            detail = problem.path("message").asText(null); // API Gateway's {"message": "..."}
        }
        String title = problem.path("title").asText(null);
        Duration retryAfter = RetryAfter.of(response.headers());
        String message = Transport.describe(request) + ": " + status
                + (title != null ? " " + title : "")
                + (detail != null ? ": " + detail : "");
        if (slug == null) {
            slug = switch (status) {
                case 404 -> "route-not-found";
                case 412 -> "version-conflict";
                case 413 -> "payload-too-large";
                case 503 -> "service-unavailable";
                default -> "";
            };
        }
        return switch (slug) {
            case "version-conflict" -> new VersionConflictException(message, status, type, detail,
                    currentVersion(problem, response), problem.path("current").isNull() || problem.path("current").isObject(),
                    currentState(problem.get("current")));
            case "not-a-number" -> new NotANumberException(message, status, type, detail,
                    currentVersion(problem, response));
            case "counter-overflow" -> new CounterOverflowException(message, status, type, detail,
                    currentVersion(problem, response));
            case "not-found" -> new KeyNotFoundException(message, status, type, detail);
            case "version-not-found" -> new VersionNotFoundException(message, status, type, detail);
            case "version-not-restorable" -> new VersionNotRestorableException(message, status, type, detail);
            case "namespace-not-found" -> new NamespaceNotFoundException(message, status, type, detail);
            case "namespace-not-empty" -> new NamespaceNotEmptyException(message, status, type, detail);
            case "counters-not-supported" -> new CountersNotSupportedException(message, status, type, detail);
            case "namespace-purging" -> new NamespacePurgingException(message, status, type, detail);
            case "purge-not-found" -> new PurgeNotFoundException(message, status, type, detail);
            case "subscription-not-found" -> new SubscriptionNotFoundException(message, status, type, detail);
            case "subscription-conflict" -> new SubscriptionConflictException(message, status, type, detail);
            case "unauthenticated" -> new UnauthorizedException(message, status, type, detail);
            case "forbidden" -> new ForbiddenException(message, status, type, detail);
            case "quota-exceeded" -> new QuotaExceededException(message, status, type, detail, retryAfter);
            case "invalid-key" -> new InvalidKeyException(message, status, type, detail);
            case "invalid-namespace" -> new InvalidNamespaceException(message, status, type, detail);
            case "invalid-patch" -> new InvalidPatchException(message, status, type, detail);
            case "patch-test-failed" -> new PatchTestFailedException(message, status, type, detail,
                    problem.path("operation").canConvertToInt() ? problem.path("operation").intValue() : null,
                    problem.path("path").asText(null), currentVersion(problem, response));
            case "patch-not-applicable" -> new PatchNotApplicableException(message, status, type, detail,
                    problem.path("operation").canConvertToInt() ? problem.path("operation").intValue() : null,
                    problem.path("path").asText(null));
            case "invalid-cursor" -> new InvalidCursorException(message, status, type, detail);
            case "schema-violation" -> new SchemaViolationException(message, status, type, detail,
                    problem.path("schemaVersion").canConvertToLong() ? problem.path("schemaVersion").longValue() : null,
                    violations(problem),
                    problem.path("index").canConvertToInt() ? problem.path("index").intValue() : null,
                    problem.path("key").asText(null));
            case "invalid-schema" -> new InvalidSchemaException(message, status, type, detail, texts(problem.path("reasons")));
            case "invalid-migration" -> new InvalidMigrationException(message, status, type, detail,
                    texts(problem.path("reasons")));
            case "schema-version-conflict" -> new SchemaVersionConflictException(message, status, type, detail,
                    problem.path("latestVersion").canConvertToLong() ? problem.path("latestVersion").longValue() : null);
            case "schema-not-found" -> new SchemaNotFoundException(message, status, type, detail);
            case "backfill-not-found" -> new BackfillNotFoundException(message, status, type, detail);
            case "backfill-conflict" -> new BackfillConflictException(message, status, type, detail,
                    problem.path("activeVersion").canConvertToLong() ? problem.path("activeVersion").longValue() : null);
            case "cursor-expired" -> new CursorExpiredException(message, status, type, detail);
            case "invalid-json", "invalid-text", "nesting-too-deep", "invalid-request", "invalid-precondition",
                 "invalid-idempotency-key" ->
                    new InvalidRequestException(message, status, type, detail);
            case IDEMPOTENCY_KEY_IN_FLIGHT -> new IdempotencyKeyInFlightException(message, status, type, detail,
                    retryAfter);
            case "transaction-conflict" -> new TransactionConflictException(message, status, type, detail,
                    operationOutcomes(problem));
            case "idempotency-key-reused" -> new IdempotencyKeyReusedException(message, status, type, detail);
            case "payload-too-large" -> new PayloadTooLargeException(message, status, type, detail,
                    problem.path("limitBytes").canConvertToLong() ? problem.path("limitBytes").longValue() : null);
            // outcome-unknown (ADR 0065): the service lost the store's answer to a write without a key and
            // cannot tell; as a write's 5xx it reaches the caller as WriteOutcomeUnknownException.
            case "service-unavailable", "outcome-unknown" -> new ServiceUnavailableException(message, status, type, detail,
                    retryAfter);
            case "internal-error" -> new ServiceFailureException(message, status, type, detail);
            default -> byStatus(message, status, type, detail, retryAfter);
        };
    }

    private static StateApiException byStatus(String message, int status, URI type, String detail, Duration retryAfter) {
        if (status == 429) {
            return new TooManyRequestsException(message, status, type, detail, retryAfter);
        }
        if (status == 401) {
            return new UnauthorizedException(message, status, type, detail);
        }
        if (status == 403) {
            return new ForbiddenException(message, status, type, detail);
        }
        if (status == 400) {
            return new InvalidRequestException(message, status, type, detail);
        }
        if (status >= 500) {
            return new ServiceFailureException(message, status, type, detail);
        }
        // route-not-found, method-not-allowed, not-acceptable, unsupported-media-type: the client
        // and the service disagree about the API (a wrong endpoint or base path, most likely).
        return new StateApiException(message + " (is the endpoint right?)", status, type, detail, null);
    }

    /** The problem type's last segment ({@code version-conflict}), or null when the body is no problem of ours. */
    static String slug(byte[] body) {
        String type = problemBody(body).path("type").asText(null);
        return type != null && type.startsWith(PROBLEM_BASE) ? type.substring(PROBLEM_BASE.length()) : null;
    }

    /** {@code currentVersion} from the problem, else from the ETag; null when the key is absent. */
    private static Long currentVersion(JsonNode problem, Transport.Response response) {
        JsonNode current = problem.get("currentVersion");
        if (current != null && current.canConvertToLong()) {
            return current.longValue();
        }
        if (current != null && current.isNull()) {
            return null;
        }
        return response.headers().firstValue("ETag").map(ProblemMapper::versionOfTag).orElse(null);
    }

    /** A 412's {@code current} (ADR 0051): the key's state as a read returns it; null when absent or not sent. */
    private static Versioned<JsonNode> currentState(JsonNode current) {
        if (current == null || !current.isObject()) {
            return null;
        }
        Representation state = Representation.parse(current);
        return state.as(state.value());
    }

    public static Long versionOfTag(String etag) {
        String tag = etag.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A {@code transaction-conflict}'s {@code operations}, as far as they are readable. */
    private static List<TransactionConflictException.OperationOutcome> operationOutcomes(JsonNode problem) {
        List<TransactionConflictException.OperationOutcome> outcomes = new ArrayList<>();
        for (JsonNode operation : problem.path("operations")) {
            JsonNode current = operation.path("currentVersion");
            outcomes.add(new TransactionConflictException.OperationOutcome(operation.path("index").asInt(),
                    operation.path("namespace").asText(), operation.path("key").asText(),
                    operation.path("conditionFailed").asBoolean(),
                    current.isIntegralNumber() ? OptionalLong.of(current.asLong()) : OptionalLong.empty()));
        }
        return outcomes;
    }

    /** A {@code schema-violation}'s {@code violations}, as far as they are readable. */
    private static List<SchemaViolationException.Violation> violations(JsonNode problem) {
        List<SchemaViolationException.Violation> violations = new ArrayList<>();
        for (JsonNode violation : problem.path("violations")) {
            violations.add(new SchemaViolationException.Violation(violation.path("pointer").asText(""),
                    violation.path("message").asText("")));
        }
        return violations;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }

    private static JsonNode problemBody(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JsonCodec.parse(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static URI safeUri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
