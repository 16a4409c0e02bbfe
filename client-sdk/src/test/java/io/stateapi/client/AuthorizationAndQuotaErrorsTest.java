package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.AccessDeniedException;
import io.stateapi.client.exceptions.ForbiddenException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.QuotaExceededException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.TooManyRequestsException;
import io.stateapi.client.exceptions.UnauthorizedException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answers tenancy adds (401, 403, 404 for a namespace, 429 for a quota), from API Gateway's
 * own plain JSON or from the service's problems, and how the retries treat them. A canned server
 * answers, since the local stack of this branch cannot be made to.
 */
class AuthorizationAndQuotaErrorsTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();
    private static final String VERSIONED = "{\"namespace\":\"orders\",\"key\":\"k\",\"value\":1,\"version\":2,"
            + "\"createdAt\":\"2026-12-02T10:00:00Z\",\"updatedAt\":\"2026-12-02T10:00:00Z\",\"expiresAt\":null}";

    private CannedServer server;
    private StateClient client;
    private StateNamespace orders;

    @BeforeEach
    void start() {
        server = CannedServer.start();
        client = StateClient.builder().endpoint(server.endpoint()).retryPolicy(FAST).build();
        orders = client.namespace("orders");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void apiGatewaysOwn401IsAnUnauthorizedException() {
        server.answer(new Answer(401, Map.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer"),
                "{\"message\":\"Unauthorized\"}"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.detail()).contains("Unauthorized");
                    assertThat(e.isTransient()).isFalse();
                })
                .isInstanceOf(AccessDeniedException.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void theServicesUnauthenticatedProblemIsAnUnauthorizedException() {
        server.answer(Answer.problem(401, "unauthenticated"));

        assertThatThrownBy(() -> orders.put("k", 1)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void apiGatewaysOwn403IsAForbiddenException() {
        server.answer(Answer.json(403, "{\"message\":\"Forbidden\"}"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.status()).isEqualTo(403))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void theServicesForbiddenProblemIsAForbiddenException() {
        server.answer(Answer.problem(403, "forbidden"));

        assertThatThrownBy(() -> orders.delete("k")).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aNamespaceTheTenantDoesNotHaveIsToldApartYetStillAMissingKeyToOlderCatchBlocks() {
        server.answer(Answer.problem(404, "namespace-not-found"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOfSatisfying(NamespaceNotFoundException.class, e -> assertThat(e.status()).isEqualTo(404))
                .isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void aMissingKeyIsStillAKeyNotFoundException() {
        server.answer(Answer.problem(404, "not-found"));

        assertThatThrownBy(() -> orders.get("k", Integer.class)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void findReadsAKeyOfANamespaceTheTenantDoesNotHaveAsAbsent() {
        server.answer(Answer.problem(404, "namespace-not-found"));

        assertThat(orders.find("k", Integer.class)).isEmpty();
    }

    @Test
    void updateOrCreateCreatesTheKeyWhenTheNamespaceDoesNotExistYet() {
        server.answer(Answer.problem(404, "namespace-not-found"), Answer.json(201, VERSIONED.replace("\"value\":1", "\"value\":0")));

        assertThat(orders.updateOrCreate("k", Integer.class, () -> -1, n -> n + 1).value()).isZero();
        assertThat(server.received()).extracting(CannedServer.Received::method).containsExactly("GET", "PUT");
        assertThat(server.received().get(1).header("If-None-Match")).isEqualTo("*");
    }

    @Test
    void aTenantOverItsQuotaIsRetriedAndThenAQuotaExceededExceptionWithTheAdvice() {
        server.answer(FAST.maxAttempts(), Answer.problem(429, "quota-exceeded").header("Retry-After", "0"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ZERO);
                    assertThat(e.isTransient()).isTrue();
                })
                .isInstanceOf(TooManyRequestsException.class);
        assertThat(server.received()).hasSize(FAST.maxAttempts());
    }

    @Test
    void aQuotaRetryAfterBeyondTheCallTimeoutEndsTheCallAtOnceWithTheAdvice() {
        server.answer(Answer.problem(429, "quota-exceeded").header("Retry-After", "3600"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aQuotaRefusalIsRetriedLikeThrottlingAndTheCallSucceedsOnceTheQuotaAllows() {
        server.answer(Answer.problem(429, "quota-exceeded").header("Retry-After", "0"), Answer.json(200, VERSIONED));

        assertThat(orders.get("k", Integer.class).version()).isEqualTo(2);
    }

    @Test
    void apiGatewaysThrottlingIsATooManyRequestsExceptionButNotAQuota() {
        server.answer(FAST.maxAttempts(), Answer.json(429, "{\"message\":\"Too Many Requests\"}"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOf(TooManyRequestsException.class)
                .isNotInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aWriteRefusedByTheQuotaAfterAnAttemptThatMayHaveBeenAppliedHasAnUnknownOutcome() {
        server.answer(Answer.problem(503, "service-unavailable").header("Retry-After", "0"));
        server.answer(FAST.maxAttempts() - 1, Answer.problem(429, "quota-exceeded").header("Retry-After", "0"));

        assertThatThrownBy(() -> orders.put("k", 1))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class, e -> {
                    assertThat(e.idempotencyKey()).isPresent();
                    assertThat(e.getCause()).isInstanceOf(QuotaExceededException.class);
                });
    }

    @Test
    void aWriteRefusedByTheQuotaThroughoutWasNotApplied() {
        server.answer(FAST.maxAttempts(), Answer.problem(429, "quota-exceeded").header("Retry-After", "0"));

        assertThatThrownBy(() -> orders.put("k", 1)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aReadThatMeetsA503ThenAQuotaKeepsTheQuotaException() {
        server.answer(Answer.problem(503, "service-unavailable").header("Retry-After", "0"));
        server.answer(FAST.maxAttempts() - 1, Answer.problem(429, "quota-exceeded").header("Retry-After", "0"));

        assertThatThrownBy(() -> orders.get("k", Integer.class))
                .isInstanceOf(QuotaExceededException.class)
                .isNotInstanceOf(ServiceUnavailableException.class);
    }
}
