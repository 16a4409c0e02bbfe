package io.stateapi.domain.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Key;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.InvalidTextException;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {

    @Test
    void anEmptyPrefixMatchesEveryKey() {
        assertThat(KeyPrefix.of(null).matches(Key.of("a"))).isTrue();
        assertThat(KeyPrefix.of("").isEmpty()).isTrue();
    }

    @Test
    void aPrefixMatchesTheKeysThatStartWithIt() {
        assertThat(KeyPrefix.of("users/4").matches(Key.of("users/42/cart"))).isTrue();
        assertThat(KeyPrefix.of("users/4").matches(Key.of("users/5"))).isFalse();
    }

    @Test
    void aPrefixIsNormalisedAsKeysAre() {
        assertThat(KeyPrefix.of("cafe\u0301").value()).isEqualTo("caf\u00e9");
    }

    @Test
    void aLoneSurrogateIsInvalidText() {
        assertThatThrownBy(() -> KeyPrefix.of("a\ud800")).isInstanceOf(InvalidTextException.class);
        assertThat(KeyPrefix.of("a\ud83d\ude00").value()).isEqualTo("a\ud83d\ude00");
    }

    @Test
    void aPrefixLongerThanAnyKeyOrWithControlsIsRefused() {
        assertThatThrownBy(() -> KeyPrefix.of("x".repeat(1025))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> KeyPrefix.of("a\u0000")).isInstanceOf(InvalidRequestException.class);
        assertThat(KeyPrefix.of("x".repeat(1024)).value()).hasSize(1024);
    }
}
