package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidNamespaceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "carts", "0", "team-a.prod_1",
            "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsLowerCaseNamesOfUpTo63Characters(String name) {
        assertThat(Namespace.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Carts", "-a", ".a", "_a", "a b", "a/b", "é",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsEverythingElse(String name) {
        assertThatThrownBy(() -> Namespace.of(name)).isInstanceOf(InvalidNamespaceException.class);
    }
}
