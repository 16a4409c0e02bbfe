package io.stateapi.events;

import io.stateapi.resources.Metrics;
import io.stateapi.domain.namespaces.NamespaceKeyCounts;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.metrics.EmbeddedMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Keeps each namespace's approximate key count from the changes of a batch (ADR 0025): the
 * batch's {@code created} (+1), {@code deleted} and {@code expired} (-1) are summed per
 * namespace, and each namespace whose sum is not 0 gets one add through {@link NamespaceKeyCounts}.
 *
 * <p>The count is approximate, and this is where it is allowed to be: an add that fails (the
 * catalog throttles or does not answer within the SDK's retries) is not tried again, here or by a
 * retry of the records, which are already published. It is written as the metric
 * {@link Metrics#KEY_COUNT_UPDATE_FAILED} with the namespace and the lost delta,
 * and never reaches the caller: publishing never waits for, or fails because of, a count.
 *
 * <p>Adds for different namespaces run concurrently, up to a limit, so a batch that touches many
 * namespaces holds up the shard's next batch for about one call's time, not one per namespace.
 */
public final class ApproximateKeyCounts implements AutoCloseable {

    /**
     * What one batch's counting did.
     *
     * @param applied namespaces whose count moved, with the delta
     * @param absent  namespaces the catalog does not have (deleted, purged, never created): not counted
     * @param failed  namespaces whose add failed, with why; their delta is lost
     */
    public record Outcome(Map<TenantNamespace, Long> applied, List<TenantNamespace> absent,
                          Map<TenantNamespace, String> failed) {
        public Outcome {
            applied = Map.copyOf(applied);
            absent = List.copyOf(absent);
            failed = Map.copyOf(failed);
        }
    }

    private final NamespaceKeyCounts counts;
    private final EmbeddedMetrics metrics;
    /** Platform threads, as for the publisher: the SDK's blocking client is made for them. */
    private final ExecutorService calls;

    public ApproximateKeyCounts(NamespaceKeyCounts counts, EmbeddedMetrics metrics, int concurrentCalls) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (concurrentCalls < 1) {
            throw new IllegalArgumentException("concurrentCalls must be at least 1: " + concurrentCalls);
        }
        this.calls = concurrentCalls == 1 ? null : CallThreads.pool(concurrentCalls, "key-count-");
    }

    /**
     * The net change of live keys per namespace, in the order namespaces first appear;
     * namespaces whose changes cancel out are left out.
     */
    static Map<TenantNamespace, Long> deltas(List<ChangeEvent> changes) {
        Map<TenantNamespace, Long> deltas = new LinkedHashMap<>();
        for (ChangeEvent change : changes) {
            deltas.merge(change.namespace(), (long) change.type().liveKeysDelta(), Long::sum);
        }
        deltas.values().removeIf(delta -> delta == 0);
        return deltas;
    }

    /** Moves the counts by {@code changes}, which must be changes whose records are done: never again. */
    public Outcome apply(List<ChangeEvent> changes) {
        Map<TenantNamespace, Long> deltas = deltas(changes);
        Map<TenantNamespace, Long> applied = new LinkedHashMap<>();
        List<TenantNamespace> absent = new ArrayList<>();
        Map<TenantNamespace, String> failed = new LinkedHashMap<>();
        List<Map.Entry<TenantNamespace, Long>> entries = List.copyOf(deltas.entrySet());
        List<Result> results = calls == null || entries.size() == 1
                ? entries.stream().map(this::add).toList()
                : concurrently(entries);
        for (Result result : results) {
            switch (result) {
                case Result.Added added -> applied.put(added.namespace(), added.delta());
                case Result.Absent missing -> absent.add(missing.namespace());
                case Result.Failed failure -> {
                    failed.put(failure.namespace(), failure.reason());
                    lost(failure);
                }
            }
        }
        return new Outcome(applied, absent, failed);
    }

    private sealed interface Result {
        TenantNamespace namespace();

        record Added(TenantNamespace namespace, long delta) implements Result {
        }

        record Absent(TenantNamespace namespace) implements Result {
        }

        record Failed(TenantNamespace namespace, long delta, String reason) implements Result {
        }
    }

    private Result add(Map.Entry<TenantNamespace, Long> entry) {
        TenantNamespace namespace = entry.getKey();
        long delta = entry.getValue();
        try {
            return counts.add(namespace, delta) ? new Result.Added(namespace, delta) : new Result.Absent(namespace);
        } catch (RuntimeException e) {
            return new Result.Failed(namespace, delta, e.toString());
        }
    }

    private List<Result> concurrently(List<Map.Entry<TenantNamespace, Long>> entries) {
        List<Future<Result>> running = new ArrayList<>();
        for (Map.Entry<TenantNamespace, Long> entry : entries) {
            running.add(calls.submit(() -> add(entry)));
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                results.add(running.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(new Result.Failed(entries.get(i).getKey(), entries.get(i).getValue(), "interrupted"));
            } catch (ExecutionException e) {
                results.add(new Result.Failed(entries.get(i).getKey(), entries.get(i).getValue(), e.getCause().toString()));
            }
        }
        return results;
    }

    /** What an operator sees of a lost delta: the count of this namespace is off by it from now on. */
    private void lost(Result.Failed failure) {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count(Metrics.KEY_COUNT_UPDATE_FAILED, 1)), Map.of(
                "tenant", failure.namespace().tenant().value(),
                "namespace", failure.namespace().name(),
                "delta", Long.toString(failure.delta()),
                "reason", failure.reason()));
    }

    @Override
    public void close() {
        if (calls != null) {
            calls.shutdownNow();
        }
    }
}
