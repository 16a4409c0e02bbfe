package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import io.stateapi.contracts.OpenApiContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of request the SDK sends, recorded on the wire by a proxy, keeps the OpenAPI
 * contract: known operation, valid path/query/header parameters, declared body.
 */
class SdkRequestsKeepTheContractTest {

    record Cart(List<String> items) {
    }

    private FaultProxy proxy;
    private StateClient client;
    private StateNamespace carts;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        client = TestStack.get().client(proxy.endpoint()).versionCache(10).build();
        carts = client.namespace(TestStack.uniqueNamespace("contract"));
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void everyOperationSendsRequestsTheContractDescribes() {
        Versioned<Cart> created = carts.create("users/42/cart", new Cart(List.of("a")));
        carts.put("users/42/cart", new Cart(List.of("a", "b")), IfVersion.of(created.version()));
        carts.put("users/42/cart", new Cart(List.of("c")),
                WriteOptions.builder().ttl(Duration.ofHours(1)).build());
        carts.put("café/ü ber", new Cart(List.of()));
        carts.get("users/42/cart", Cart.class);
        carts.get("users/42/cart", Cart.class);                 // revalidated with If-None-Match
        carts.find("users/42/cart", Cart.class, ReadOptions.eventual());
        carts.find("absent", Cart.class);
        carts.getAll(List.of("users/42/cart", "café/ü ber", "absent"), Cart.class);
        carts.getAll(List.of("absent"), Cart.class, ReadOptions.eventual());
        carts.update("users/42/cart", Cart.class, c -> new Cart(List.of("d")));
        carts.async().put("async", new Cart(List.of("x"))).join();
        Versioned<Cart> latest = carts.get("users/42/cart", Cart.class);
        carts.delete("users/42/cart", IfVersion.of(latest.version()));
        carts.delete("async");

        List<FaultProxy.Exchange> exchanges = proxy.exchanges();
        assertThat(exchanges).hasSizeGreaterThanOrEqualTo(13);
        OpenApiContract contract = OpenApiContract.load();
        for (FaultProxy.Exchange exchange : exchanges) {
            Map<String, List<String>> headers = exchange.headers().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            String body = exchange.body() == null ? null : new String(exchange.body(), StandardCharsets.UTF_8);
            assertThat(contract.requestViolations(exchange.method(), exchange.target(), headers, body))
                    .as("%s %s", exchange.method(), exchange.target())
                    .isEmpty();
        }
        assertThat(exchanges).extracting(FaultProxy.Exchange::method).contains("GET", "PUT", "DELETE");
        assertThat(exchanges).anySatisfy(e -> assertThat(e.header("If-None-Match")).isNotNull());
        assertThat(exchanges).anySatisfy(e -> assertThat(e.header("If-Match")).isNotNull());
        assertThat(exchanges).anySatisfy(e -> assertThat(e.target()).contains("consistency=eventual"));
    }

    /**
     * The watch's requests on both protocols (a first one without a cursor, then with one), with
     * and without pending changes, and the snapshot's.
     */
    @Test
    void theWatchAndTheSnapshotSendRequestsTheContractDescribes() {
        carts.put("users/1", new Cart(List.of("a")));
        Snapshot snapshot = carts.snapshot("users/");
        for (WatchOptions.Protocol protocol : WatchOptions.Protocol.values()) {
            int before = proxy.exchanges().size();
            try (Watch watch = carts.watch("users/", null, change -> { },
                    o -> o.protocol(protocol).waitTime(Duration.ZERO).batchSize(10))) {
                await().until(() -> proxy.exchanges().size() >= before + 2);
            }
            int withPending = proxy.exchanges().size();
            try (Watch watch = carts.watch("users/", null, change -> { },
                    o -> o.protocol(protocol).waitTime(Duration.ZERO).onPending(change -> { }))) {
                await().until(() -> proxy.exchanges().size() >= withPending + 2);
            }
        }
        try (Watch watch = carts.watch(snapshot, change -> { }, o -> o.waitTime(Duration.ZERO))) {
            await().until(() -> watch.cursor().filter(c -> !c.equals(snapshot.cursor())).isPresent());
        }

        List<FaultProxy.Exchange> exchanges = proxy.exchanges();
        assertThat(exchanges).anySatisfy(e -> assertThat(e.target()).contains("pending=true"));
        OpenApiContract contract = OpenApiContract.load();
        for (FaultProxy.Exchange exchange : exchanges) {
            Map<String, List<String>> headers = exchange.headers().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            String body = exchange.body() == null ? null : new String(exchange.body(), StandardCharsets.UTF_8);
            assertThat(contract.requestViolations(exchange.method(), exchange.target(), headers, body))
                    .as("%s %s", exchange.method(), exchange.target())
                    .isEmpty();
            assertThat(exchange.status()).as("%s %s", exchange.method(), exchange.target()).isIn(200, 201);
        }
        assertThat(exchanges).anySatisfy(e -> assertThat(e.target()).contains("/changes/snapshot?prefix=users%2F"));
        assertThat(exchanges).anySatisfy(e -> assertThat(e.target()).contains("&after="));
        assertThat(exchanges).anySatisfy(e -> assertThat(e.header("Last-Event-ID")).isNotNull());
    }
}
