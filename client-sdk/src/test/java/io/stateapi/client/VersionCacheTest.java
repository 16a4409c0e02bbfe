package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opt-in cache: reads are validated with If-None-Match and reuse the cached value on 304. */
class VersionCacheTest {

    record Doc(String text) {
    }

    private FaultProxy proxy;
    private StateClient cached;
    private StateNamespace ns;
    private StateNamespace other;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        cached = TestStack.get().client(proxy.endpoint()).versionCache(100).build();
        String name = TestStack.uniqueNamespace("cache");
        ns = cached.namespace(name);
        other = TestStack.get().client().build().namespace(name);
    }

    @AfterEach
    void stop() {
        cached.close();
        proxy.close();
    }

    @Test
    void aReadOfAnUnchangedKeyIsAnsweredNotModifiedAndServedFromTheCache() {
        ns.put("k", new Doc("one"));
        proxy.clear();

        Versioned<Doc> read = ns.get("k", Doc.class);

        assertThat(read.value()).isEqualTo(new Doc("one"));
        assertThat(read.version()).isEqualTo(1);
        assertThat(proxy.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.header("If-None-Match")).isEqualTo("\"1\"");
            assertThat(e.status()).isEqualTo(304);
        });
    }

    @Test
    void aReadAfterSomeoneElseWroteGetsTheNewValue() {
        ns.put("k", new Doc("one"));
        other.put("k", new Doc("two"));
        proxy.clear();

        assertThat(ns.get("k", Doc.class).value()).isEqualTo(new Doc("two"));
        assertThat(ns.get("k", Doc.class).value()).isEqualTo(new Doc("two"));
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(200, 304);
    }

    @Test
    void aKeyDeletedElsewhereIsNotServedFromTheCache() {
        ns.put("k", new Doc("one"));
        other.delete("k");

        assertThatThrownBy(() -> ns.get("k", Doc.class)).isInstanceOf(KeyNotFoundException.class);
        proxy.clear();
        assertThat(ns.find("k", Doc.class)).isEmpty();
        assertThat(proxy.exchanges()).singleElement().satisfies(e -> assertThat(e.header("If-None-Match")).isNull());
    }

    @Test
    void changingAReturnedValueDoesNotChangeTheCache() {
        ns.put("k", Map.of("text", "one"));
        ObjectNode first = (ObjectNode) ns.get("k", JsonNode.class).value();
        first.put("text", "mutated by the caller");

        assertThat(ns.get("k", JsonNode.class).value().get("text").asText()).isEqualTo("one");
    }

    @Test
    void updateReadsThroughTheCacheAndStillWritesConditionally() {
        ns.put("k", new Doc("one"));
        other.put("k", new Doc("two"));

        Versioned<Doc> updated = ns.update("k", Doc.class, d -> new Doc(d.text() + "+"));

        assertThat(updated.value()).isEqualTo(new Doc("two+"));
        assertThat(other.get("k", Doc.class).value()).isEqualTo(new Doc("two+"));
    }
}
