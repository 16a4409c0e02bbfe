package io.stateapi.cli;

import io.stateapi.replay.StreamReplayEvents;
import io.stateapi.resources.StateApiResources;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operators' replay of a deployment's dead-letter queues ({@code make replay}, docs/events.md,
 * "Failures, dead-letter queues and replay"), once the cause of the failures is fixed: the stream's
 * dead letters through the fan-out function (Lambda's Invoke API, with the records each stands for),
 * the change events' dead letters back to their tenant's queue. A dry run unless {@code --apply}.
 */
@Command(name = "state-replay",
        description = {"Replays the dead-letter queues of a State API deployment: the stream's through the fan-out "
                + "function, the change events' back to their tenant's queue. Lists what it would replay unless "
                + "--apply; a message leaves its dead-letter queue only once its replay succeeded."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or nothing to replay)", "1:some message could not be replayed, or AWS could not be reached",
                "2:invalid command"})
public final class ReplayCli implements Callable<Integer> {

    public static final int FAILED = 1;
    public static final int INVALID = 2;

    /** Which dead-letter queues a run works on. */
    enum Queues { stream, changes, both }

    @Mixin
    HelpOption help;

    @Mixin
    ReplayTarget target;

    @Option(names = "--apply", description = "Replay, and delete each message once its replay succeeded; "
            + "without it, only list what would be replayed.")
    boolean apply;

    @Option(names = "--queues", paramLabel = "<queues>", defaultValue = "both",
            description = "stream (state-api-<env>-stream-dlq), changes (state-api-<env>-changes-dlq.fifo) or both "
                    + "(default).")
    Queues queues;

    @Spec
    CommandSpec spec;

    private ReplayCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes for what goes wrong; tests set its output streams. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ReplayCli()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            PrintWriter err = command.getErr();
            return switch (exception) {
                case SdkException e -> report(err, e.getMessage(), FAILED);
                case IllegalArgumentException e -> report(err, e.getMessage(), INVALID);
                default -> throw exception;
            };
        });
        return commandLine;
    }

    private static int report(PrintWriter err, String message, int exitCode) {
        err.println("state-replay: " + message);
        err.flush();
        return exitCode;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StateApiResources resources = target.resources();
        int failed = 0;
        try (SqsClient sqs = target.sqs()) {
            DeadLetterSweep sweep = new DeadLetterSweep(sqs, out);
            if (queues != Queues.changes) {
                try (DynamoDbStreamsClient streams = target.streams(); LambdaClient lambda = target.lambda()) {
                    FanOutInvocations invocations = new FanOutInvocations(new StreamReplayEvents(streams, null),
                            lambda, resources.fanOutFunctionName());
                    failed += report(out, sweep.run(resources.streamFailureQueueName(), invocations, apply));
                }
            }
            if (queues != Queues.stream) {
                failed += report(out, sweep.run(resources.changesDeadLetterQueueName(),
                        new ChangeRedrive(sqs, resources), apply));
            }
        }
        return failed == 0 ? 0 : FAILED;
    }

    private int report(PrintWriter out, DeadLetterSweep.Outcome outcome) {
        if (apply) {
            out.printf("replayed %d, failed %d (left on the queue)%n", outcome.replayed(), outcome.failed());
        } else {
            out.printf("would replay %d; run again with --apply to replay them%n", outcome.seen());
        }
        out.flush();
        return outcome.failed();
    }
}
