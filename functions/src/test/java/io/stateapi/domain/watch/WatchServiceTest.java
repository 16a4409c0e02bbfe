package io.stateapi.domain.watch;

import static io.stateapi.domain.watch.WatchWorld.ACME;
import static io.stateapi.domain.watch.WatchWorld.DOCS;
import static io.stateapi.domain.watch.WatchWorld.GLOBEX;
import static io.stateapi.domain.watch.WatchWorld.NO_WAIT;
import static io.stateapi.domain.watch.WatchWorld.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateService;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.CursorExpiredException;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.listing.KeyPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch's rule (ADR 0037) on in-memory ports: a feed index that shows a change only some
 * time after it was recorded, as a GSI does, so a change recorded earlier can show later.
 */
class WatchServiceTest {

    private final WatchWorld world = new WatchWorld();
    private final MutableClock clock = world.clock;
    private final StateService keys = world.keys;
    private final SignedCursors cursors = world.cursors;
    private final WatchService watch = world.watch;

    private WriteResult write(String key, String json, Duration lag) {
        return world.write(key, json, lag);
    }

    private String start() {
        return watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 100, NO_WAIT).cursor();
    }

    private static List<String> seen(WatchBatch batch) {
        return batch.changes().stream().map(c -> c.key().value() + "@" + c.change().version().value()).toList();
    }

    @Test
    void everyChangeAfterTheCursorIsServedOnceInVersionOrderPerKeyAcrossSmallBatches() {
        write("a", "0", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(1));
        String cursor = start();
        for (int v = 1; v <= 3; v++) {
            write("a", "1", Duration.ZERO);
            write("b", "1", Duration.ZERO);
            clock.advance(Duration.ofMillis(1));
        }
        clock.advance(SETTLE.plusMillis(1));

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 2, NO_WAIT);
            seen.addAll(seen(batch));
            cursor = batch.cursor();
        }

        assertThat(seen).containsExactly("a@2", "b@1", "a@3", "b@2", "a@4", "b@3");
    }

    @Test
    void aChangeRecordedFirstButShownByTheIndexLaterIsNotSkipped() {
        String cursor = start();
        clock.advance(Duration.ofSeconds(1));
        Instant early = clock.instant();
        clock.advance(Duration.ofMillis(10));
        write("later", "1", Duration.ZERO);
        // Recorded before "later" but shown 5 s after its recording (a slow put, a lagging index).
        world.record("earlier", 1, early, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(1));

        WatchBatch beforeSettled = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, NO_WAIT);
        clock.advance(SETTLE);
        WatchBatch settled = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(beforeSettled.cursor()), 100, NO_WAIT);

        assertThat(seen(beforeSettled)).isEmpty();
        assertThat(seen(settled)).containsExactly("earlier@1", "later@1");
    }

    @Test
    void changesRecordedInTheSameMillisecondAreOrderedByKeyAndResumedWithoutRepeat() {
        String cursor = start();
        clock.advance(Duration.ofSeconds(1));
        Instant same = clock.instant();
        for (String key : List.of("c", "a", "b")) {
            keys.put(ACME, DOCS, Key.of(key), new JsonDocument("1"), null, Precondition.NONE, Optional.empty());
            world.record(key, 1, same, Duration.ZERO);
        }
        clock.advance(SETTLE.plusSeconds(1));

        WatchBatch first = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 2, NO_WAIT);
        WatchBatch rest = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(first.cursor()), 2, NO_WAIT);

        assertThat(seen(first)).containsExactly("a@1", "b@1");
        assertThat(seen(rest)).containsExactly("c@1");
    }

    @Test
    void eachChangesCursorResumesRightAfterIt() {
        String cursor = start();
        write("a", "1", Duration.ZERO);
        write("b", "1", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(1));

        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, NO_WAIT);
        WatchBatch fromFirst = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(batch.changes().getFirst().cursor()),
                100, NO_WAIT);

        assertThat(seen(batch)).containsExactly("a@1", "b@1");
        assertThat(seen(fromFirst)).containsExactly("b@1");
    }

    @Test
    void withoutACursorTheWatchStartsAtTheSettledHorizonOfNow() {
        write("old", "1", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(30));

        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 100, NO_WAIT);
        write("new", "1", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(1));

        assertThat(seen(batch)).isEmpty();
        assertThat(seen(watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(batch.cursor()), 100, NO_WAIT)))
                .containsExactly("new@1");
    }

    @Test
    void onlyKeysOfThePrefixAreServed() {
        write("x", "0", Duration.ZERO);
        String cursor = watch.changes(ACME, DOCS, KeyPrefix.of("users/"), Optional.empty(), 100, NO_WAIT).cursor();
        write("users/1", "1", Duration.ZERO);
        write("orders/1", "1", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(1));

        assertThat(seen(watch.changes(ACME, DOCS, KeyPrefix.of("users/"), Optional.of(cursor), 100, NO_WAIT)))
                .containsExactly("users/1@1");
    }

    @Test
    void aLongPollAnswersAsSoonAsAChangeHasSettled() {
        String cursor = start();
        write("a", "1", Duration.ZERO);

        Instant asked = clock.instant();
        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, WatchService.MAX_WAIT);

        assertThat(seen(batch)).containsExactly("a@1");
        assertThat(Duration.between(asked, clock.instant())).isEqualTo(SETTLE);
    }

    @Test
    void aLongPollWithoutChangesEndsWithItsWaitAndAMovedCursor() {
        clock.advance(SETTLE.plusSeconds(1));
        String cursor = start();

        Instant asked = clock.instant();
        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, Duration.ofSeconds(3));

        assertThat(seen(batch)).isEmpty();
        assertThat(Duration.between(asked, clock.instant())).isEqualTo(Duration.ofSeconds(3));
        assertThat(batch.cursor()).isNotEqualTo(cursor);
    }

    @Test
    void aCursorOlderThanTheRetentionIsExpiredAndASnapshotResynchronises() {
        write("a", "1", Duration.ZERO);
        String cursor = start();
        clock.advance(Duration.ofDays(7).plusMinutes(1));

        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, NO_WAIT))
                .isInstanceOf(CursorExpiredException.class).hasMessageContaining("snapshot");

        WatchService.Snapshot snapshot = watch.snapshot(ACME, DOCS, KeyPrefix.of("a"), 100, Optional.empty());
        write("a", "2", Duration.ZERO);
        clock.advance(SETTLE.plusSeconds(1));
        assertThat(snapshot.keys().keys()).extracting(k -> k.key().value() + "@" + k.version().value())
                .containsExactly("a@1");
        assertThat(seen(watch.changes(ACME, DOCS, KeyPrefix.of("a"), snapshot.cursor(), 100, NO_WAIT)))
                .containsExactly("a@2");
    }

    @Test
    void aCursorOpensOnlyForItsTenantNamespaceAndPrefix() {
        write("a", "1", Duration.ZERO);
        keys.put(GLOBEX, DOCS, Key.of("a"), new JsonDocument("1"), null, Precondition.NONE, Optional.empty());
        String cursor = start();

        assertThatThrownBy(() -> watch.changes(GLOBEX, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, NO_WAIT))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.of("a"), Optional.of(cursor), 100, NO_WAIT))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of("not-a-cursor"), 100, NO_WAIT))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void anUnknownNamespaceAndOutOfRangeLimitsAreRefused() {
        assertThatThrownBy(() -> watch.changes(ACME, Namespace.of("nope"), KeyPrefix.NONE, Optional.empty(), 100, NO_WAIT))
                .isInstanceOf(NamespaceNotFoundException.class);
        write("a", "1", Duration.ZERO);
        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 0, NO_WAIT))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 100,
                WatchService.MAX_WAIT.plusSeconds(1))).isInstanceOf(InvalidRequestException.class);
    }
}
