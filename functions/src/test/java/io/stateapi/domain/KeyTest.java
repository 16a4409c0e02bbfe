package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.text.Normalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "users/42/cart", "émoji-😀", "with space", "a.b", "...", ".hidden/x"})
    void acceptsPrintableHierarchicalKeys(String key) {
        assertThat(Key.of(key).value()).isEqualTo(key);
    }

    @Test
    void acceptsExactly1024Utf8Bytes() {
        assertThat(Key.of("é".repeat(512)).value()).hasSize(512);
    }

    @Test
    void rejects1025Utf8Bytes() {
        assertThatThrownBy(() -> Key.of("a" + "é".repeat(512)))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("1025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000b", "tab\there", "line\nbreak", "del\u007f", "c1\u0085"})
    void rejectsEmptyKeysAndControlCharacters(String key) {
        assertThatThrownBy(() -> Key.of(key)).isInstanceOf(InvalidKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "a/", "a//b", "./a", "a/./b", "a/..", "..", "."})
    void rejectsEmptyAndDotSegments(String key) {
        assertThatThrownBy(() -> Key.of(key)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void normalisesToNfcSoOneKeyHasOneSpelling() {
        String decomposed = Normalizer.normalize("café", Normalizer.Form.NFD);
        assertThat(Key.of(decomposed)).isEqualTo(Key.of("café"));
        assertThat(Key.of(decomposed).value()).isEqualTo(Normalizer.normalize("café", Normalizer.Form.NFC));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThatThrownBy(() -> Key.of("a\uD800b")).isInstanceOf(InvalidKeyException.class);
    }
}
