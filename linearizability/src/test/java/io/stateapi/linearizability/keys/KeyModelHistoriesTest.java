package io.stateapi.linearizability.keys;

import static io.stateapi.linearizability.keys.KeyInput.compareAndSet;
import static io.stateapi.linearizability.keys.KeyInput.create;
import static io.stateapi.linearizability.keys.KeyInput.delete;
import static io.stateapi.linearizability.keys.KeyInput.deleteIfVersion;
import static io.stateapi.linearizability.keys.KeyInput.get;
import static io.stateapi.linearizability.keys.KeyInput.put;
import static io.stateapi.linearizability.keys.KeyOutput.conflict;
import static io.stateapi.linearizability.keys.KeyOutput.deleted;
import static io.stateapi.linearizability.keys.KeyOutput.found;
import static io.stateapi.linearizability.keys.KeyOutput.notFound;
import static io.stateapi.linearizability.keys.KeyOutput.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.linearizability.Budget;
import io.stateapi.linearizability.LinearizabilityChecker;
import io.stateapi.linearizability.Verdict;
import org.junit.jupiter.api.Test;

/** Known-good and known-bad histories of one key against the State API's sequential model. */
class KeyModelHistoriesTest {

    private final LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker =
            new LinearizabilityChecker<>(KeyModel.strict(), Budget.defaults());

    private Verdict check(KeyHistory history) {
        return checker.check(history.ops());
    }

