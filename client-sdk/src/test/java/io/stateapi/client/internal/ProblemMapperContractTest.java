package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.exceptions.ForbiddenException;
import io.stateapi.client.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.client.exceptions.IdempotencyKeyReusedException;
import io.stateapi.client.exceptions.InvalidCursorException;
import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import io.stateapi.client.exceptions.InvalidRequestException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NamespaceNotEmptyException;
import io.stateapi.client.exceptions.NamespacePurgingException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.PayloadTooLargeException;
import io.stateapi.client.exceptions.PurgeNotFoundException;
import io.stateapi.client.exceptions.QuotaExceededException;
import io.stateapi.client.exceptions.ServiceFailureException;
import io.stateapi.client.exceptions.InvalidPatchException;
import io.stateapi.client.exceptions.PatchNotApplicableException;
import io.stateapi.client.exceptions.PatchTestFailedException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.UnauthorizedException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.contracts.OpenApiContract;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK against the contract's list of problem types: each one the API may report maps to the
 * exception named for it, so a problem type added to the service cannot go unnoticed here.
 */
class ProblemMapperContractTest {

    private record Expected(int status, Class<? extends StateApiException> exception) {
    }

    /**
     * Every problem type the SDK knows, with its status and exception. The route-level ones are a
     * disagreement between client and service about the API itself: no exception of their own.
     */
    private static final Map<String, Expected> KNOWN = Map.ofEntries(
            Map.entry("invalid-json", new Expected(400, InvalidRequestException.class)),
            Map.entry("nesting-too-deep", new Expected(400, InvalidRequestException.class)),
            Map.entry("invalid-text", new Expected(400, InvalidRequestException.class)),
            Map.entry("invalid-request", new Expected(400, InvalidRequestException.class)),
            Map.entry("invalid-precondition", new Expected(400, InvalidRequestException.class)),
            Map.entry("invalid-idempotency-key", new Expected(400, InvalidRequestException.class)),
            Map.entry("invalid-namespace", new Expected(400, InvalidNamespaceException.class)),
            Map.entry("invalid-cursor", new Expected(400, InvalidCursorException.class)),
            // the watch (ADR 0037)
            Map.entry("cursor-expired", new Expected(410, io.stateapi.client.exceptions.CursorExpiredException.class)),
            Map.entry("invalid-key", new Expected(400, InvalidKeyException.class)),
            // the tenant registry's admin routes (ADR 0018), which the SDK does not call
            Map.entry("invalid-principal", new Expected(400, InvalidRequestException.class)),
            Map.entry("principal-not-found", new Expected(404, StateApiException.class)),
            Map.entry("unauthenticated", new Expected(401, UnauthorizedException.class)),
            Map.entry("forbidden", new Expected(403, ForbiddenException.class)),
            Map.entry("not-found", new Expected(404, KeyNotFoundException.class)),
            Map.entry("version-not-found", new Expected(404,
                    io.stateapi.client.exceptions.VersionNotFoundException.class)),
            Map.entry("version-not-restorable", new Expected(409,
                    io.stateapi.client.exceptions.VersionNotRestorableException.class)),
            Map.entry("namespace-not-found", new Expected(404, NamespaceNotFoundException.class)),
            Map.entry("route-not-found", new Expected(404, StateApiException.class)),
            Map.entry("method-not-allowed", new Expected(405, StateApiException.class)),
            Map.entry("not-acceptable", new Expected(406, StateApiException.class)),
            Map.entry("idempotency-key-in-flight", new Expected(409, IdempotencyKeyInFlightException.class)),
            Map.entry("namespace-not-empty", new Expected(409, NamespaceNotEmptyException.class)),
            Map.entry("not-a-number", new Expected(409, io.stateapi.client.exceptions.NotANumberException.class)),
            Map.entry("counter-overflow", new Expected(422, io.stateapi.client.exceptions.CounterOverflowException.class)),
            Map.entry("namespace-purging", new Expected(409, NamespacePurgingException.class)),
            Map.entry("counters-not-supported", new Expected(409,
                    io.stateapi.client.exceptions.CountersNotSupportedException.class)),
            // namespace schemas (ADR 0052)
            Map.entry("schema-violation", new Expected(422, io.stateapi.client.exceptions.SchemaViolationException.class)),
            Map.entry("invalid-schema", new Expected(422, io.stateapi.client.exceptions.InvalidSchemaException.class)),
            Map.entry("schema-version-conflict", new Expected(409,
                    io.stateapi.client.exceptions.SchemaVersionConflictException.class)),
            Map.entry("schema-not-found", new Expected(404, io.stateapi.client.exceptions.SchemaNotFoundException.class)),
            // schema migrations (ADR 0057)
            Map.entry("invalid-migration", new Expected(422,
                    io.stateapi.client.exceptions.InvalidMigrationException.class)),
            // schema backfills (ADR 0058)
            Map.entry("backfill-not-found", new Expected(404,
                    io.stateapi.client.exceptions.BackfillNotFoundException.class)),
            Map.entry("backfill-conflict", new Expected(409,
                    io.stateapi.client.exceptions.BackfillConflictException.class)),
            Map.entry("transaction-conflict", new Expected(409,
                    io.stateapi.client.exceptions.TransactionConflictException.class)),
            Map.entry("purge-not-found", new Expected(404, PurgeNotFoundException.class)),
            // subscriptions (ADR 0038)
            Map.entry("subscription-not-found", new Expected(404,
                    io.stateapi.client.exceptions.SubscriptionNotFoundException.class)),
            Map.entry("subscription-conflict", new Expected(409,
                    io.stateapi.client.exceptions.SubscriptionConflictException.class)),
            Map.entry("version-conflict", new Expected(412, VersionConflictException.class)),
            Map.entry("payload-too-large", new Expected(413, PayloadTooLargeException.class)),
            Map.entry("unsupported-media-type", new Expected(415, StateApiException.class)),
            Map.entry("idempotency-key-reused", new Expected(422, IdempotencyKeyReusedException.class)),
            Map.entry("quota-exceeded", new Expected(429, QuotaExceededException.class)),
            Map.entry("internal-error", new Expected(500, ServiceFailureException.class)),
            Map.entry("service-unavailable", new Expected(503, ServiceUnavailableException.class)),
            // a write without Idempotency-Key that may have been applied (ADR 0065)
            Map.entry("outcome-unknown", new Expected(503, ServiceUnavailableException.class)),
            // partial updates (ADR 0029)
            Map.entry("invalid-patch", new Expected(400, InvalidPatchException.class)),
            Map.entry("patch-test-failed", new Expected(409, PatchTestFailedException.class)),
            Map.entry("patch-not-applicable", new Expected(422, PatchNotApplicableException.class)));

