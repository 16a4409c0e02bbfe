package io.stateapi.cli;

import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillLedger;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbNamespaceWalk;
import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.resources.StateApiResources;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operators' format backfill ({@code make backfill ARGS="--item-format 2 --all-namespaces ..."},
 * ADR 0062, step 3 of docs/migrations.md's rolling deploy): starts, shows, follows or cancels the
 * backfill that rewrites a namespace's items, or every namespace's, into an item format. It writes
 * the deployment's catalog table directly with the operator's AWS credentials (no API route: a
 * layout is the service's, not a tenant's); the housekeeping function carries the backfills out.
 * (A tenant's schema backfill is the API's: {@code io.stateapi.client.tools.BackfillCli}.)
 */
@Command(name = "state-format-backfill",
        description = {"Starts, shows, follows or cancels the format backfill (ADR 0062) that rewrites the items of "
                + "one namespace, or of every namespace, into an item format, on a deployment's tables. "
                + "Without --start or --cancel it shows where each is."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (shown, started, cancelled, or followed to the end with nothing failed)",
                "1:AWS could not be reached, or a followed backfill was cancelled", "2:invalid command"})
public final class BackfillCli implements Callable<Integer> {

    public static final int FAILED = 1;
    public static final int INVALID = 2;
    /** How often {@code --follow} reads the statuses again. */
    static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

    @Mixin
    HelpOption help;

    @Mixin
    RegistryTarget target;

    @Option(names = "--item-format", required = true, paramLabel = "<N>",
            description = "The item format to rewrite items into (2: large values compressed, ADR 0068). It must be "
                    + "the deployment's STATE_ITEM_WRITE_FORMAT already (step 2 of the rolling deploy).")
    int itemFormat;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--namespace", paramLabel = "<tenant>/<namespace>", description = "One namespace.")
        String namespace;