    @Test
    void versionsCountEveryChangeAcrossDeleteAndReCreate() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, get(), notFound())
                .op(0, 2, 3, create("a"), new KeyOutput.Written(1, true))
                .op(0, 4, 5, compareAndSet(1, "b"), new KeyOutput.Written(2, false))
                .op(0, 6, 7, compareAndSet(1, "c"), conflict(2L))
                .op(0, 8, 9, delete(), deleted())
                .op(0, 10, 11, delete(), notFound())
                .op(0, 12, 13, compareAndSet(3, "d"), conflict(null))
                .op(0, 14, 15, create("e"), new KeyOutput.Written(4, true))
                .op(0, 16, 17, create("f"), conflict(4L))
                .op(0, 18, 19, deleteIfVersion(3), conflict(4L))
                .op(0, 20, 21, put("g"), new KeyOutput.Written(5, false))
                .op(0, 22, 23, get(), found("g", 5));

        assertThat(check(history)).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void concurrentCompareAndSetsOnTheSameVersionCannotBothWin() {
        // the lost update: both read version 1, both "succeed"
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(1, 2, 10, compareAndSet(1, "b"), written(2))
                .op(2, 3, 11, compareAndSet(1, "c"), written(2))
                .op(0, 12, 13, get(), found("c", 2));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void concurrentCompareAndSetsOnTheSameVersionOneWinsOneConflicts() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(1, 2, 10, compareAndSet(1, "b"), conflict(2L))
                .op(2, 3, 11, compareAndSet(1, "c"), written(2))
                .op(0, 12, 13, get(), found("c", 2));

        assertThat(check(history)).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void aReadAfterANewerWriteCompletedCannotReturnTheOlderValue() {
        // the stale read: b was acknowledged before the read began
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, put("a"), written(1))
                .op(0, 2, 3, put("b"), written(2))
                .op(1, 4, 5, get(), found("a", 1));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void aReadConcurrentWithAWriteMayReturnTheOlderValue() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, put("a"), written(1))
                .op(0, 2, 10, put("b"), written(2))
                .op(1, 4, 5, get(), found("a", 1));

        assertThat(check(history)).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void aVersionNeverGoesBackwards() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, put("a"), written(1))
                .op(0, 2, 3, delete(), deleted())
                .op(1, 4, 5, create("b"), written(1));   // the counter restarted after the delete

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void aReadThatSawANewerVersionForbidsALaterReadOfAnOlderOne() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, put("a"), written(1))
                .op(1, 2, 20, put("b"), written(2))
                .op(2, 3, 4, get(), found("b", 2))
                .op(3, 5, 6, get(), found("a", 1));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void anIndeterminateWriteThatWasReadMustHaveHappened() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .lost(1, 2, compareAndSet(1, "b"))
                .op(2, 10, 11, get(), found("b", 2))
                .op(2, 12, 13, compareAndSet(2, "c"), written(3));

        Verdict verdict = check(history);

        assertThat(verdict).isInstanceOf(Verdict.Linearizable.class);
        assertThat(((Verdict.Linearizable) verdict).order()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anIndeterminateWriteThatNothingShowsMayNeverHaveHappened() {
        // every later answer rules out the lost put taking effect before it: it must not have happened (yet)
        KeyHistory history = new KeyHistory()
                .lost(1, 0, put("x"))
                .op(0, 1, 2, create("a"), written(1))
                .op(0, 3, 4, get(), found("a", 1))
                .op(0, 5, 6, compareAndSet(1, "b"), written(2))
                .op(0, 7, 8, get(), found("b", 2));

        Verdict verdict = check(history);

        assertThat(verdict).isInstanceOf(Verdict.Linearizable.class);
        assertThat(((Verdict.Linearizable) verdict).order()).containsExactly(1, 2, 3, 4, 0);
    }

    @Test
    void anIndeterminateWriteCannotExplainWhatItCouldNotHaveDone() {
        // the lost compare-and-set expected version 5; the key never was at 5, so it never wrote "b"
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .lost(1, 2, compareAndSet(5, "b"))
                .op(2, 10, 11, get(), found("b", 2));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void anIndeterminateWriteTakesEffectOnlyAfterItWasInvoked() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, put("a"), written(1))
                .op(2, 2, 3, get(), found("b", 2))
                .lost(1, 4, put("b"));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void aCommittedWriteReportedAsAConflictIsCaught() {
        // today's bug: the first attempt committed, its answer was lost, the retry failed its own condition
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(1, 2, 9, compareAndSet(1, "b"), conflict(2L))
                .op(2, 10, 11, get(), found("b", 2));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void anUnconditionalWriteAppliedTwiceIsCaught() {
        // the retry of a committed last-write-wins put wrote again: version 2 for a single write
        KeyHistory history = new KeyHistory()
                .op(1, 0, 9, put("a"), written(2))
                .op(2, 10, 11, get(), found("a", 2));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void aCreateOnlyRetryThatFoundItsOwnWriteIsCaught() {
        KeyHistory history = new KeyHistory()
                .op(1, 0, 9, create("a"), conflict(1L))
                .op(2, 10, 11, get(), found("a", 1));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void aDeleteReportedAsNotFoundAfterItDeletedIsCaught() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(1, 2, 9, delete(), notFound())
                .op(2, 10, 11, create("b"), written(3));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void indeterminateOperationsOfAnyKindMayBeLeftOut() {
        KeyHistory history = new KeyHistory()
                .lost(0, 0, create("a"))
                .lost(1, 0, delete())
                .lost(2, 0, get())
                .op(3, 5, 6, get(), notFound());

        assertThat(check(history)).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void aDeleteReportedAsDoneOnAnAbsentKeyIsAViolationOnlyUnderTheStrictContract() {
        // two deletes reported done for one deletion: the SDK's rule for a retried delete (ADR 0030)
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(1, 2, 9, delete(), deleted())
                .op(2, 3, 10, delete(), deleted())
                .op(0, 11, 12, create("b"), written(3));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(new LinearizabilityChecker<>(KeyModel.absenceDeletes(), Budget.defaults()).check(history.ops()))
                .isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void aConditionalDeleteReportedAsDoneWhileTheKeyLivedOnIsAViolationUnderBothContracts() {
        KeyHistory history = new KeyHistory()
                .op(0, 0, 1, create("a"), written(1))
                .op(0, 2, 3, compareAndSet(1, "b"), written(2))
                .op(1, 4, 5, deleteIfVersion(1), deleted())
                .op(0, 6, 7, get(), found("b", 2));

        assertThat(check(history)).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(new LinearizabilityChecker<>(KeyModel.absenceDeletes(), Budget.defaults()).check(history.ops()))
                .isInstanceOf(Verdict.NotLinearizable.class);
    }
}
