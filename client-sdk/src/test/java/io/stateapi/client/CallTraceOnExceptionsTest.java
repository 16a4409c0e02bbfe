package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import io.stateapi.client.support.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every exception says which answer ended the call ({@code requestId()}, API Gateway's
 * {@code apigw-requestid}) and how many requests the call sent ({@code numAttempts()}), and its
 * message says both (ADR 0035).
 */
class CallTraceOnExceptionsTest {

    record Cart(int items) {
    }

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(4).baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();

    private static StateClient client;
    private static StateNamespace ns;

    @BeforeAll
    static void start() {
        client = TestStack.get().client().build();
        ns = client.namespace(TestStack.uniqueNamespace("trace"));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void aMissingKeyTellsTheRequestIdOfTheAnswerAndOneAttempt() {
        ns.put("present", new Cart(1));

        KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class, () -> ns.get("absent", Cart.class));

        assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(e.numAttempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("request id " + e.requestId().orElseThrow()).contains("after 1 attempt");
        assertThat(e.toString()).contains(e.requestId().orElseThrow());
    }

    @Test
    void aVersionConflictTellsTheRequestIdOfTheAnswerAndOneAttempt() {
        ns.put("cas", new Cart(1));

        VersionConflictException e = catchThrowableOfType(VersionConflictException.class,
                () -> ns.put("cas", new Cart(2), IfVersion.of(7)));

        assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(e.numAttempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("request id " + e.requestId().orElseThrow());
    }

    @Test
    void eachAnswerHasItsOwnRequestId() {
        KeyNotFoundException first = catchThrowableOfType(KeyNotFoundException.class, () -> ns.get("none-1", Cart.class));
        KeyNotFoundException second = catchThrowableOfType(KeyNotFoundException.class, () -> ns.get("none-2", Cart.class));

        assertThat(first.requestId()).isNotEqualTo(second.requestId());
    }

    @Test
    void aReadUnavailableUntilTheRetriesRanOutTellsEveryAttemptAndTheLastAnswersId() {
        try (CannedServer server = CannedServer.start();
             StateClient canned = StateClient.builder().endpoint(server.endpoint()).retryPolicy(FAST).build()) {
            for (int i = 1; i <= 4; i++) {
                server.answer(Answer.problem(503, "service-unavailable").header("apigw-requestid", "id-" + i));
            }

            ServiceUnavailableException e = catchThrowableOfType(ServiceUnavailableException.class,
                    () -> canned.namespace("ns").get("k", Cart.class));

            assertThat(server.received()).hasSize(4);
            assertThat(e.numAttempts()).isEqualTo(FAST.maxAttempts());
            assertThat(e.requestId()).hasValue("id-4");
            assertThat(e.getMessage()).contains("request id id-4, after 4 attempts");
        }
    }

    @Test
    void aReadOfTheStackUnavailableUntilTheRetriesRanOutTellsEveryAttempt() {
        try (ProxiedNamespace fixture = ProxiedNamespace.start("trace", FAST, b -> b)) {
            fixture.direct().put("k", new Cart(1));
            fixture.proxy().inject(4, FaultProxy.Fault.UNAVAILABLE);

            ServiceUnavailableException e = catchThrowableOfType(ServiceUnavailableException.class,
                    () -> fixture.proxied().get("k", Cart.class));

            assertThat(e.numAttempts()).isEqualTo(FAST.maxAttempts());
            assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith(FaultProxy.INJECTED_REQUEST_ID_PREFIX));
            assertThat(fixture.proxy().exchanges()).hasSize(4);
        }
    }

    @Test
    void attemptsAreCountedPerCallNotPerClient() {
        try (ProxiedNamespace fixture = ProxiedNamespace.start("trace", FAST, b -> b)) {
            fixture.direct().put("k", new Cart(1));
            fixture.proxy().inject(FaultProxy.Fault.UNAVAILABLE);
            fixture.proxied().get("k", Cart.class);

            KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class,
                    () -> fixture.proxied().get("absent", Cart.class));

            assertThat(e.numAttempts()).isEqualTo(1);
            assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).doesNotStartWith("injected-"));
        }
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownTellsTheAttemptsOfTheCallBehindIt() {
        try (CannedServer server = CannedServer.start();
             StateClient canned = StateClient.builder().endpoint(server.endpoint()).retryPolicy(FAST).build()) {
            for (int i = 1; i <= 4; i++) {
                server.answer(Answer.problem(503, "service-unavailable").header("apigw-requestid", "w-" + i));
            }

            WriteOutcomeUnknownException e = catchThrowableOfType(WriteOutcomeUnknownException.class,
                    () -> canned.namespace("ns").put("k", new Cart(1)));

            assertThat(e.numAttempts()).isEqualTo(4);
            assertThat(e.requestId()).hasValue("w-4");
        }
    }

    @Test
    void anAnswerWithoutARequestIdLeavesItEmptyButCountsTheAttempts() {
        try (CannedServer server = CannedServer.start();
             StateClient canned = StateClient.builder().endpoint(server.endpoint()).retryPolicy(FAST).build()) {
            server.answer(Answer.problem(404, "not-found"));

            KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class,
                    () -> canned.namespace("ns").get("k", Cart.class));

            assertThat(e.requestId()).isEmpty();
            assertThat(e.numAttempts()).isEqualTo(1);
            assertThat(e.getMessage()).endsWith("(after 1 attempt)");
        }
    }

    @Test
    void aConnectionFailureTellsTheAttemptsAndNoRequestId() {
        try (StateClient unreachable = StateClient.builder().endpoint(closedPort()).retryPolicy(FAST).build()) {

            ConnectionFailedException e = catchThrowableOfType(ConnectionFailedException.class,
                    () -> unreachable.namespace("ns").get("k", Cart.class));

            assertThat(e.numAttempts()).isEqualTo(FAST.maxAttempts());
            assertThat(e.requestId()).isEmpty();
            assertThat(e.getMessage()).contains("after 4 attempts").doesNotContain("request id");
        }
    }

    @Test
    void aFailureBeforeAnythingWasSentHasNoAttempts() {
        StateApiException e = catchThrowableOfType(StateApiException.class, () -> client.namespace("Not A Name"));

        assertThat(e.numAttempts()).isZero();
        assertThat(e.requestId()).isEmpty();
    }

    /** A port nothing listens on: connecting is refused at once. */
    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