        @Option(names = "--all-namespaces", description = "Every namespace of every tenant in the catalog.")
        boolean all;
    }

    @Option(names = "--start", description = "Start it (a running one is left as it is).")
    boolean start;

    @Option(names = "--cancel", description = "Cancel it; what it rewrote stays rewritten.")
    boolean cancel;

    @Option(names = "--not-before", paramLabel = "<instant|now>",
            description = "With --start (required): no item is read before, e.g. 2026-12-03T21:00:00Z: when "
                    + "STATE_ITEM_WRITE_FORMAT=<N> was deployed to every function, plus their longest timeout and "
                    + "30 s (Housekeeping.SETTLE). 'now' when that is past.")
    String notBefore;

    @Option(names = "--segments", paramLabel = "<n>", defaultValue = "" + BackfillRequest.DEFAULT_SEGMENTS,
            description = "Key ranges of each namespace worked on in parallel (1 to 16; default 4).")
    int segments;

    @Option(names = "--items-per-second", paramLabel = "<n>", defaultValue = "" + BackfillRequest.DEFAULT_ITEMS_PER_SECOND,
            description = "Most items each namespace's backfill reads per second (1 to 1000; default 100).")
    int itemsPerSecond;

    @Option(names = "--follow", description = "Show the statuses every 2 s until none is running.")
    boolean follow;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private BackfillCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes for what goes wrong; tests set its output streams. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BackfillCli());
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            PrintWriter err = command.getErr();
            return switch (exception) {
                case InvalidRequestException e -> report(err, e.getMessage(), INVALID);
                case IllegalArgumentException e -> report(err, e.getMessage(), INVALID);
                case SdkException e -> report(err, e.getMessage(), FAILED);
                case StateApiException e -> report(err, e.getMessage(), FAILED);
                default -> throw exception;
            };
        });
        return commandLine;
    }

    private static int report(PrintWriter err, String message, int exitCode) {
        err.println("state-format-backfill: " + message);
        err.flush();
        return exitCode;
    }

    @Override
    public Integer call() throws InterruptedException {
        new ItemLayout(itemFormat);   // a format this code writes, or IllegalArgumentException
        if (itemFormat < 2) {
            throw new IllegalArgumentException("--item-format must be above 1: format 1 is the oldest");
        }
        if (start && cancel) {
            throw new IllegalArgumentException("--start and --cancel exclude each other");
        }
        if (start && notBefore == null) {
            throw new IllegalArgumentException("--start needs --not-before: when no function still writes an older format");
        }
        BackfillRequest request = new BackfillRequest(false, segments, itemsPerSecond);
        PrintWriter out = spec.commandLine().getOut();
        StateApiResources resources = StateApiResources.forEnvironment(target.environment);
        try (DynamoDbClient client = target.client()) {
            BackfillLedger ledger = new DynamoDbBackfillLedger(client, resources.catalogTableName());
            List<NamespaceInfo> namespaces = namespaces(client, resources);
            Instant now = Instant.now();
            if (start) {
                Instant from = notBefore();
                for (NamespaceInfo namespace : namespaces) {
                    BackfillLedger.Started started = ledger.start(namespace, Backfill.Kind.FORMAT, itemFormat, request, from, now);
                    out.println(line(namespace, Optional.of(started.status())) + (started.started() ? "  started" : "  (was running)"));
                }
                out.printf("started format %d backfills: %d namespaces%n", itemFormat, namespaces.size());
            } else if (cancel) {
                for (NamespaceInfo namespace : namespaces) {
                    out.println(line(namespace, ledger.cancel(namespace, Backfill.Kind.FORMAT, itemFormat,
                            "cancelled by an operator", now)));
                }
            } else {
                List<Optional<BackfillStatus>> statuses = show(out, ledger, namespaces);
                while (follow && statuses.stream().anyMatch(s -> s.isPresent() && s.get().state() == BackfillState.RUNNING)) {
                    Thread.sleep(FOLLOW_INTERVAL.toMillis());
                    statuses = show(out, ledger, namespaces);
                }
                if (follow && statuses.stream().anyMatch(s -> s.isPresent() && s.get().state() == BackfillState.CANCELLED)) {
                    return FAILED;
                }
            }
            out.flush();
        }
        return 0;
    }

    private List<NamespaceInfo> namespaces(DynamoDbClient client, StateApiResources resources) {
        if (which.all) {
            return new DynamoDbNamespaceWalk(client, resources.catalogTableName()).all();
        }
        int slash = which.namespace.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("--namespace is <tenant>/<namespace>: " + which.namespace);
        }
        TenantNamespace name = TenantNamespace.of(which.namespace.substring(0, slash), which.namespace.substring(slash + 1));
        return List.of(new DynamoDbNamespaceCatalog(client, resources.catalogTableName(), resources.tableName()).find(name)
                .orElseThrow(() -> new IllegalArgumentException("no namespace " + which.namespace)));
    }

    private Instant notBefore() {
        if (notBefore.equalsIgnoreCase("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(notBefore);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--not-before is an instant such as 2026-12-03T21:00:00Z, or now: " + notBefore);
        }
    }

    /** A line per namespace and a total; the statuses. */
    private List<Optional<BackfillStatus>> show(PrintWriter out, BackfillLedger ledger, List<NamespaceInfo> namespaces) {
        Instant now = Instant.now();
        List<Optional<BackfillStatus>> statuses = namespaces.stream()
                .map(namespace -> ledger.status(namespace, Backfill.Kind.FORMAT, itemFormat, now)).toList();
        long scanned = 0;
        long rewritten = 0;
        long done = 0;
        for (int i = 0; i < namespaces.size(); i++) {
            out.println(line(namespaces.get(i), statuses.get(i)));
            if (statuses.get(i).isPresent()) {
                scanned += statuses.get(i).get().counts().scanned();
                rewritten += statuses.get(i).get().counts().upgraded();
                done += statuses.get(i).get().state() == BackfillState.DONE ? 1 : 0;
            }
        }
        out.printf("format %d: %d of %d namespaces done, %d items reached, %d rewritten%n", itemFormat, done,
                namespaces.size(), scanned, rewritten);
        out.flush();
        return statuses;
    }

    static String line(NamespaceInfo namespace, Optional<BackfillStatus> found) {
        String name = namespace.namespace().tenant().value() + "/" + namespace.namespace().name();
        if (found.isEmpty()) {
            return name + "  none";
        }
        BackfillStatus status = found.get();
        return String.format(Locale.ROOT, "%s  %s  reached %d  rewritten %d  current %d  failed %d%s  %.1f/s%s%s", name,
                status.state().label(), status.counts().scanned(), status.counts().upgraded(),
                status.counts().alreadyCurrent(), status.counts().failed(),
                status.plannedItems().isPresent() ? "  planned " + status.plannedItems().getAsLong() : "",
                status.rate(),
                status.state() == BackfillState.RUNNING && status.plannedItems().isEmpty()
                        ? "  not before " + status.notBefore() : "",
                status.reason().map(r -> "  (" + r + ")").orElse(""));
    }
}
