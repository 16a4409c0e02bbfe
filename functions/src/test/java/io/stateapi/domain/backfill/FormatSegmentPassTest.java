package io.stateapi.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A format backfill's segment pass and stop rules (ADR 0062) over in-memory fakes of
 * {@link LayoutUpgrades} and a segment's hold: which items it rewrites, how it counts them, where
 * its checkpoints are, and when it stops.
 */
class FormatSegmentPassTest {

    private static final TenantNamespace NS = TenantNamespace.of("tenant-a", "orders");
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    /** Items by key: version and format; {@code moved} keys answer MOVED (a user write won). */
    static final class Layouts implements LayoutUpgrades {
        final TreeMap<String, int[]> items = new TreeMap<>();
        final List<String> rewrites = new ArrayList<>();
        final List<String> moved = new ArrayList<>();
        int pages;

        @Override
        public Outcome rewrite(TenantNamespace namespace, Key key, Version seenVersion, int toFormat) {
            rewrites.add(key.value());
            if (moved.contains(key.value())) {
                return Outcome.MOVED;
            }
            int[] item = items.get(key.value());
            if (item[1] >= toFormat) {
                return Outcome.CURRENT;
            }
            item[1] = toFormat;
            return Outcome.REWRITTEN;
        }

        @Override
        public Page page(TenantNamespace namespace, Optional<Key> after, int limit) {
            pages++;
            var tail = after.isPresent() ? items.tailMap(after.get().value(), false) : items;
            List<Listed> listed = tail.entrySet().stream().limit(limit)
                    .map(e -> new Listed(Key.of(e.getKey()), Version.of(e.getValue()[0]), e.getValue()[1])).toList();
            boolean more = tail.size() > limit;
            return new Page(listed, more ? Optional.of(listed.getLast().key()) : Optional.empty());
        }
    }

    /** A hold that keeps every checkpoint saved, or loses the lease at the {@code loseAt}-th save. */
    static final class Hold implements BackfillLedger.SegmentHold {
        final List<BackfillSegment> saved = new ArrayList<>();
        BackfillSegment segment;
        int loseAt = Integer.MAX_VALUE;

        Hold(BackfillSegment segment) {
            this.segment = segment;
        }

        @Override
        public BackfillSegment segment() {
            return segment;
        }

        @Override
        public boolean save(BackfillSegment next) {
            if (saved.size() + 1 >= loseAt) {
                return false;
            }
            saved.add(next);
            segment = next;
            return true;
        }

        @Override
        public void release() {
        }
    }

    private static FormatSegmentPass pass(Layouts layouts) {
        return new FormatSegmentPass(layouts, NS, 2, 1000, TokenBucket.Ticker.SYSTEM, System.nanoTime() + 60_000_000_000L);
    }

    private static Layouts layouts(int count) {
        Layouts layouts = new Layouts();
        for (int i = 0; i < count; i++) {
            layouts.items.put(String.format("k/%03d", i), new int[] {1, 1});
        }
        return layouts;
    }

    @Test
    void itemsBelowTheFormatAreRewrittenThoseAtItAreCountedCurrentWithoutAWriteAndAMovedOneIsCurrent() {
        Layouts layouts = layouts(60);
        layouts.items.get("k/010")[1] = 2;
        layouts.items.get("k/011")[1] = 3;
        layouts.moved.add("k/020");
        Hold hold = new Hold(BackfillSegment.planned(0, new KeyRange(Optional.empty(), Optional.empty())));

        BackfillCounts counts = pass(layouts).run(hold);

        assertThat(counts).isEqualTo(new BackfillCounts(60, 57, 3, 0));
        assertThat(layouts.rewrites).hasSize(58).doesNotContain("k/010", "k/011");
        assertThat(hold.segment.done()).isTrue();
        assertThat(hold.segment.counts()).isEqualTo(counts);
        // a checkpoint per page of at most 25
        assertThat(hold.saved).hasSize(3);
        assertThat(hold.saved.get(0).cursor()).hasValue(Key.of("k/024"));
        assertThat(hold.saved.get(0).done()).isFalse();
    }

    @Test
    void aSegmentStopsAtItsRangesEndAndResumesAfterItsCheckpoint() {
        Layouts layouts = layouts(60);
        KeyRange range = new KeyRange(Optional.of(Key.of("k/009")), Optional.of(Key.of("k/029")));
        Hold hold = new Hold(new BackfillSegment(1, range, Optional.of(Key.of("k/014")), false,
                new BackfillCounts(5, 5, 0, 0), List.of()));

        BackfillCounts counts = pass(layouts).run(hold);

        assertThat(counts).isEqualTo(new BackfillCounts(15, 15, 0, 0));
        assertThat(layouts.rewrites).first().isEqualTo("k/015");
        assertThat(layouts.rewrites).last().isEqualTo("k/029");
        assertThat(hold.segment.done()).isTrue();
        assertThat(hold.segment.counts()).isEqualTo(new BackfillCounts(20, 20, 0, 0));
    }

    @Test
    void aLostLeaseEndsThePassAndItsPageIsNotCounted() {
        Layouts layouts = layouts(60);
        Hold hold = new Hold(BackfillSegment.planned(0, new KeyRange(Optional.empty(), Optional.empty())));
        hold.loseAt = 2;

        BackfillCounts counts = pass(layouts).run(hold);

        assertThat(counts).isEqualTo(new BackfillCounts(25, 25, 0, 0));
        assertThat(hold.saved).hasSize(1);
        assertThat(layouts.pages).isEqualTo(2);
    }

    @Test
    void itStopsWhenItsNamespaceIsDeletedRecreatedOrPurgingAndNeverForASchemaVersion() {
        Backfill backfill = new Backfill(NS, T0, 2, new BackfillRequest(false, 4, 100), "run", T0, T0, Optional.empty(),
                Backfill.Kind.FORMAT);
        NamespaceInfo active = new NamespaceInfo(NS, NamespaceSettings.DEFAULTS, 0, T0, T0, NamespaceStatus.ACTIVE,
                java.util.OptionalLong.of(7));

        assertThat(FormatBackfiller.stop(backfill, Optional.of(active))).isEmpty();
        assertThat(FormatBackfiller.stop(backfill, Optional.empty())).hasValue("the namespace was deleted");
        assertThat(FormatBackfiller.stop(backfill, Optional.of(new NamespaceInfo(NS, NamespaceSettings.DEFAULTS, 0,
                T0.plusSeconds(1), T0, NamespaceStatus.ACTIVE)))).hasValue("the namespace was deleted");
        assertThat(FormatBackfiller.stop(backfill, Optional.of(new NamespaceInfo(NS, NamespaceSettings.DEFAULTS, 0, T0, T0,
                NamespaceStatus.PURGING)))).hasValue("the namespace is being purged");
    }
}
