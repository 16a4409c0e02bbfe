package io.stateapi.domain.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a backfill is, as the API shows it (ADR 0058).
 *
 * @param failedKeys    the first keys that failed, at most {@link #MAX_FAILED_KEYS} ({@code counts.failed()} counts all)
 * @param plannedItems  live items counted when the namespace was split; empty before
 * @param rate          while running, items reached per second since the work on items began; once
 *                      it has ended (done or cancelled), its average: the items it reached over the
 *                      time from the split to its end
 * @param estimatedEnd  when it should end at that rate; empty when not running or not yet measurable
 * @param reason        why it was cancelled
 */
public record BackfillStatus(long version, BackfillState state, BackfillRequest request, BackfillCounts counts,
                             List<FailedKey> failedKeys, OptionalLong plannedItems, Instant startedAt,
                             Instant notBefore, Optional<Instant> finishedAt, double rate,
                             Optional<Instant> estimatedEnd, Optional<String> reason) {

    /** Failed keys an answer lists. */
    public static final int MAX_FAILED_KEYS = 100;

    public BackfillStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(counts, "counts");
        failedKeys = List.copyOf(failedKeys);
        Objects.requireNonNull(plannedItems, "plannedItems");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(estimatedEnd, "estimatedEnd");
        Objects.requireNonNull(reason, "reason");
    }

    /** The status of {@code backfill} from its segments' checkpoints (none before it is planned). */
    public static BackfillStatus of(Backfill backfill, BackfillState state, List<BackfillSegment> segments,
                                    Optional<Instant> finishedAt, Optional<String> reason, Instant now) {
        BackfillCounts counts = BackfillCounts.NONE;
        List<FailedKey> failed = new ArrayList<>();
        List<BackfillSegment> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingInt(BackfillSegment::index));
        for (BackfillSegment segment : ordered) {
            counts = counts.plus(segment.counts());
            for (FailedKey key : segment.failed()) {
                if (failed.size() < MAX_FAILED_KEYS) {
                    failed.add(key);
                }
            }
        }
        OptionalLong planned = backfill.plan().map(p -> OptionalLong.of(p.plannedItems())).orElse(OptionalLong.empty());
        double rate = 0;
        Optional<Instant> eta = Optional.empty();
        if (backfill.plan().isPresent()) {
            Instant until = finishedAt.orElse(now);
            long millis = Duration.between(backfill.plan().get().plannedAt(), until).toMillis();
            // An ended backfill reports its average; one that ended within the millisecond it was split in, over 1 ms.
            rate = millis <= 0 && finishedAt.isEmpty() ? 0 : counts.scanned() * 1000.0 / Math.max(1, millis);
            long left = backfill.plan().get().plannedItems() - counts.scanned();
            if (state == BackfillState.RUNNING && rate > 0) {
                eta = Optional.of(now.plusMillis(Math.round(Math.max(0, left) * 1000.0 / rate)));
            }
        }
        return new BackfillStatus(backfill.version(), state, backfill.request(), counts, failed, planned,
                backfill.startedAt(), backfill.notBefore(), finishedAt, rate, eta, reason);
    }
}
