package io.stateapi.linearizability.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.linearizability.Budget;
import io.stateapi.linearizability.Counterexample;
import io.stateapi.linearizability.LinearizabilityChecker;
import io.stateapi.linearizability.Operation;
import io.stateapi.linearizability.Report;
import io.stateapi.linearizability.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The workload, the recorder and the checker together, on in-memory keys with the State API's
 * semantics: a correct store gives a linearizable history; one that reports a committed
 * compare-and-set as a conflict (what a retry that meets its own commit does) is caught.
 */
class KeyWorkloadTest {

    private static final KeyWorkload WORKLOAD = new KeyWorkload(6, List.of("a", "b", "c"), 60, 42);

    /** Keys in memory, one lock for all: linearizable by construction. */
    static class InMemoryKeys {
        private final Map<String, KeyModel.State> keys = new HashMap<>();
        private final AtomicInteger writes = new AtomicInteger();
        private final int reportEveryNthWriteAsAConflict;

        InMemoryKeys(int reportEveryNthWriteAsAConflict) {
            this.reportEveryNthWriteAsAConflict = reportEveryNthWriteAsAConflict;
        }

        synchronized KeyOutput execute(String key, KeyInput input) {
            KeyModel.State state = keys.getOrDefault(key, KeyModel.strict().init());
            KeyOutput answer = answer(state, input);
            KeyModel.State next = KeyModel.strict().step(state, input, answer);
            keys.put(key, next);
            if (answer instanceof KeyOutput.Written && input instanceof KeyInput.Put put
                    && put.condition() instanceof KeyInput.IfVersion
                    && reportEveryNthWriteAsAConflict > 0 && writes.incrementAndGet() % reportEveryNthWriteAsAConflict == 0) {
                return KeyOutput.conflict(next.version());
            }
            return answer;
        }

        private static KeyOutput answer(KeyModel.State state, KeyInput input) {
            // the one answer the model accepts: try each candidate
            KeyModel model = KeyModel.strict();
            List<KeyOutput> candidates = List.of(
                    KeyOutput.found(state.value(), state.version()), KeyOutput.notFound(),
                    new KeyOutput.Written(state.version() + 1, !state.live()), KeyOutput.deleted(),
                    KeyOutput.conflict(state.live() ? state.version() : null));
            return candidates.stream().filter(c -> model.step(state, input, c) != null).findFirst().orElseThrow();
        }
    }

    @Test
    void aCorrectStoreGivesALinearizableHistory() throws Exception {
        InMemoryKeys keys = new InMemoryKeys(0);

        List<Operation<KeyInput, KeyOutput>> history = WORKLOAD.run(client -> keys::execute);
        Report<KeyInput, KeyOutput> report = new LinearizabilityChecker<>(KeyModel.strict(), Budget.defaults()).checkPerKey(history);

        assertThat(history).hasSize(360);
        assertThat(report.linearizable()).as(report.summary()).isTrue();
    }

    @Test
    void lostAnswersLeaveOperationsIndeterminateAndStillLinearizable() throws Exception {
        InMemoryKeys keys = new InMemoryKeys(0);
        AtomicInteger calls = new AtomicInteger();

        List<Operation<KeyInput, KeyOutput>> history = WORKLOAD.run(client -> (key, input) -> {
            KeyOutput answer = keys.execute(key, input);
            if (calls.incrementAndGet() % 9 == 0) {
                throw new KeyClient.OutcomeUnknownException("answer lost", null);
            }
            return answer;
        });
        Report<KeyInput, KeyOutput> report = new LinearizabilityChecker<>(KeyModel.strict(), Budget.defaults()).checkPerKey(history);

        assertThat(report.indeterminate()).isEqualTo(40);
        assertThat(report.linearizable()).as(report.summary()).isTrue();
    }

    @Test
    void aCommittedWriteReportedAsAConflictIsCaughtAndShrunk() throws Exception {
        InMemoryKeys keys = new InMemoryKeys(5);
        LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker =
                new LinearizabilityChecker<>(KeyModel.strict(), Budget.defaults());

        List<Operation<KeyInput, KeyOutput>> history = WORKLOAD.run(client -> keys::execute);
        Report<KeyInput, KeyOutput> report = checker.checkPerKey(history);

        assertThat(report.violation()).isPresent();
        Report.KeyCheck<KeyInput, KeyOutput> key = report.violation().orElseThrow();
        Counterexample<KeyInput, KeyOutput> counterexample =
                Counterexample.shrink(checker, key.operations(), Budget.steps(100_000), Duration.ofSeconds(20));
        assertThat(counterexample.operations().size()).isLessThan(key.operations().size());
        assertThat(checker.check(counterexample.operations())).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(counterexample.describe(checker.model())).contains("<-- no order of the operations explains this answer");
    }
}
