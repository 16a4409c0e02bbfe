package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import io.stateapi.client.support.TestStack;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client sends with the caller's {@code HttpClient} (its proxy, executor, TLS), or with its own
 * customised by the caller, and never closes one it was given.
 */
class CustomHttpClientTest {

    record Cart(int items) {
    }

    @Test
    void requestsGoThroughTheProxyOfTheCallersHttpClient() {
        try (CannedServer proxy = CannedServer.start();
             HttpClient http = HttpClient.newBuilder()
                     .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.endpoint().getPort())))
                     .build();
             StateClient client = StateClient.builder()
                     .endpoint(URI.create("http://state-api.invalid"))
                     .httpClient(http)
                     .build()) {
            proxy.answer(Answer.problem(404, "not-found"));

            assertThat(client.namespace("ns").find("k", Cart.class)).isEmpty();

            assertThat(proxy.received()).singleElement().satisfies(request -> {
                assertThat(request.header("Host")).isEqualTo("state-api.invalid");
                assertThat(request.target()).isEqualTo("/v1/namespaces/ns/keys/k");
            });
        }
    }

    @Test
    void closingTheClientLeavesTheCallersHttpClientOpen() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            StateClient client = StateClient.builder().endpoint(TestStack.get().apiEndpoint())
                    .auth(TestStack.get().auth()).httpClient(http).build();
            client.namespace(TestStack.uniqueNamespace("http")).put("k", new Cart(1));

            client.close();

            assertThat(http.isTerminated()).isFalse();
        }
    }

    @Test
    void aCustomiserConfiguresTheClientsOwnHttpClient() {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (StateClient client = StateClient.builder().endpoint(TestStack.get().apiEndpoint())
                .auth(TestStack.get().auth())
                .httpClient(http -> http.executor(task -> {
                    tasks.incrementAndGet();
                    threads.execute(task);
                }))
                .build()) {
            StateNamespace ns = client.namespace(TestStack.uniqueNamespace("http"));

            ns.put("k", new Cart(2));

            assertThat(ns.get("k", Cart.class).value()).isEqualTo(new Cart(2));
            assertThat(tasks.get()).isPositive();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theClientsOwnHttpClientStillRefusesRedirectsAfterACustomiserThatSetsOnlyAProxy() {
        try (CannedServer server = CannedServer.start();
             StateClient client = StateClient.builder().endpoint(server.endpoint())
                     .httpClient(http -> http.proxy(HttpClient.Builder.NO_PROXY))
                     .build()) {
            server.answer(new Answer(307, Map.of("Location", server.endpoint() + "/elsewhere"), ""));

            assertThatThrownBy(() -> client.namespace("ns").get("k", Cart.class)).isInstanceOf(StateApiException.class);
            assertThat(server.received()).hasSize(1);
        }
    }
}
