package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.local.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The version cache never serves an earlier incarnation of a key: a key that expires is swept
 * into a tombstone at its version, so the next incarnation starts at a higher version and the
 * cached tag cannot be answered 304 (the service's ADR 0008). The sweeper is run directly.
 */
class VersionCacheAcrossExpiryTest {

    record Doc(String text) {
    }

    private FaultProxy proxy;
    private StateClient cached;
    private StateClient plain;
    private StateNamespace ns;
    private StateNamespace other;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        cached = TestStack.get().client(proxy.endpoint()).versionCache(100).build();
        plain = TestStack.get().client().build();
        String name = TestStack.uniqueNamespace("cache-expiry");
        ns = cached.namespace(name);
        other = plain.namespace(name);
    }

    @AfterEach
    void stop() {
        cached.close();
        plain.close();
        proxy.close();
    }

    @Test
    void aValueCachedBeforeItsKeyExpiredIsNotServedForTheKeyCreatedAgain() {
        // Two seconds: expiry has one-second resolution, so a one-second TTL can end within milliseconds.
        ns.put("k", new Doc("one"), WriteOptions.builder().ttl(Duration.ofSeconds(2)).build());
        assertThat(ns.get("k", Doc.class).version()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> other.find("k", Doc.class).isEmpty());
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(TestStack.get().emulatorEndpoint(), List.of())) {
            new DynamoDbExpirySweeper(dynamoDb, LocalStack.RESOURCES.tableName()).sweep(Instant.now(), Duration.ofMinutes(1));
        }
        assertThat(other.put("k", new Doc("two")).version()).as("the next incarnation").isEqualTo(2);
        proxy.clear();

        Versioned<Doc> read = ns.get("k", Doc.class);

        assertThat(read.value()).isEqualTo(new Doc("two"));
        assertThat(read.version()).isEqualTo(2);
        assertThat(proxy.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.header("If-None-Match")).as("the cached tag was offered").isEqualTo("\"1\"");
            assertThat(e.status()).isEqualTo(200);
        });
    }
}
