package io.stateapi.local.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side table of {@link PeerBenchmark}: per side, the median over the rounds of each
 * figure, and per layer the ratio this project ÷ Dapr, taken within each round (both sides of a
 * round ran on the same emulator minutes apart) and shown as median [min–max] over the rounds, so
 * the noise of the shared machine is on the page.
 */
final class PeerTable {

    private final List<Integer> writers;

    PeerTable(List<Integer> writers) {
        this.writers = List.copyOf(writers);
    }

    void header() {
        List<String> columns = new ArrayList<>(List.of("layer", "side"));
        for (String op : PeerWorkload.OPERATIONS) {
            columns.add(label(op) + " p50 / p99");
        }
        for (int n : writers) {
            columns.add("CAS increments/s, " + n + (n == 1 ? " writer" : " writers"));
        }
        columns.add(writers.getLast() + " : " + writers.getFirst());
        columns.add("attempts per increment at " + writers.getLast());
        columns.add("lost updates");
        Samples.header(columns.toArray(String[]::new));
    }

    /** A side's row: medians over {@code rounds}. */
    void side(String layer, List<PeerFigures> rounds) {
        List<String> cells = new ArrayList<>(List.of(layer, rounds.getFirst().side()));
        for (String op : PeerWorkload.OPERATIONS) {
            cells.add(String.format("%.2f / %.2f ms", median(rounds, f -> f.latency().get(op).p50()),
                    median(rounds, f -> f.latency().get(op).p99())));
        }
        for (int n : writers) {
            cells.add(String.format("%.1f", median(rounds, f -> f.goodputOf(n).perSecond())));
        }
        cells.add(String.format("%.2f×", median(rounds, PeerTable.this::scaling)));
        PeerFigures.Goodput any = rounds.getFirst().goodputOf(writers.getLast());
        cells.add(String.format("%.2f (longest losing streak %d)",
                median(rounds, f -> (double) f.goodputOf(writers.getLast()).attempts() / f.goodputOf(writers.getLast()).increments()),
                rounds.stream().mapToLong(f -> f.goodputOf(any.writers()).longestLosingStreak()).max().orElse(0)));
        long lost = rounds.stream().flatMap(f -> f.goodput().stream()).mapToLong(PeerFigures.Goodput::lost).sum();
        long committed = rounds.stream().flatMap(f -> f.goodput().stream()).mapToLong(PeerFigures.Goodput::increments).sum();
        cells.add(lost + " of " + committed);
        row(cells);
    }

    /**
     * A ratio row of a layer, {@code ours} ÷ {@code dapr} round by round: latency ratios above 1 and goodput ratios
     * below 1 mean this project is slower.
     */
    void ratio(String layer, String label, List<PeerFigures> ours, List<PeerFigures> dapr) {
        List<String> cells = new ArrayList<>(List.of(layer, "**ratio, " + label + "** (median [min–max] of the rounds)"));
        for (String op : PeerWorkload.OPERATIONS) {
            cells.add(spread(ratios(ours, dapr, f -> f.latency().get(op).p50())) + " (p50)");
        }
        for (int n : writers) {
            cells.add(spread(ratios(ours, dapr, f -> f.goodputOf(n).perSecond())));
        }
        cells.add("");
        cells.add("");
        cells.add("");
        row(cells);
    }

    /** Goodput of the most writers ÷ goodput of the fewest: 1.0 means contention costs nothing. */
    double scaling(PeerFigures figures) {
        return figures.goodputOf(writers.getLast()).perSecond() / figures.goodputOf(writers.getFirst()).perSecond();
    }

    static String label(String operation) {
        return switch (operation) {
            case "get" -> "get";
            case "set" -> "set";
            case "set_etag" -> "set with ETag";
            default -> operation;
        };
    }

    private static double[] ratios(List<PeerFigures> ours, List<PeerFigures> dapr, ToDoubleFunction<PeerFigures> figure) {
        double[] ratios = new double[Math.min(ours.size(), dapr.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = figure.applyAsDouble(ours.get(i)) / figure.applyAsDouble(dapr.get(i));
        }
        return ratios;
    }

    static String spread(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("%.2f× [%.2f–%.2f]", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    static double median(List<PeerFigures> rounds, ToDoubleFunction<PeerFigures> figure) {
        return median(rounds.stream().mapToDouble(figure).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void row(List<String> cells) {
        System.out.println("| " + String.join(" | ", cells) + " |");
    }
}
