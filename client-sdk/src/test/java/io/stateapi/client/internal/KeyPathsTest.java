package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.InvalidKeyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys are sent percent-encoded twice, so API Gateway HTTP APIs deliver them exactly (ADR 0009). */
class KeyPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "users/42/cart | /v1/namespaces/ns/keys/users/42/cart",
            "r?1           | /v1/namespaces/ns/keys/r%253F1",
            "100%          | /v1/namespaces/ns/keys/100%2525",
            "a%2Fb         | /v1/namespaces/ns/keys/a%25252Fb",
            "a+b           | /v1/namespaces/ns/keys/a%252Bb",
            "h#1           | /v1/namespaces/ns/keys/h%25231",
            "café          | /v1/namespaces/ns/keys/caf%25C3%25A9",
            "😀            | /v1/namespaces/ns/keys/%25F0%259F%2598%2580",
            "a..b/...      | /v1/namespaces/ns/keys/a..b/...",
    })
    void everySegmentIsPercentEncodedTwice(String key, String path) {
        assertThat(KeyPaths.keyPath("ns", key)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/", "/a", "a//b", "a/./b", "a/../b", "..", "."})
    void keysThatCannotBeAddressedAreRefusedBeforeSending(String key) {
        assertThatThrownBy(() -> KeyPaths.keyPath("ns", key))
                .isInstanceOf(InvalidKeyException.class)
                .satisfies(e -> assertThat(((InvalidKeyException) e).status()).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800b", "\uDC00", "x\uD83D"})
    void unpairedSurrogatesAreRefusedBecauseUtf8CannotCarryThem(String key) {
        assertThatThrownBy(() -> KeyPaths.keyPath("ns", key))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("surrogate");
    }
}
