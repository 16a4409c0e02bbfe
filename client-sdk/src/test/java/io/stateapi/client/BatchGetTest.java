package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.support.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code getAll} (batch get, ADR 0027) against the local stack, blocking and async. */
class BatchGetTest {

    record Cart(List<String> items) {
    }

    private static StateClient client;
    private final StateNamespace carts = client.namespace(TestStack.uniqueNamespace("batch"));

    @BeforeAll
    static void startClient() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Test
    void readsEveryKeyInTheOrderGivenFoundWithItsVersionOrEmpty() {
        carts.put("users/1", new Cart(List.of("a")));
        Versioned<Cart> second = carts.put("users/1", new Cart(List.of("a", "b")));
        carts.put("users/3", new Cart(List.of()));
        carts.put("gone", new Cart(List.of()));
        carts.delete("gone");

        Map<String, Optional<Versioned<Cart>>> read = carts.getAll(List.of("users/3", "users/2", "users/1", "gone"),
                Cart.class);

        assertThat(read.keySet()).containsExactly("users/3", "users/2", "users/1", "gone");
        assertThat(read.get("users/1")).hasValueSatisfying(v -> {
            assertThat(v.value()).isEqualTo(new Cart(List.of("a", "b")));
            assertThat(v.version()).isEqualTo(second.version()).isEqualTo(2);
            assertThat(v.namespace()).isEqualTo(carts.name());
        });
        assertThat(read.get("users/3")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(read.get("users/2")).isEmpty();
        assertThat(read.get("gone")).isEmpty();
    }

    /**
     * 250 keys asked, so three requests of at most 100. The keys that exist are the first and last
     * of each request's share: a request left out, a share cut short or an answer put in place of
     * another loses one of them. (Writing every other key of the 250 through the API, as this test
     * once did, added 125 writes of setup and no case.)
     */
    @Test
    void moreThanAHundredKeysAreSplitIntoSeveralRequests() {
        List<String> keys = IntStream.range(0, 250).mapToObj(i -> "k/" + i).toList();
        List<String> existing = List.of("k/0", "k/99", "k/100", "k/199", "k/200", "k/249");
        existing.forEach(k -> carts.put(k, k));

        Map<String, Optional<Versioned<String>>> read = carts.getAll(keys, String.class, b -> b.consistency(Consistency.EVENTUAL));

        assertThat(read.keySet()).containsExactlyElementsOf(keys);
        read.forEach((key, value) -> {
            assertThat(value.isPresent()).as(key).isEqualTo(existing.contains(key));
            value.ifPresent(v -> assertThat(v.value()).isEqualTo(key));
        });
    }

    @Test
    void valuesTheServiceLeftOutOfAnAnswerAreReadAgain() {
        String big = "x".repeat(340 * 1024);
        List<String> keys = IntStream.range(0, 10).mapToObj(i -> "big/" + i).toList();
        keys.forEach(k -> carts.put(k, big));

        Map<String, Optional<Versioned<String>>> read = carts.getAll(keys, new TypeReference<String>() { });

        assertThat(read.values()).hasSize(10).allSatisfy(v -> assertThat(v).hasValueSatisfying(
                versioned -> assertThat(versioned.value()).isEqualTo(big)));
    }

    @Test
    void aNamespaceThatDoesNotExistHoldsNoneOfTheKeys() {
        StateNamespace nowhere = client.namespace(TestStack.uniqueNamespace("nowhere"));

        assertThat(nowhere.getAll(List.of("a", "b"), String.class)).containsOnlyKeys("a", "b")
                .allSatisfy((key, value) -> assertThat(value).isEmpty());
    }

    @Test
    void noKeysReadNothingAndAnInvalidKeyFails() {
        assertThat(carts.getAll(List.of(), String.class)).isEmpty();
        assertThatThrownBy(() -> carts.getAll(List.of("a", "b//c"), String.class)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void theAsyncTwinAnswersTheSame() {
        carts.put("a", "A");

        Map<String, Optional<Versioned<String>>> read = carts.async()
                .getAll(new ArrayList<>(List.of("a", "b")), String.class, ReadOptions.eventual()).join();

        assertThat(read.get("a")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo("A"));
        assertThat(read.get("b")).isEmpty();
    }
}
