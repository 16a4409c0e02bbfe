package io.stateapi.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker on Porcupine's own register examples (porcupine_test.go, TestRegisterModel and
 * TestZeroDuration, from MIT 6.824's 2017 quiz 2), translated: a register starting at 0, with
 * put(v) and get() -> v.
 */
class RegisterExamplesTest {

    /** Input: a put of a value, or a get (value ignored). */
    record Access(boolean get, int value) {
    }

    static final Model<Integer, Access, Integer> REGISTER = new Model<>() {
        @Override
        public Integer init() {
            return 0;
        }

        @Override
        public Integer step(Integer state, Access input, Integer output) {
            if (!input.get()) {
                return input.value();
            }
            return output == null || output.equals(state) ? state : null;
        }
    };

    private final LinearizabilityChecker<Integer, Access, Integer> checker =
            new LinearizabilityChecker<>(REGISTER, Budget.defaults());

    private static Operation<Access, Integer> put(int id, int client, long call, long ret, int value) {
        return Operation.completed(id, client, "r", new Access(false, value), call, ret, 0);
    }

    private static Operation<Access, Integer> get(int id, int client, long call, long ret, int value) {
        return Operation.completed(id, client, "r", new Access(true, 0), call, ret, value);
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        // C0: |-------- put(100) --------|
        // C1:     |--- get() -> 100 ---|
        // C2:       |- get() -> 0 -|
        Verdict verdict = checker.check(List.of(
                put(0, 0, 0, 100, 100),
                get(1, 1, 25, 75, 100),
                get(2, 2, 30, 60, 0)));

        assertThat(verdict).isInstanceOf(Verdict.Linearizable.class);
        assertThat(((Verdict.Linearizable) verdict).order()).containsExactly(2, 0, 1);
    }

    @Test
    void aReadAfterAnotherReadSawTheNewValueCannotSeeTheOldOne() {
        // C0: |-------- put(200) --------|
        // C1:   |- get() -> 200 -|
        // C2:                       |- get() -> 0 -|   (starts after C1's read ended)
        Verdict verdict = checker.check(List.of(
                put(0, 0, 0, 100, 200),
                get(1, 1, 10, 30, 200),
                get(2, 2, 40, 90, 0)));

        assertThat(verdict).isInstanceOf(Verdict.NotLinearizable.class);
    }

    @Test
    void zeroDurationOperationsAtTheSameInstantAreConcurrent() {
        Verdict verdict = checker.check(List.of(
                put(0, 0, 0, 100, 100),
                get(1, 1, 25, 75, 100),
                get(2, 2, 30, 30, 0),
                get(3, 3, 30, 30, 0)));

        assertThat(verdict).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    void zeroDurationReadsOfTheNewValueForbidALaterOldOne() {
        Verdict verdict = checker.check(List.of(
                put(0, 0, 0, 100, 200),
                get(1, 1, 10, 10, 200),
                get(2, 2, 10, 10, 200),
                get(3, 3, 40, 90, 0)));

        assertThat(verdict).isInstanceOf(Verdict.NotLinearizable.class);
    }
}