    @Test
    void everyProblemTypeTheContractDeclaresIsKnownToTheSdk() {
        JsonNode declared = OpenApiContract.load().document().at("/components/schemas/ProblemType/enum");
        List<String> slugs = new ArrayList<>();
        declared.forEach(type -> slugs.add(type.asText().substring(ProblemMapper.PROBLEM_BASE.length())));

        assertThat(slugs).isNotEmpty();
        assertThat(KNOWN.keySet()).containsAll(slugs);
    }

    @Test
    void everyKnownProblemTypeBecomesItsOwnException() {
        KNOWN.forEach((slug, expected) -> assertThat(map(expected.status(), slug))
                .as(slug)
                .isExactlyInstanceOf(expected.exception())
                .satisfies(e -> assertThat(e.status()).isEqualTo(expected.status()))
                .satisfies(e -> assertThat(e.problemType()).hasValueSatisfying(
                        uri -> assertThat(uri.toString()).isEqualTo(ProblemMapper.PROBLEM_BASE + slug))));
    }

    private static StateApiException map(int status, String slug) {
        String body = "{\"type\":\"" + ProblemMapper.PROBLEM_BASE + slug + "\",\"title\":\"t\",\"status\":" + status + "}";
        Transport.Request request = new Transport.Request("GET", "/v1/namespaces/ns/keys/k", null, Map.of(), null,
                Transport.Replay.SAFE);
        Transport.Response response = new Transport.Response(status, HttpHeaders.of(Map.of(), (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8), 1, false);
        return ProblemMapper.toException(request, response);
    }
}
