package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import io.stateapi.client.exceptions.InvalidRequestException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.PayloadTooLargeException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.ValueMappingException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.TestStack;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every blocking operation against the local stack: the real api handler on moto, over HTTP. */
class StateNamespaceTest {

    record Item(String sku, int quantity) {
    }

    record Cart(List<Item> items) {
        Cart add(Item item) {
            List<Item> more = new ArrayList<>(items);
            more.add(item);
            return new Cart(more);
        }
    }

    record Price(BigDecimal amount, BigInteger cents) {
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
        carts = client.namespace(TestStack.uniqueNamespace("ops"));
    }

    private static Cart cart(String... skus) {
        List<Item> items = new ArrayList<>();
        for (String sku : skus) {
            items.add(new Item(sku, 1));
        }
        return new Cart(items);
    }

    @Test
    void putCreatesAKeyAtVersionOneAndGetReadsItBack() {
        Versioned<Cart> written = carts.put("users/42", cart("apple"));

        Versioned<Cart> read = carts.get("users/42", Cart.class);

        assertThat(written.version()).isEqualTo(1);
        assertThat(read.value()).isEqualTo(cart("apple"));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.namespace()).isEqualTo(carts.name());
        assertThat(read.key()).isEqualTo("users/42");
        assertThat(read.createdAt()).isEqualTo(read.updatedAt()).isNotNull();
        assertThat(read.expiry()).isEmpty();
    }

    @Test
    void putWithoutConditionReplacesTheValueLastWriteWins() {
        carts.put("users/42", cart("apple"));

        Versioned<Cart> second = carts.put("users/42", cart("pear"));

        assertThat(second.version()).isEqualTo(2);
        assertThat(carts.get("users/42", Cart.class).value()).isEqualTo(cart("pear"));
    }

    @Test
    void createMakesANewKey() {
        Versioned<Cart> created = carts.create("users/43", cart("fig"));

        assertThat(created.version()).isEqualTo(1);
        assertThat(carts.get("users/43", Cart.class).value()).isEqualTo(cart("fig"));
    }

    @Test
    void createOfAnExistingKeyIsAConflictCarryingItsVersion() {
        carts.put("users/43", cart("fig"));
        carts.put("users/43", cart("kiwi"));

        assertThatThrownBy(() -> carts.create("users/43", cart("plum")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.currentVersion()).hasValue(2);
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.problemType()).contains(URI.create("https://stateapi.io/problems/version-conflict"));
                });
        assertThat(carts.get("users/43", Cart.class).value()).isEqualTo(cart("kiwi"));
    }

    @Test
    void putIfVersionWritesWhenTheVersionIsCurrent() {
        Versioned<Cart> v1 = carts.put("users/42", cart("apple"));

        Versioned<Cart> v2 = carts.put("users/42", cart("apple", "pear"), IfVersion.of(v1.version()));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(carts.get("users/42", Cart.class).value()).isEqualTo(cart("apple", "pear"));
    }

    @Test
    void putIfVersionWithAStaleVersionIsAConflictAndWritesNothing() {
        Versioned<Cart> v1 = carts.put("users/42", cart("apple"));
        carts.put("users/42", cart("pear"));

        assertThatThrownBy(() -> carts.put("users/42", cart("lost"), v1.ifUnchanged()))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).hasValue(2));
        assertThat(carts.get("users/42", Cart.class).value()).isEqualTo(cart("pear"));
    }

    @Test
    void putIfExistsOnAnAbsentKeyIsAConflictWithoutCurrentVersion() {
        assertThatThrownBy(() -> carts.put("nobody", cart("apple"), IfVersion.exists()))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).isEmpty());
    }

    @Test
    void putIfExistsOnAPresentKeyWrites() {
        carts.put("users/42", cart("apple"));

        assertThat(carts.put("users/42", cart("pear"), IfVersion.exists()).version()).isEqualTo(2);
    }

    @Test
    void getOfAnAbsentKeyThrowsKeyNotFound() {
        assertThatThrownBy(() -> carts.get("nobody", Cart.class))
                .isInstanceOfSatisfying(KeyNotFoundException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void findOfAnAbsentKeyIsEmpty() {
        assertThat(carts.find("nobody", Cart.class)).isEmpty();
    }

    @Test
    void findOfAPresentKeyHasItsValue() {
        carts.put("users/42", cart("apple"));

        assertThat(carts.find("users/42", Cart.class)).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(cart("apple")));
    }

    @Test
    void eventuallyConsistentReadsAreAccepted() {
        carts.put("users/42", cart("apple"));

        Versioned<Cart> read = carts.get("users/42", Cart.class, ReadOptions.eventual());

        assertThat(read.value()).isEqualTo(cart("apple"));
    }

    @Test
    void deleteRemovesTheKey() {
        carts.put("users/42", cart("apple"));

        carts.delete("users/42");

        assertThat(carts.find("users/42", Cart.class)).isEmpty();
    }

    @Test
    void deleteOfAnAbsentKeyThrowsKeyNotFound() {
        assertThatThrownBy(() -> carts.delete("nobody")).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void deleteIfVersionWithTheCurrentVersionDeletes() {
        Versioned<Cart> v1 = carts.put("users/42", cart("apple"));

        carts.delete("users/42", IfVersion.of(v1.version()));

        assertThat(carts.find("users/42", Cart.class)).isEmpty();
    }

    @Test
    void deleteIfVersionWithAStaleVersionIsAConflictAndKeepsTheKey() {
        Versioned<Cart> v1 = carts.put("users/42", cart("apple"));
        carts.put("users/42", cart("pear"));

        assertThatThrownBy(() -> carts.delete("users/42", v1.ifUnchanged()))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).hasValue(2));
        assertThat(carts.find("users/42", Cart.class)).isPresent();
    }

    @Test
    void versionsKeepCountingWhenAKeyIsDeletedAndCreatedAgain() {
        carts.put("users/42", cart("apple"));
        carts.put("users/42", cart("pear"));
        carts.delete("users/42");

        Versioned<Cart> recreated = carts.create("users/42", cart("fig"));

        assertThat(recreated.version()).isGreaterThan(2);
    }

    @Test
    void keysWithReservedAndNonAsciiCharactersRoundTrip() {
        List<String> keys = List.of("users/42/cart", "a b/c+d", "100%/ok?yes#no", "ünïcödé/日本/🙂", "semi;colon,comma=eq&amp", "dots.in.name/..x/x..");
        for (String key : keys) {
            carts.put(key, cart(key));
        }
        for (String key : keys) {
            Versioned<Cart> read = carts.get(key, Cart.class);
            assertThat(read.key()).isEqualTo(key);
            assertThat(read.value()).isEqualTo(cart(key));
        }
    }

    @Test
    void putWithTimeToLiveReportsTheExpiry() {
        Instant before = Instant.now();

        Versioned<Cart> written = carts.put("session", cart("apple"), WriteOptions.builder().ttl(Duration.ofHours(1)).build());

        assertThat(written.expiry()).hasValueSatisfying(expiry ->
                assertThat(expiry).isAfter(before.plus(Duration.ofMinutes(59))).isBefore(before.plus(Duration.ofMinutes(61))));
        assertThat(carts.get("session", Cart.class).expiresAt()).isEqualTo(written.expiresAt());
    }

    @Test
    void anExpiredKeyReadsAsAbsentAndCanBeCreatedAgain() {
        carts.put("session", cart("apple"), WriteOptions.builder().ttl(Duration.ofSeconds(1)).build());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> carts.find("session", Cart.class).isEmpty());

        assertThatThrownBy(() -> carts.get("session", Cart.class)).isInstanceOf(KeyNotFoundException.class);
        assertThat(carts.create("session", cart("pear")).version()).isGreaterThan(1);
    }

    @Test
    void bigIntegersAndDecimalsRoundTripExactly() {
        Price price = new Price(new BigDecimal("12345678901234567890.123456789012345678901"),
                new BigInteger("123456789012345678901234567890"));

        carts.put("price", price);

        assertThat(carts.get("price", Price.class).value()).isEqualTo(price);
        JsonNode tree = carts.get("price", JsonNode.class).value();
        assertThat(tree.get("amount").decimalValue()).isEqualByComparingTo(price.amount());
        assertThat(tree.get("amount").toString()).isEqualTo("12345678901234567890.123456789012345678901");
        assertThat(tree.get("cents").bigIntegerValue()).isEqualTo(price.cents());
    }

    @Test
    void decimalsKeepTheirTrailingZeros() {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("amount", new BigDecimal("10.50"));

        carts.put("decimal", value);

        assertThat(carts.get("decimal", JsonNode.class).value().get("amount").toString()).isEqualTo("10.50");
    }

    @Test
    void genericTypesAreReadWithATypeReference() {
        carts.put("list", List.of(new Item("a", 1), new Item("b", 2)));

        Versioned<List<Item>> read = carts.get("list", new TypeReference<List<Item>>() { });

        assertThat(read.value()).containsExactly(new Item("a", 1), new Item("b", 2));
    }

    @Test
    void anyJsonIsAValueIncludingNullAndScalars() {
        carts.put("null", null);
        carts.put("number", 42);
        carts.put("text", "hello");
        carts.put("map", Map.of("k", List.of(1, 2)));

        assertThat(carts.get("null", JsonNode.class).value().isNull()).isTrue();
        assertThat(carts.get("number", Integer.class).value()).isEqualTo(42);
        assertThat(carts.get("text", String.class).value()).isEqualTo("hello");
        assertThat(carts.get("map", new TypeReference<Map<String, List<Integer>>>() { }).value())
                .isEqualTo(Map.of("k", List.of(1, 2)));
    }

    @Test
    void aValueThatDoesNotFitTheTypeIsAValueMappingException() {
        carts.put("text", "not a cart");

        assertThatThrownBy(() -> carts.get("text", Cart.class)).isInstanceOf(ValueMappingException.class);
    }

    @Test
    void updateAppliesTheFunctionAndWritesTheNextVersion() {
        carts.put("users/42", cart("apple"));

        Versioned<Cart> updated = carts.update("users/42", Cart.class, c -> c.add(new Item("pear", 2)));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.value()).isEqualTo(new Cart(List.of(new Item("apple", 1), new Item("pear", 2))));
        assertThat(carts.get("users/42", Cart.class).value()).isEqualTo(updated.value());
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        carts.put("users/42", cart("apple"));

        Versioned<Cart> same = carts.update("users/42", Cart.class, c -> c);

        assertThat(same.version()).isEqualTo(1);
        assertThat(carts.get("users/42", Cart.class).version()).isEqualTo(1);
    }

    @Test
    void updateOfAnAbsentKeyThrowsKeyNotFound() {
        assertThatThrownBy(() -> carts.update("nobody", Cart.class, c -> c)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void updateOrCreateCreatesAnAbsentKeyFromTheInitialValue() {
        Versioned<Cart> created = carts.updateOrCreate("fresh", Cart.class, () -> cart(), c -> c.add(new Item("fig", 1)));

        assertThat(created.version()).isEqualTo(1);
        assertThat(carts.get("fresh", Cart.class).value()).isEqualTo(cart("fig"));
    }

    @Test
    void updateOrCreateUpdatesAPresentKey() {
        carts.put("present", cart("apple"));

        Versioned<Cart> updated = carts.updateOrCreate("present", Cart.class, () -> cart(), c -> c.add(new Item("fig", 1)));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.value()).isEqualTo(cart("apple", "fig"));
    }

    @Test
    void updateKeepsTheKeysTimeToLive() {
        carts.put("session", cart("apple"), WriteOptions.builder().ttl(Duration.ofHours(1)).build());

        Versioned<Cart> updated = carts.update("session", Cart.class, c -> c.add(new Item("pear", 1)));

        assertThat(updated.expiry()).isPresent();
        assertThat(carts.get("session", Cart.class).expiry()).isPresent();
    }

    @Test
    void updatePropagatesTheFunctionsOwnException() {
        carts.put("users/42", cart("apple"));

        assertThatThrownBy(() -> carts.update("users/42", Cart.class, c -> {
            throw new IllegalStateException("business rule");
        })).isInstanceOf(IllegalStateException.class).hasMessage("business rule");
        assertThat(carts.get("users/42", Cart.class).version()).isEqualTo(1);
    }

    @Test
    void anInvalidNamespaceIsRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.namespace("Carts!"))
                .isInstanceOfSatisfying(InvalidNamespaceException.class, e -> assertThat(e.status()).isZero());
    }

    @Test
    void aKeyThatCannotBeAddressedIsRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> carts.get("users/../admin", Cart.class)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> carts.put("/leading", cart())).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> carts.delete("")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void aKeyTheServiceRejectsIsAnInvalidKeyExceptionWithItsDetail() {
        String withControlCharacter = "tab\there"; // the client can address it; the service refuses it

        assertThatThrownBy(() -> carts.put(withControlCharacter, cart()))
                .isInstanceOfSatisfying(InvalidKeyException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("control characters"));
                });
    }

    @Test
    void keysAreNormalisedToNfcByTheService() {
        String decomposed = "cafe\u0301"; // 'e' + combining acute accent

        carts.put(decomposed, cart());

        assertThat(carts.get("caf\u00e9", Cart.class).key()).isEqualTo("caf\u00e9");
    }

    @Test
    void aTooLongKeyIsAnInvalidKeyException() {
        assertThatThrownBy(() -> carts.put("k".repeat(1025), cart())).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void aValueOverTheLimitIsPayloadTooLarge() {
        String big = "x".repeat(360 * 1024);

        assertThatThrownBy(() -> carts.put("big", big))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.limitBytes()).isPresent();
                });
    }

    @Test
    void nestingBeyondTheServicesLimitIsAnInvalidRequest() {
        Object value = "leaf";
        for (int i = 0; i < 100; i++) {
            value = List.of(value);
        }
        Object deep = value;

        assertThatThrownBy(() -> carts.put("deep", deep))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problemType())
                        .contains(URI.create("https://stateapi.io/problems/nesting-too-deep")));
    }

    @Test
    void aTimeToLiveOutOfRangeIsRejectedLocally() {
        assertThatThrownBy(() -> WriteOptions.builder().ttl(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteOptions.builder().ttl(Duration.ofDays(366 * 11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongEndpointPathIsReportedAsSuchNotAsAMissingKey() {
        try (StateClient wrong = StateClient.builder().auth(TestStack.get().auth())
                .endpoint(URI.create(TestStack.get().apiEndpoint() + "/not-the-api")).build()) {
            assertThatThrownBy(() -> wrong.namespace("x").get("k", Cart.class))
                    .isExactlyInstanceOf(StateApiException.class)
                    .satisfies(e -> assertThat(((StateApiException) e).status()).isEqualTo(404));
        }
    }
}
