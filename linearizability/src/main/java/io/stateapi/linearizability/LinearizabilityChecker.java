package io.stateapi.linearizability;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a recorded history is linearizable with respect to a sequential {@link Model}.
 *
 * <p>The search is Wing and Gong's ("Testing and verifying concurrent objects", 1993) with
 * Lowe's memoization ("Testing for linearizability", 2017): call and return events sit in one
 * list in time order; the search repeatedly takes the earliest call whose operation the model
 * accepts in the current state, lifts the operation out of the list and goes on; when it meets
 * a return whose operation is not yet linearized, that order cannot work, and it backtracks. A
 * configuration (set of linearized operations, model state) already explored is never explored
 * again. Histories are split per key and each key checked alone, which is sound because keys are
 * independent objects (Horn and Kroening's P-compositionality, "Faster linearizability checking
 * via P-compositionality", 2015). This follows Porcupine's {@code checkSingle}
 * (github.com/anishathalye/porcupine, MIT licence), rewritten in Java.
 *
 * <p>Indeterminate operations (see {@link Operation}) have their return at the end of time and an
 * unknown output, so they may be linearized anywhere after their call, including after every
 * other operation, which is the same as never happening.
 *
 * <p>Every search is bounded by a {@link Budget}; past it the verdict is {@link Verdict.Unknown}.
 */
public final class LinearizabilityChecker<S, I, O> {

    private final Model<S, I, O> model;
    private final Budget budget;

    public LinearizabilityChecker(Model<S, I, O> model, Budget budget) {
        this.model = Objects.requireNonNull(model, "model");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public Model<S, I, O> model() {
        return model;
    }

    public Budget budget() {
        return budget;
    }

    /** Checks every key of {@code history} on its own, in the order keys first appear. */
    public Report<I, O> checkPerKey(List<Operation<I, O>> history) {
        Map<String, List<Operation<I, O>>> byKey = new LinkedHashMap<>();
        for (Operation<I, O> op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<Report.KeyCheck<I, O>> keys = new ArrayList<>();
        byKey.forEach((key, ops) -> keys.add(new Report.KeyCheck<>(key, List.copyOf(ops), check(ops))));
        return new Report<>(keys);
    }

    /** Checks {@code history} as operations on one object, whatever their keys. */
    public Verdict check(List<Operation<I, O>> history) {
        return new Search(history).run();
    }

    /** One search over one object's history: Porcupine's checkSingle. */
    private final class Search {

        private final List<Operation<I, O>> ops;
        private final Node head = new Node(-1);
        private final long deadline;
        private final long started = System.nanoTime();
        private long steps;
        private int[] longest = new int[0];

        Search(List<Operation<I, O>> history) {
            this.ops = List.copyOf(history);
            this.deadline = started + budget.maxTime().toNanos();
            link();
        }

        /** The doubly linked event list: calls and returns in time order, calls first at equal times. */
        private void link() {
            record Event(long time, boolean call, int op) {
            }
            List<Event> events = new ArrayList<>(ops.size() * 2);
            for (int i = 0; i < ops.size(); i++) {
                events.add(new Event(ops.get(i).call(), true, i));
                events.add(new Event(ops.get(i).ret(), false, i));
            }
            events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.call()));
            Node[] returns = new Node[ops.size()];
            Node last = head;
            for (Event event : events) {
                Node node;
                if (event.call()) {
                    node = new Node(event.op());
                    node.match = returns[event.op()] = new Node(event.op());
                } else {
                    node = returns[event.op()];
                }
                last.next = node;
                node.prev = last;
                last = node;
            }
        }

        Verdict run() {
            BitSet linearized = new BitSet(ops.size());
            Set<Configuration<S>> explored = new HashSet<>();
            Deque<Frame<S>> calls = new ArrayDeque<>();
            S state = model.init();
            Node node = head.next;
            while (head.next != null) {
                if (++steps > budget.maxSteps()) {
                    return unknown("the step budget of " + budget.maxSteps() + " ran out");
                }
                if ((steps & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                    return unknown("the time budget of " + budget.maxTime() + " ran out");
                }
                if (node.match != null) {
                    Operation<I, O> op = ops.get(node.op);
                    S next = model.step(state, op.input(), op.output());
                    if (next != null) {
                        linearized.set(node.op);
                        if (explored.add(new Configuration<>((BitSet) linearized.clone(), next))) {
                            calls.push(new Frame<>(node, state));
                            state = next;
                            node.lift();
                            node = head.next;
                            continue;
                        }
                        linearized.clear(node.op);
                    }
                    node = node.next;
                } else {
                    // A return whose operation is not linearized yet: this order cannot work.
                    if (calls.isEmpty()) {
                        return new Verdict.NotLinearizable(ids(longest), steps, elapsed());
                    }
                    if (calls.size() > longest.length) {
                        longest = calls.reversed().stream().mapToInt(f -> f.call.op).toArray();
                    }
                    Frame<S> top = calls.pop();
                    state = top.stateBefore;
                    linearized.clear(top.call.op);
                    top.call.unlift();
                    node = top.call.next;
                }
            }
            int[] order = calls.reversed().stream().mapToInt(f -> f.call.op).toArray();
            return new Verdict.Linearizable(ids(order), steps, elapsed());
        }

        private List<Integer> ids(int[] indexes) {
            return Arrays.stream(indexes).mapToObj(i -> ops.get(i).id()).toList();
        }

        private Verdict unknown(String reason) {
            return new Verdict.Unknown(reason, steps, elapsed());
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    /** An event in the list: a call ({@code match} is its return) or a return ({@code match == null}). */
    private static final class Node {
        final int op;
        Node match;
        Node prev;
        Node next;

        Node(int op) {
            this.op = op;
        }

        /** Takes this call and its return out of the list (the operation is linearized). */
        void lift() {
            prev.next = next;
            next.prev = prev;
            match.prev.next = match.next;
            if (match.next != null) {
                match.next.prev = match.prev;
            }
        }

        /** Puts them back where they were (backtracking). */
        void unlift() {
            match.prev.next = match;
            if (match.next != null) {
                match.next.prev = match;
            }
            prev.next = this;
            next.prev = this;
        }
    }

    private record Frame<S>(Node call, S stateBefore) {
    }

    /** Lowe's memo: the same operations linearized, reaching the same state, need not be explored twice. */
    private record Configuration<S>(BitSet linearized, S state) {
    }
}
