package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which stored texts are counters (ADR 0034): integers whose text and number turn into each other exactly. */
class ExactIntegerTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-7", "9007199254740991", "-9007199254740991", "1000000"})
    void canonicalIntegersWithinTheRangeAreCountersAndWriteBackTheSameText(String text) {
        assertThat(ExactInteger.of(text)).isPresent();
        assertThat(ExactInteger.document(ExactInteger.of(text).getAsLong()).json()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "07", "1.0", "1e3", "1E+3", "+1", "9007199254740992", "-9007199254740992",
            "99999999999999999999", "\"7\"", "null", "true", "[1]", "{}", " 7", ""})
    void everythingElseStaysText(String text) {
        assertThat(ExactInteger.of(text)).isEmpty();
    }
}
