package io.stateapi.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small non-linearizable sub-history of one key, for a failure message a person can read.
 *
 * <p>Shrinking only ever <em>weakens</em> the history, so it cannot invent a violation that the
 * recorded history did not have: (1) it cuts the history at the earliest response that cannot be
 * explained (a prefix of a linearizable history is linearizable, with operations still running
 * at the cut left open); (2) it drops operations that change nothing (reads, refused
 * preconditions, see {@link Model#changesNothing}) and forgets the answers of the others, one at
 * a time, keeping each change under which the history is still not linearizable. What is left
 * is 1-minimal in that sense: every remaining answer is needed for the violation.
 *
 * @param operations       the sub-history, by invocation time
 * @param unexplained      the response at the cut: the first answer no order of operations explains
 * @param answersNotNeeded operations whose (recorded) answers were forgotten because the violation holds without them
 * @param recorded         the recorded operations by id, to show forgotten answers
 */
public record Counterexample<I, O>(List<Operation<I, O>> operations, Operation<I, O> unexplained,
                                   Set<Integer> answersNotNeeded, Map<Integer, Operation<I, O>> recorded) {

    /** {@link #shrink(LinearizabilityChecker, List, Budget, Duration)} with budgets that suit a failing test's message. */
    public static <S, I, O> Counterexample<I, O> shrink(LinearizabilityChecker<S, I, O> checker, List<Operation<I, O>> history) {
        return shrink(checker, history, Budget.steps(200_000), Duration.ofSeconds(15));
    }

    /**
     * Shrinks a history of one key that {@code checker} found not linearizable.
     *
     * @param perCheck budget of each re-check (an undecided one counts as "not shown")
     * @param total    time for the whole shrinking; past it, the smallest history so far is returned
     */
    public static <S, I, O> Counterexample<I, O> shrink(LinearizabilityChecker<S, I, O> checker,
                                                        List<Operation<I, O>> history, Budget perCheck, Duration total) {
        LinearizabilityChecker<S, I, O> bounded = new LinearizabilityChecker<>(checker.model(), perCheck);
        Map<Integer, Operation<I, O>> recorded = new HashMap<>();
        history.forEach(op -> recorded.put(op.id(), op));
        if (!(checker.check(history) instanceof Verdict.NotLinearizable)) {
            throw new IllegalArgumentException("the history is not shown to be non-linearizable within the checker's budget");
        }
        long deadline = System.nanoTime() + total.toNanos();

        // (1) the shortest prefix, cut at a response time, that is not linearizable
        List<Long> cuts = new ArrayList<>(new TreeSet<>(history.stream()
                .filter(op -> !op.isIndeterminate()).map(Operation::ret).toList()));
        int low = 0;
        int high = cuts.size() - 1;
        while (low < high && System.nanoTime() < deadline) {
            int middle = (low + high) >>> 1;
            if (bounded.check(prefix(history, cuts.get(middle))) instanceof Verdict.NotLinearizable) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        long cut = cuts.get(high);
        List<Operation<I, O>> current = prefix(history, cut);
        Operation<I, O> unexplained = current.stream().filter(op -> op.ret() == cut).findFirst().orElseThrow();

        // (2) drop what changes nothing, then forget the answers of the rest, while it stays a violation
        Model<S, I, O> model = checker.model();
        Set<Integer> forgotten = new LinkedHashSet<>();
        for (boolean dropping : new boolean[] {true, false}) {
            for (Operation<I, O> op : List.copyOf(current)) {
                if (op.id() == unexplained.id() || System.nanoTime() > deadline) {
                    continue;
                }
                List<Operation<I, O>> weaker = new ArrayList<>(current);
                int at = weaker.indexOf(op);
                if (dropping && model.changesNothing(op.input(), op.output())) {
                    weaker.remove(at);
                } else if (!dropping && !op.isIndeterminate()) {
                    weaker.set(at, op.forgetAnswer());
                } else {
                    continue;
                }
                if (bounded.check(weaker) instanceof Verdict.NotLinearizable) {
                    current = weaker;
                    if (!dropping) {
                        forgotten.add(op.id());
                    }
                }
            }
        }
        // an operation whose answer was forgotten and that changes nothing whatever it answered is no evidence
        current.removeIf(op -> op.isIndeterminate() && model.changesNothing(op.input(), null));
        forgotten.retainAll(current.stream().map(Operation::id).toList());
        return new Counterexample<>(List.copyOf(current), unexplained, Set.copyOf(forgotten), Map.copyOf(recorded));
    }

    /** The history as it stood at {@code time}: later calls left out, operations still running left open. */
    static <I, O> List<Operation<I, O>> prefix(List<Operation<I, O>> history, long time) {
        List<Operation<I, O>> prefix = new ArrayList<>();
        for (Operation<I, O> op : history) {
            if (op.call() > time) {
                continue;
            }
            prefix.add(op.ret() <= time ? op : op.forgetAnswer());
        }
        prefix.sort(Comparator.comparingLong(Operation<I, O>::call).thenComparingInt(Operation::id));
        return prefix;
    }

    /** The sub-history as a table: times relative to its first call, client, operation and answer. */
    public String describe(Model<?, I, O> model) {
        long origin = operations.stream().mapToLong(Operation::call).min().orElse(0);
        StringBuilder text = new StringBuilder();
        text.append(String.format("%d operations of key %s (times in ms from the first call; an operation whose answer"
                + " is lost or not needed may have taken effect at any time after its call, or never):%n",
                operations.size(), unexplained.key()));
        for (Operation<I, O> op : operations) {
            Operation<I, O> original = recorded.getOrDefault(op.id(), op);
            String end = original.isIndeterminate() ? "   open" : String.format("%7.1f", (original.ret() - origin) / 1e6);
            String note;
            if (op.id() == unexplained.id()) {
                note = "   <-- no order of the operations explains this answer";
            } else if (answersNotNeeded.contains(op.id())) {
                note = "   (answer not needed)";
            } else if (original.isIndeterminate()) {
                note = "   (answer lost)";
            } else if (op.isIndeterminate()) {
                note = "   (answered after the cut: answer not used)";
            } else {
                note = "";
            }
            text.append(String.format("  #%-4d client %-3d [%7.1f .. %s]  %s%s%n", op.id(), op.client(),
                    (op.call() - origin) / 1e6, end, model.describe(original.input(), original.output()), note));
        }
        return text.toString();
    }
}
