package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link RequestListener} hears of every attempt and every call, retries and failures included,
 * with operation names and path templates (never the key), and cannot break a call by throwing.
 * Against the local stack behind a {@link FaultProxy}.
 */
class RequestListenerTest {

    record Cart(int items) {
    }

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(4).baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();
    private static final String KEY_TEMPLATE = "/v1/namespaces/{namespace}/keys/{key}";

    /** Records what it hears. */
    static final class Recorder implements RequestListener {
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public void attemptFinished(Attempt attempt) {
            attempts.add(attempt);
        }

        @Override
        public void callFinished(Call call) {
            calls.add(call);
        }
    }

    private ProxiedNamespace fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private ProxiedNamespace start(RequestListener... listeners) {
        fixture = ProxiedNamespace.start("listener", FAST, builder -> {
            for (RequestListener listener : listeners) {
                builder.listener(listener);
            }
            return builder;
        });
        return fixture;
    }

    @Test
    void everyAttemptOfARetriedCallIsHeardThenTheCall() {
        Recorder recorder = new Recorder();
        ProxiedNamespace ns = start(recorder);
        ns.direct().put("secret/user-42", new Cart(1));
        ns.proxy().inject(UNAVAILABLE, UNAVAILABLE);

        Versioned<Cart> read = ns.proxied().get("secret/user-42", Cart.class);

        assertThat(read.value()).isEqualTo(new Cart(1));
        assertThat(recorder.attempts).extracting(RequestListener.Attempt::attempt).containsExactly(1, 2, 3);
        assertThat(recorder.attempts).extracting(RequestListener.Attempt::status).containsExactly(503, 503, 200);
        assertThat(recorder.attempts).extracting(RequestListener.Attempt::willRetry).containsExactly(true, true, false);
        assertThat(recorder.attempts).allSatisfy(attempt -> {
            assertThat(attempt.operation()).isEqualTo("GetKey");
            assertThat(attempt.method()).isEqualTo("GET");
            assertThat(attempt.pathTemplate()).isEqualTo(KEY_TEMPLATE);
            assertThat(attempt.duration().isNegative()).isFalse();
            assertThat(attempt.error()).isNull();
        });
        assertThat(recorder.attempts.get(2).requestId()).isNotBlank();
        assertThat(recorder.calls).singleElement().satisfies(call -> {
            assertThat(call.operation()).isEqualTo("GetKey");
            assertThat(call.pathTemplate()).isEqualTo(KEY_TEMPLATE);
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.attempts()).isEqualTo(3);
            assertThat(call.requestId()).isEqualTo(recorder.attempts.get(2).requestId());
            assertThat(call.error()).isNull();
            assertThat(call.duration()).isGreaterThanOrEqualTo(recorder.attempts.get(2).duration());
        });
    }

    @Test
    void aCallEndingInAnErrorAnswerIsHeardWithItsStatusAndRequestId() {
        Recorder recorder = new Recorder();
        ProxiedNamespace ns = start(recorder);

        KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class,
                () -> ns.proxied().get("absent", Cart.class));

        assertThat(recorder.calls).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(404);
            assertThat(call.attempts()).isEqualTo(1);
            assertThat(call.requestId()).isEqualTo(e.requestId().orElseThrow());
        });
    }

    @Test
    void attemptsWithoutAnAnswerAreHeardWithTheirFailure() {
        Recorder recorder = new Recorder();
        try (StateClient unreachable = StateClient.builder().endpoint(closedPort()).retryPolicy(FAST).listener(recorder)
                .build()) {

            assertThatThrownBy(() -> unreachable.namespace("ns").get("k", Cart.class))
                    .isInstanceOf(ConnectionFailedException.class);
        }

        assertThat(recorder.attempts).hasSize(4).allSatisfy(attempt -> {
            assertThat(attempt.status()).isZero();
            assertThat(attempt.requestId()).isNull();
            assertThat(attempt.error()).isNotNull();
        });
        assertThat(recorder.calls).singleElement().satisfies(call -> {
            assertThat(call.attempts()).isEqualTo(4);
            assertThat(call.error()).isInstanceOf(ConnectionFailedException.class);
        });
    }

    @Test
    void writesAreNamedByTheirOperation() {
        Recorder recorder = new Recorder();
        ProxiedNamespace ns = start(recorder);

        ns.proxied().put("k", new Cart(1));
        ns.proxied().delete("k");

        assertThat(recorder.calls).extracting(RequestListener.Call::operation).containsExactly("PutKey", "DeleteKey");
        assertThat(recorder.calls).extracting(RequestListener.Call::status).containsExactly(201, 204);
    }

    @Test
    void aListenerThatThrowsBreaksNoCallAndTheOthersStillHear() {
        RequestListener throwing = new RequestListener() {
            @Override
            public void attemptFinished(Attempt attempt) {
                throw new IllegalStateException("listener failure on attempt");
            }

            @Override
            public void callFinished(Call call) {
                throw new IllegalStateException("listener failure on call");
            }
        };
        Recorder recorder = new Recorder();
        ProxiedNamespace ns = start(throwing, recorder);
        ns.proxy().inject(UNAVAILABLE);

        Versioned<Cart> written = ns.proxied().put("k", new Cart(3));

        assertThat(written.version()).isEqualTo(1);
        assertThat(ns.proxied().get("k", Cart.class).value()).isEqualTo(new Cart(3));
        assertThatThrownBy(() -> ns.proxied().get("absent", Cart.class)).isInstanceOf(KeyNotFoundException.class);
        assertThat(recorder.calls).extracting(RequestListener.Call::operation).containsExactly("PutKey", "GetKey", "GetKey");
        assertThat(recorder.attempts).hasSize(4);
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
