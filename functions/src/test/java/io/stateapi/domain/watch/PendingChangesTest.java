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
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateService;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.listing.KeyPrefix;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch's pending changes (ADR 0060) on in-memory ports: changes already in the feed index
 * above the settle horizon, answered at once and at least once beside the settled changes, whose
 * cursor keeps ADR 0037's guarantees.
 */
class PendingChangesTest {

    private final WatchWorld world = new WatchWorld();
    private final MutableClock clock = world.clock;
    private final StateService keys = world.keys;
    private final SignedCursors cursors = world.cursors;
    private final WatchService watch = world.watch;

    private void write(String key, Duration lag) {
        world.write(key, "1", lag);
    }

    private WatchBatch live(String cursor, Duration wait) {
        return watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.ofNullable(cursor), 100, wait, true);
    }

    private static List<String> settled(WatchBatch batch) {
        return names(batch.changes());
    }

    private static List<String> pending(WatchBatch batch) {
        return names(batch.pending());
    }

    private static List<String> names(List<WatchBatch.Change> changes) {
        return changes.stream().map(c -> c.key().value() + "@" + c.change().version().value()).toList();
    }

    @Test
    void aChangeAboveTheHorizonComesAtOnceAsPendingThenOnceAsSettled() {
        String cursor = live(null, NO_WAIT).cursor();
        write("a", Duration.ZERO);
        clock.advance(Duration.ofMillis(100));

        WatchBatch early = live(cursor, NO_WAIT);
        WatchBatch again = live(early.cursor(), NO_WAIT);
        clock.advance(SETTLE);
        WatchBatch late = live(again.cursor(), NO_WAIT);
        WatchBatch after = live(late.cursor(), NO_WAIT);

        assertThat(pending(early)).containsExactly("a@1");
        assertThat(settled(early)).isEmpty();
        assertThat(early.pending().getFirst().change().value()).contains(new JsonDocument("1"));
        assertThat(pending(again)).as("a pending change already returned").isEmpty();
        assertThat(settled(late)).containsExactly("a@1");
        assertThat(pending(late)).isEmpty();
        assertThat(settled(after)).isEmpty();
    }

    @Test
    void withoutAskingForPendingChangesNoneCome() {
        String cursor = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 100, NO_WAIT).cursor();
        write("a", Duration.ZERO);
        clock.advance(Duration.ofMillis(100));

        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 100, NO_WAIT);

        assertThat(batch.pending()).isEmpty();
        assertThat(settled(batch)).isEmpty();
    }

    @Test
    void aLongPollAnswersAsSoonAsThereIsANewPendingChange() {
        String cursor = live(null, NO_WAIT).cursor();
        write("a", Duration.ofMillis(300));

        Instant asked = clock.instant();
        WatchBatch batch = live(cursor, WatchService.MAX_WAIT);

        assertThat(pending(batch)).containsExactly("a@1");
        assertThat(Duration.between(asked, clock.instant())).isEqualTo(WatchService.POLL_INTERVAL);
    }

    @Test
    void aLongPollWaitsItsTimeRatherThanAnswerAPendingChangeItReturnedBefore() {
        String cursor = live(null, NO_WAIT).cursor();
        write("a", Duration.ZERO);
        WatchBatch first = live(cursor, NO_WAIT);

        Instant asked = clock.instant();
        WatchBatch second = live(first.cursor(), Duration.ofSeconds(3));

        assertThat(pending(first)).containsExactly("a@1");
        assertThat(pending(second)).isEmpty();
        assertThat(settled(second)).isEmpty();
        assertThat(Duration.between(asked, clock.instant())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void pendingChangesAreOnlyTheKeysOfThePrefix() {
        String cursor = watch.changes(ACME, DOCS, KeyPrefix.of("users/"), Optional.empty(), 100, NO_WAIT, true).cursor();
        write("users/1", Duration.ZERO);
        write("orders/1", Duration.ZERO);

        WatchBatch batch = watch.changes(ACME, DOCS, KeyPrefix.of("users/"), Optional.of(cursor), 100, NO_WAIT, true);

        assertThat(pending(batch)).containsExactly("users/1@1");
    }

    /**
     * The pending list is at least once and best effort: a change the index shows after a later
     * one was returned as pending is not returned as pending, but the settled cursor still
     * serves it, in feed order, once.
     */
    @Test
    void aChangeTheIndexShowsLateIsNotLostAndEveryChangeSettlesOnceInFeedOrder() {
        String cursor = live(null, NO_WAIT).cursor();
        Instant early = clock.instant();
        clock.advance(Duration.ofMillis(10));
        write("later", Duration.ZERO);
        world.record("earlier", 1, early, Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(100));

        List<String> pending = new ArrayList<>();
        List<String> settled = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            WatchBatch batch = live(cursor, NO_WAIT);
            pending.addAll(pending(batch));
            settled.addAll(settled(batch));
            cursor = batch.cursor();
            clock.advance(Duration.ofMillis(500));
        }

        assertThat(pending).containsExactly("later@1");
        assertThat(settled).containsExactly("earlier@1", "later@1");
    }

    @Test
    void pendingChangesComeInFeedOrderAndTheirLimitIsTheBatchLimit() {
        String cursor = live(null, NO_WAIT).cursor();
        for (String key : List.of("c", "a", "b")) {
            write(key, Duration.ZERO);
            clock.advance(Duration.ofMillis(1));
        }

        WatchBatch first = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(cursor), 2, NO_WAIT, true);
        WatchBatch rest = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(first.cursor()), 2, NO_WAIT, true);

        assertThat(pending(first)).containsExactly("c@1", "a@1");
        assertThat(pending(rest)).containsExactly("b@1");
    }

    @Test
    void cursorsWithAndWithoutAPendingMarkOpenEitherWayAndResumeTheSettledFeedExactly() {
        String plain = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.empty(), 100, NO_WAIT).cursor();
        write("a", Duration.ZERO);
        WatchBatch withMark = live(plain, NO_WAIT);
        clock.advance(SETTLE.plusSeconds(1));

        WatchBatch settledWithout = watch.changes(ACME, DOCS, KeyPrefix.NONE, Optional.of(withMark.cursor()), 100, NO_WAIT);
        WatchBatch settledWith = live(withMark.cursor(), NO_WAIT);

        assertThat(pending(withMark)).containsExactly("a@1");
        assertThat(settled(settledWithout)).containsExactly("a@1");
        assertThat(settled(settledWith)).containsExactly("a@1");
    }

    @Test
    void aCursorWithAPendingMarkOpensOnlyForItsTenantNamespaceAndPrefix() {
        keys.put(GLOBEX, DOCS, Key.of("a"), new JsonDocument("1"), null, Precondition.NONE, Optional.empty());
        String cursor = live(null, NO_WAIT).cursor();
        write("a", Duration.ZERO);
        String marked = live(cursor, NO_WAIT).cursor();

        assertThatThrownBy(() -> watch.changes(GLOBEX, DOCS, KeyPrefix.NONE, Optional.of(marked), 100, NO_WAIT, true))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> watch.changes(ACME, DOCS, KeyPrefix.of("a"), Optional.of(marked), 100, NO_WAIT, true))
                .isInstanceOf(InvalidCursorException.class);
    }

    /** A cursor signed by this deployment whose content no version of the watch wrote is refused, not misread. */
    @Test
    void aSignedCursorOfAnUnknownShapeIsRefused() {
        CursorScope scope = CursorScope.of(WatchCursors.PENDING_PURPOSE, "acme", "docs", "");
        String odd = cursors.seal(scope, "1\n2\n3".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> live(odd, NO_WAIT)).isInstanceOf(InvalidCursorException.class);
    }
}
