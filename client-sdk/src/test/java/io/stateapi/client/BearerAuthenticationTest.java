package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.TokenUnavailableException;
import io.stateapi.client.exceptions.UnauthorizedException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens on the wire, and what a 401 does: a refreshing provider is asked for a fresh
 * token once and the request sent again; fixed tokens and suppliers are not (ADR 0033).
 */
class BearerAuthenticationTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();
    private static final String VERSIONED = "{\"namespace\":\"orders\",\"key\":\"k\",\"value\":1,\"version\":2,"
            + "\"createdAt\":\"2026-12-02T10:00:00Z\",\"updatedAt\":\"2026-12-02T10:00:00Z\",\"expiresAt\":null}";
    private static final Answer GATEWAY_401 = Answer.json(401, "{\"message\":\"Unauthorized\"}");

    private final AtomicInteger fetches = new AtomicInteger();
    /** token-1, token-2, ... each valid for an hour. */
    private final TokenSource source = () -> BearerToken.of("token-" + fetches.incrementAndGet(),
            Instant.now().plus(Duration.ofHours(1)));

    private CannedServer server;

    @BeforeEach
    void start() {
        server = CannedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private StateClient client(Auth auth, RetryPolicy retries) {
        return StateClient.builder().endpoint(server.endpoint()).auth(auth).retryPolicy(retries).build();
    }

    @Test
    void aFixedTokenIsSentOnEveryRequest() {
        server.answer(Answer.json(200, VERSIONED), Answer.json(200, VERSIONED));
        try (StateClient client = client(Auth.bearer("fixed-token"), FAST)) {
            client.namespace("orders").get("k", Integer.class);
            client.namespace("orders").get("k", Integer.class);
        }

        assertThat(server.received()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer fixed-token", "Bearer fixed-token");
    }

    @Test
    void aRefreshingProviderFetchesOnceForManyCalls() {
        server.answer(3, Answer.json(200, VERSIONED));
        try (StateClient client = client(Auth.refreshingBearer(source), FAST)) {
            for (int i = 0; i < 3; i++) {
                client.namespace("orders").get("k", Integer.class);
            }
        }

        assertThat(server.received()).extracting(r -> r.header("Authorization")).containsOnly("Bearer token-1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void afterA401ARefreshingProviderIsAskedForAFreshTokenOnceAndTheRequestSentAgain() {
        server.answer(GATEWAY_401, Answer.json(200, VERSIONED));
        try (StateClient client = client(Auth.refreshingBearer(source), FAST)) {
            assertThat(client.namespace("orders").get("k", Integer.class).version()).isEqualTo(2);
        }

        assertThat(server.received()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void aFreshTokenRefusedTooEndsTheCallWithUnauthorizedException() {
        server.answer(GATEWAY_401, GATEWAY_401);
        try (StateClient client = client(Auth.refreshingBearer(source), FAST)) {
            assertThatThrownBy(() -> client.namespace("orders").get("k", Integer.class))
                    .isInstanceOf(UnauthorizedException.class);
        }

        assertThat(server.received()).hasSize(2);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFixedTokenOrASuppliedOneIsNotSentAgainAfterA401() {
        server.answer(GATEWAY_401, GATEWAY_401);
        try (StateClient fixed = client(Auth.bearer("fixed-token"), FAST);
             StateClient supplied = client(Auth.bearer(() -> "supplied-token"), FAST)) {
            assertThatThrownBy(() -> fixed.namespace("orders").get("k", Integer.class)).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> supplied.namespace("orders").get("k", Integer.class)).isInstanceOf(UnauthorizedException.class);
        }

        assertThat(server.received()).hasSize(2);
    }

    @Test
    void sendingAgainWithAFreshTokenIsNoRetryItNeedsNoRetriesAndTakesNothingFromTheBudget() {
        server.answer(GATEWAY_401, Answer.json(200, VERSIONED));
        try (StateClient client = client(Auth.refreshingBearer(source), RetryPolicy.none().toBuilder().clientRetryBudget(5).build())) {
            client.namespace("orders").get("k", Integer.class);

            assertThat(client.remainingRetryBudget()).isEqualTo(5);
        }
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void aWriteSentAgainWithAFreshTokenCarriesTheSameIdempotencyKey() {
        server.answer(Answer.problem(401, "unauthenticated"), Answer.json(201, VERSIONED));
        try (StateClient client = client(Auth.refreshingBearer(source), FAST)) {
            client.namespace("orders").put("k", 1);
        }

        assertThat(server.received()).hasSize(2).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull()
                .containsOnly(server.received().get(0).header("Idempotency-Key"));
    }

    @Test
    void aWriteWhoseLastAttemptIsRefusedAfterAnEarlierAttemptMayHaveBeenAppliedHasAnUnknownOutcome() {
        server.answer(Answer.problem(503, "service-unavailable").header("Retry-After", "0"), GATEWAY_401);
        try (StateClient client = client(Auth.bearer("fixed-token"), FAST)) {
            assertThatThrownBy(() -> client.namespace("orders").put("k", 1))
                    .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(UnauthorizedException.class));
        }
    }

    @Test
    void aTokenSourceThatFailsFailsTheCallWithoutSendingIt() {
        try (StateClient client = client(Auth.refreshingBearer(() -> {
            throw new IllegalStateException("identity provider down");
        }), FAST)) {
            assertThatThrownBy(() -> client.namespace("orders").get("k", Integer.class))
                    .isInstanceOf(TokenUnavailableException.class)
                    .hasRootCauseMessage("identity provider down");
        }

        assertThat(server.received()).isEmpty();
    }
}
