package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.exceptions.InvalidPatchException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.PatchNotApplicableException;
import io.stateapi.client.exceptions.PatchTestFailedException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.TestStack;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Merge patches and JSON Patches through the SDK, blocking and async, against the local stack. */
class PatchTest {

    record Item(String sku, int qty) {
    }

    private static StateClient client;
    private StateNamespace carts;

    @BeforeAll
    static void startClient() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void namespace() {
        carts = client.namespace(TestStack.uniqueNamespace("patch"));
    }

    @Test
    void aMergePatchSetsAndRemovesMembers() {
        carts.put("c", Map.of("status", "open", "draft", true));
        Map<String, Object> patch = new HashMap<>();
        patch.put("status", "shipped");
        patch.put("draft", null);

        Versioned<JsonNode> patched = carts.mergePatch("c", patch);

        assertThat(patched.version()).isEqualTo(2);
        assertThat(patched.value().get("status").asText()).isEqualTo("shipped");
        assertThat(patched.value().has("draft")).isFalse();
    }

    @Test
    void aJsonPatchAppliesItsOperationsInOrder() {
        carts.put("c", Map.of("status", "open", "items", List.of()));

        Versioned<JsonNode> patched = carts.jsonPatch("c", p -> p
                .test("/status", "open")
                .add("/items/-", new Item("B-7", 1))
                .replace("/status", "full"));

        assertThat(patched.value().get("items").get(0).get("sku").asText()).isEqualTo("B-7");
        assertThat(patched.value().get("status").asText()).isEqualTo("full");
        assertThat(carts.get("c", JsonNode.class).version()).isEqualTo(2);
    }

    @Test
    void aFailedTestIsPatchTestFailedWithTheCurrentVersion() {
        carts.put("c", Map.of("status", "closed"));

        assertThatThrownBy(() -> carts.jsonPatch("c", p -> p.test("/status", "open").remove("/status")))
                .isInstanceOfSatisfying(PatchTestFailedException.class, e -> {
                    assertThat(e.currentVersion()).hasValue(1);
                    assertThat(e.operation()).hasValue(0);
                    assertThat(e.path()).hasValue("/status");
                });
        assertThat(carts.get("c", JsonNode.class).version()).isEqualTo(1);
    }

    @Test
    void aMissingPathIsPatchNotApplicable() {
        carts.put("c", Map.of());

        assertThatThrownBy(() -> carts.jsonPatch("c", p -> p.remove("/nothing")))
                .isInstanceOfSatisfying(PatchNotApplicableException.class, e -> assertThat(e.path()).hasValue("/nothing"));
    }

    @Test
    void aTooManyOperationsPatchIsInvalid() {
        carts.put("c", 1);
        JsonPatch.Builder builder = JsonPatch.builder();
        for (int i = 0; i <= 1000; i++) {
            builder.test("", 1);
        }

        assertThatThrownBy(() -> carts.jsonPatch("c", builder.build())).isInstanceOf(InvalidPatchException.class);
    }

    @Test
    void aPatchAtAStaleVersionIsAVersionConflict() {
        carts.put("c", Map.of("n", 1));
        carts.put("c", Map.of("n", 2));

        assertThatThrownBy(() -> carts.mergePatch("c", Map.of("n", 3), IfVersion.of(1)))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).hasValue(2));
    }

    @Test
    void aPatchOfAMissingKeyCreatesNothing() {
        assertThatThrownBy(() -> carts.mergePatch("absent", Map.of("a", 1))).isInstanceOf(KeyNotFoundException.class);
        assertThat(carts.find("absent", JsonNode.class)).isEmpty();
    }

    @Test
    void aPatchKeepsTheExpiryAndRefusesATimeToLive() {
        Versioned<Map<String, Integer>> put = carts.put("c", Map.of("a", 1),
                WriteOptions.builder().ttl(Duration.ofHours(1)).build());

        Versioned<JsonNode> patched = carts.mergePatch("c", Map.of("b", 2));

        assertThat(patched.expiry()).isEqualTo(put.expiry());
        assertThatThrownBy(() -> carts.mergePatch("c", Map.of("b", 3), WriteOptions.builder().ttl(Duration.ofHours(2)).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersKeepEveryDigit() {
        ObjectNode value = JsonNodeFactory.withExactBigDecimals(true).objectNode()
                .put("price", new BigDecimal("19.90")).put("big", new BigDecimal("123456789012345678901234567890"));
        carts.put("c", value);

        Versioned<JsonNode> patched = carts.jsonPatch("c", p -> p.add("/tax", new BigDecimal("0.100000000000000000001")));

        assertThat(patched.value().get("price").decimalValue()).isEqualByComparingTo("19.90");
        assertThat(patched.value().get("big").bigIntegerValue().toString()).isEqualTo("123456789012345678901234567890");
        assertThat(patched.value().get("tax").decimalValue()).isEqualByComparingTo("0.100000000000000000001");
    }

    @Test
    void asyncPatchesFromManyCallersAllLand() {
        carts.put("c", Map.of());
        List<CompletableFuture<Versioned<JsonNode>>> patches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            patches.add(carts.async().mergePatch("c", Map.of("m" + i, i)));
        }
        CompletableFuture.allOf(patches.toArray(CompletableFuture[]::new)).join();

        Versioned<JsonNode> end = carts.get("c", JsonNode.class);
        assertThat(end.value().size()).isEqualTo(20);
        assertThat(end.version()).isEqualTo(21);
    }

    @Test
    void asyncJsonPatchCompletesWithTheNewValue() {
        carts.put("c", Map.of("log", List.of()));

        Versioned<JsonNode> patched = carts.async().jsonPatch("c", JsonPatch.of(p -> p.add("/log/-", "x"))).join();

        assertThat(patched.value().get("log").get(0).asText()).isEqualTo("x");
    }
}
