package io.stateapi.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.Key;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

    private static List<Key> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> Key.of(String.format("k%03d", i))).toList();
    }

    @Test
    void rangesFollowEachOtherFromTheFirstKeyToTheLastAtTheSamplesQuantiles() {
        List<KeyRange> ranges = KeyRanges.ranges(keys(100), 4);

        assertThat(ranges).containsExactly(
                new KeyRange(Optional.empty(), Optional.of(Key.of("k025"))),
                new KeyRange(Optional.of(Key.of("k025")), Optional.of(Key.of("k050"))),
                new KeyRange(Optional.of(Key.of("k050")), Optional.of(Key.of("k075"))),
                new KeyRange(Optional.of(Key.of("k075")), Optional.empty()));
    }

    @Test
    void fewerKeysThanSegmentsMakeFewerRanges() {
        assertThat(KeyRanges.ranges(List.of(), 8)).containsExactly(new KeyRange(Optional.empty(), Optional.empty()));
        assertThat(KeyRanges.ranges(keys(2), 8)).hasSize(3);
    }

    @Test
    void keysAreOrderedAsTheStoreOrdersThemByUtf8Bytes() {
        // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in the store, unlike in UTF-16.
        Key fullwidth = Key.of("\uFF5E");
        Key emoji = Key.of("\uD83D\uDE00");
        assertThat(fullwidth.value().compareTo(emoji.value())).isPositive();
        assertThat(new KeyRange(Optional.empty(), Optional.of(fullwidth)).beyond(emoji)).isTrue();
    }
}
