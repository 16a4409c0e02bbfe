package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The turns of {@code update} calls on one key (ADR 0042): first come first served, and a turn always ends. */
class UpdateTurnsTest {

    private final UpdateTurns turns = new UpdateTurns();

    @Test
    void aCallOnAKeyStartsOnlyWhenTheCallBeforeItHasCompleted() {
        CompletableFuture<String> first = new CompletableFuture<>();
        List<String> started = new ArrayList<>();
        CompletableFuture<String> one = turns.inTurn("k", () -> { started.add("first"); return first; });
        CompletableFuture<String> two = turns.inTurn("k", () -> { started.add("second"); return CompletableFuture.completedFuture("2"); });
        CompletableFuture<String> other = turns.inTurn("other", () -> CompletableFuture.completedFuture("o"));

        assertThat(started).containsExactly("first");
        assertThat(other).isCompletedWithValue("o");
        first.complete("1");

        assertThat(one).isCompletedWithValue("1");
        assertThat(two).isCompletedWithValue("2");
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void aFailedCallEndsItsTurnAndItsCallerGetsTheCause() {
        IllegalStateException cause = new IllegalStateException("fn threw");
        CompletableFuture<String> failed = turns.inTurn("k", () -> CompletableFuture.failedFuture(cause));
        CompletableFuture<String> next = turns.inTurn("k", () -> CompletableFuture.completedFuture("next"));

        assertThat(failed).isCompletedExceptionally();
        assertThat(failed.handle((v, e) -> e).join()).isSameAs(cause);
        assertThat(next).isCompletedWithValue("next");
    }

    @Test
    void cancellingTheRunningCallCancelsItAndTheNextOneStarts() {
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> one = turns.inTurn("k", () -> running);
        CompletableFuture<String> two = turns.inTurn("k", () -> CompletableFuture.completedFuture("2"));

        one.cancel(true);

        assertThat(running).isCancelled();
        assertThat(two).isCompletedWithValue("2");
    }

    @Test
    void aCallCancelledWhileWaitingNeverRunsAndPassesItsTurnOn() {
        CompletableFuture<String> first = new CompletableFuture<>();
        List<String> started = new ArrayList<>();
        turns.inTurn("k", () -> first);
        CompletableFuture<String> waiting = turns.inTurn("k", () -> { started.add("waiting"); return new CompletableFuture<>(); });
        CompletableFuture<String> third = turns.inTurn("k", () -> CompletableFuture.completedFuture("3"));

        waiting.cancel(true);
        first.complete("1");

        assertThat(started).isEmpty();
        assertThat(third).isCompletedWithValue("3");
    }
}
