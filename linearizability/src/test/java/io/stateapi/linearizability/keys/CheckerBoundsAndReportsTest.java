package io.stateapi.linearizability.keys;

import static io.stateapi.linearizability.keys.KeyInput.compareAndSet;
import static io.stateapi.linearizability.keys.KeyInput.create;
import static io.stateapi.linearizability.keys.KeyInput.delete;
import static io.stateapi.linearizability.keys.KeyInput.get;
import static io.stateapi.linearizability.keys.KeyInput.put;
import static io.stateapi.linearizability.keys.KeyOutput.conflict;
import static io.stateapi.linearizability.keys.KeyOutput.deleted;
import static io.stateapi.linearizability.keys.KeyOutput.found;
import static io.stateapi.linearizability.keys.KeyOutput.notFound;
import static io.stateapi.linearizability.keys.KeyOutput.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.linearizability.Budget;
import io.stateapi.linearizability.Counterexample;
import io.stateapi.linearizability.LinearizabilityChecker;
import io.stateapi.linearizability.Operation;
import io.stateapi.linearizability.Report;
import io.stateapi.linearizability.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker's budget, its per-key split, and the counterexamples it prints. */
class CheckerBoundsAndReportsTest {

    private final KeyModel model = KeyModel.strict();

    /** Many lost writes, then a read of a value nobody wrote: only an exhaustive search can refute it. */
    private static KeyHistory manyLostWritesThenAnImpossibleRead(int lost) {
        KeyHistory history = new KeyHistory();
        for (int i = 0; i < lost; i++) {
            history.lost(i, i, put("v" + i));
        }
        return history.op(lost, 100, 101, get(), found("nobody wrote this", 1));
    }

    @Test
    void aSearchBeyondItsBudgetIsUndecidedRatherThanWrong() {
        KeyHistory history = manyLostWritesThenAnImpossibleRead(10);

        Verdict bounded = new LinearizabilityChecker<>(model, Budget.steps(1_000)).check(history.ops());
        Verdict ample = new LinearizabilityChecker<>(model, Budget.defaults()).check(history.ops());

        assertThat(bounded).isInstanceOf(Verdict.Unknown.class);
        assertThat(((Verdict.Unknown) bounded).reason()).contains("step budget");
        assertThat(ample).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(ample.steps()).isGreaterThan(1_000);
    }

    @Test
    void keysAreCheckedEachOnItsOwn() {
        List<Operation<KeyInput, KeyOutput>> history = new ArrayList<>();
        history.addAll(new KeyHistory("a").op(0, 0, 10, create("a1"), written(1)).op(1, 1, 2, get(), notFound()).ops());
        history.addAll(new KeyHistory("b").op(0, 0, 10, create("b1"), written(1)).op(1, 11, 12, get(), notFound()).ops());
        history = renumber(history);

        Report<KeyInput, KeyOutput> report = new LinearizabilityChecker<>(model, Budget.defaults()).checkPerKey(history);

        assertThat(report.keys()).extracting(Report.KeyCheck::key).containsExactly("a", "b");
        assertThat(report.keys().get(0).verdict()).isInstanceOf(Verdict.Linearizable.class);
        assertThat(report.keys().get(1).verdict()).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(report.linearizable()).isFalse();
        assertThat(report.violation()).get().extracting(Report.KeyCheck::key).isEqualTo("b");
        assertThat(report.summary()).contains("4 operations (0 indeterminate) on 2 keys");
    }

    @Test
    void aCounterexampleIsCutAtTheFirstUnexplainedAnswerAndKeepsOnlyWhatItNeeds() {
        List<Operation<KeyInput, KeyOutput>> history = new KeyHistory()
                .op(0, 0, 5, create("a"), written(1))
                .op(1, 10, 15, get(), found("a", 1))
                .op(2, 20, 25, put("b"), written(2))
                .op(0, 30, 35, get(), found("b", 2))
                .op(1, 40, 45, compareAndSet(2, "c"), conflict(3L))   // committed, reported as a conflict
                .op(2, 50, 55, get(), found("c", 3))
                .op(0, 60, 65, delete(), deleted())
                .op(1, 70, 75, get(), notFound())
                .ops();
        LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker =
                new LinearizabilityChecker<>(model, Budget.defaults());

        Counterexample<KeyInput, KeyOutput> counterexample =
                Counterexample.shrink(checker, history, Budget.steps(100_000), Duration.ofSeconds(10));

        assertThat(counterexample.unexplained().id()).isEqualTo(4);
        assertThat(counterexample.operations()).extracting(Operation::id).containsExactly(0, 2, 4);
        assertThat(counterexample.answersNotNeeded()).containsExactlyInAnyOrder(0, 2);
        assertThat(checker.check(counterexample.operations())).isInstanceOf(Verdict.NotLinearizable.class);
        String text = counterexample.describe(model);
        assertThat(text).contains("put(c, If-Match 2) -> 412 (current @3)   <-- no order of the operations explains this answer");
        assertThat(text).contains("put(a, If-None-Match *) -> ok @1   (answer not needed");
    }

    @Test
    void aCounterexampleKeepsTheReadsThatProveTheViolation() {
        List<Operation<KeyInput, KeyOutput>> history = new KeyHistory()
                .op(0, 0, 5, put("a"), written(1))
                .op(1, 10, 15, get(), found("a", 1))
                .op(0, 20, 25, put("b"), written(2))
                .op(1, 30, 35, get(), found("b", 2))
                .op(2, 40, 45, get(), found("a", 1))               // stale
                .op(0, 50, 55, get(), found("b", 2))
                .ops();
        LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker =
                new LinearizabilityChecker<>(model, Budget.defaults());

        Counterexample<KeyInput, KeyOutput> counterexample =
                Counterexample.shrink(checker, history, Budget.steps(100_000), Duration.ofSeconds(10));

        assertThat(counterexample.unexplained().id()).isEqualTo(4);
        assertThat(counterexample.operations()).extracting(Operation::id).containsExactly(0, 2, 4);
        assertThat(counterexample.answersNotNeeded()).containsExactly(0);
    }

    private static List<Operation<KeyInput, KeyOutput>> renumber(List<Operation<KeyInput, KeyOutput>> ops) {
        List<Operation<KeyInput, KeyOutput>> renumbered = new ArrayList<>();
        for (Operation<KeyInput, KeyOutput> op : ops) {
            renumbered.add(new Operation<>(renumbered.size(), op.client(), op.key(), op.input(), op.call(), op.ret(), op.output()));
        }
        return renumbered;
    }
}
