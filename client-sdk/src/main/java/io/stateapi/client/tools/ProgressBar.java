package io.stateapi.client.tools;

import io.stateapi.client.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Renders a backfill's status as one line with a bar:
 * {@code [==========>         ]  52%  5,200/10,000  upgraded 5,150  current 40  failed 10  210.5/s  ETA 0:00:23}.
 * A small renderer rather than a library (me.tongfei:progressbar counts ticks the program makes
 * itself; here the counts come from the service, and the SDK takes no terminal dependency).
 */
public final class ProgressBar {

    static final int WIDTH = 30;

    private ProgressBar() {
    }

    /** The line for {@code status} at {@code now}; the bar is empty until the namespace is split (no total yet). */
    public static String line(BackfillStatus status, Instant now) {
        long total = status.plannedItems() == null ? 0 : Math.max(status.plannedItems(), status.scanned());
        double fraction = status.state() == BackfillStatus.State.DONE ? 1
                : total == 0 ? 0 : Math.min(1, (double) status.scanned() / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled - 1 || (i == filled - 1 && fraction >= 1) ? '=' : i == filled - 1 ? '>' : ' ');
        }
        bar.append(']');
        String eta = status.eta().map(at -> "ETA " + clock(Duration.between(now, at))).orElse(
                status.state() == BackfillStatus.State.RUNNING && now.isBefore(status.notBefore()) ? "starts "
                        + clock(Duration.between(now, status.notBefore())) : "");
        return String.format(Locale.ROOT, "%s %3d%%  %,d/%s  upgraded %,d  current %,d  failed %,d  %.1f/s  %s%s%s",
                bar, Math.round(fraction * 100), status.scanned(), total == 0 ? "?" : String.format(Locale.ROOT, "%,d", total),
                status.upgraded(), status.alreadyCurrent(), status.failed(), status.rate(), eta,
                status.dryRun() ? "  (dry run)" : "",
                status.state() == BackfillStatus.State.RUNNING ? "" : "  " + status.state().name().toLowerCase(Locale.ROOT));
    }

    private static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
