package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Precondition;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagsTest {

    @Test
    void entityTagIsTheQuotedVersion() {
        assertThat(EntityTags.of(Version.of(42))).isEqualTo("\"42\"");
    }

    @Test
    void noHeadersMeanLastWriteWins() {
        assertThat(EntityTags.precondition(null, null)).isEqualTo(Precondition.NONE);
    }

    @Test
    void ifNoneMatchStarMeansCreateOnly() {
        assertThat(EntityTags.precondition(null, "*")).isEqualTo(Precondition.IF_ABSENT);
    }

    @Test
    void ifMatchStarMeansMustExist() {
        assertThat(EntityTags.precondition("*", null)).isEqualTo(Precondition.IF_PRESENT);
    }

    @Test
    void ifMatchTagMeansCompareAndSet() {
        assertThat(EntityTags.precondition(" \"7\" ", null)).isEqualTo(Precondition.ifVersion(Version.of(7)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "W/\"7\"", "\"0\"", "\"07\"", "\"-1\"", "\"1\", \"2\"", "\"\"", "\"abc\"",
            "\"1234567890123456789\""})
    void rejectsIfMatchValuesThatAreNotOneStrongVersionTag(String header) {
        assertThatThrownBy(() -> EntityTags.precondition(header, null))
                .isInstanceOf(InvalidPreconditionException.class);
    }

    @Test
    void bothHeadersTogetherCanNeverHold() {
        assertThat(EntityTags.precondition("\"1\"", "*")).isEqualTo(Precondition.CONTRADICTORY);
    }

    @Test
    void bothHeadersTogetherStillHaveToBeWellFormed() {
        assertThatThrownBy(() -> EntityTags.precondition("1", "*")).isInstanceOf(InvalidPreconditionException.class);
        assertThatThrownBy(() -> EntityTags.precondition("\"1\"", "\"1\"")).isInstanceOf(InvalidPreconditionException.class);
    }

    @Test
    void rejectsIfNoneMatchTagsOnWrites() {
        assertThatThrownBy(() -> EntityTags.precondition(null, "\"3\""))
                .isInstanceOf(InvalidPreconditionException.class);
    }

    @Test
    void readIsNotModifiedWhenAnyTagMatchesWeakly() {
        Version current = Version.of(3);
        assertThat(EntityTags.noneMatchFails("\"3\"", current)).isTrue();
        assertThat(EntityTags.noneMatchFails("W/\"3\"", current)).isTrue();
        assertThat(EntityTags.noneMatchFails("\"1\", \"3\"", current)).isTrue();
        assertThat(EntityTags.noneMatchFails("*", current)).isTrue();
        assertThat(EntityTags.noneMatchFails("\"2\"", current)).isFalse();
        assertThat(EntityTags.noneMatchFails(null, current)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3", "\"3\" junk", "junk \"3\""})
    void rejectsMalformedIfNoneMatchOnReads(String header) {
        assertThatThrownBy(() -> EntityTags.noneMatchFails(header, Version.of(3)))
                .isInstanceOf(InvalidPreconditionException.class);
    }
}
