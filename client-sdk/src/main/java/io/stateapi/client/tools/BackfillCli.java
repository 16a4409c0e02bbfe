package io.stateapi.client.tools;

import io.stateapi.client.Auth;
import io.stateapi.client.BackfillStatus;
import io.stateapi.client.StateClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts or follows a namespace's schema backfill over the HTTP API, with a progress bar
 * (ADR 0058): {@code make backfill ARGS="--namespace orders --version 2 --start --dry-run"}.
 *
 * <pre>
 * --url URL               the API (default http://localhost:8080, the local stack; env STATE_API_URL)
 * --token TOKEN           a bearer token with state:admin to start or cancel, state:read to follow (env STATE_API_TOKEN)
 * --namespace NS --version N
 * --start                 start it (else only follow); with --dry-run, --segments S (4), --items-per-second R (100)
 * --cancel                cancel it and show where it stopped
 * --interval SECONDS      between two readings (default 2)
 * </pre>
 *
 * Exits 0 when the backfill is done without failures, 1 when it ended with failed keys (listed)
 * or was cancelled, 2 on a usage error.
 */
public final class BackfillCli {

    private BackfillCli() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--start") || arg.equals("--dry-run") || arg.equals("--cancel") || arg.equals("--help")) {
                options.put(arg, "true");
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                return usage(out, "unexpected argument: " + arg);
            }
        }
        if (options.containsKey("--help")) {
            return usage(out, null);
        }
        String namespace = options.get("--namespace");
        String version = options.get("--version");
        if (namespace == null || version == null || !version.matches("[1-9][0-9]{0,8}")) {
            return usage(out, "--namespace and --version (1, 2, ...) are required");
        }
        String token = options.getOrDefault("--token", env.get("STATE_API_TOKEN"));
        URI url = URI.create(options.getOrDefault("--url", env.getOrDefault("STATE_API_URL", "http://localhost:8080")));
        Duration interval = Duration.ofMillis(Math.round(Double.parseDouble(options.getOrDefault("--interval", "2")) * 1000));
        long number = Long.parseLong(version);
        try (StateClient client = StateClient.builder().endpoint(url)
                .auth(token == null ? Auth.none() : Auth.bearer(token)).build()) {
            BackfillStatus status;
            if (options.containsKey("--cancel")) {
                status = client.namespaces().cancelBackfill(namespace, number);
            } else if (options.containsKey("--start")) {
                status = client.namespaces().startBackfill(namespace, number, options.containsKey("--dry-run"),
                        Integer.parseInt(options.getOrDefault("--segments", "4")),
                        Integer.parseInt(options.getOrDefault("--items-per-second", "100")));
            } else {
                status = client.namespaces().backfill(namespace, number);
            }
            return follow(client, namespace, number, status, interval, out, System.console() != null);
        }
    }

    /** Shows the bar until the backfill is over (redrawn in place on a terminal, a line per reading otherwise). */
    static int follow(StateClient client, String namespace, long version, BackfillStatus first, Duration interval,
                      PrintStream out, boolean terminal) throws InterruptedException {
        BackfillStatus status = first;
        while (true) {
            String line = ProgressBar.line(status, Clock.systemUTC().instant());
            out.print(terminal ? "\r" + line + "\u001B[K" : line + System.lineSeparator());
            out.flush();
            if (status.isOver()) {
                break;
            }
            Thread.sleep(interval.toMillis());
            status = client.namespaces().backfill(namespace, version);
        }
        if (terminal) {
            out.println();
        }
        status.failedKeys().forEach(key -> out.println("failed: " + key.key()
                + (key.storedAt() == null ? "" : " (stored at version " + key.storedAt() + ")") + ": " + key.reason()));
        if (status.failed() > status.failedKeys().size()) {
            out.println("... and " + (status.failed() - status.failedKeys().size()) + " more failed keys");
        }
        if (status.reason() != null) {
            out.println("cancelled: " + status.reason());
        }
        return status.state() == BackfillStatus.State.DONE && status.failed() == 0 ? 0 : 1;
    }

    private static int usage(PrintStream out, String problem) {
        if (problem != null) {
            out.println(problem);
        }
        out.println("usage: BackfillCli --namespace NS --version N [--start [--dry-run] [--segments S] "
                + "[--items-per-second R]] [--cancel] [--url URL] [--token TOKEN] [--interval SECONDS]");
        return problem == null ? 0 : 2;
    }
}
