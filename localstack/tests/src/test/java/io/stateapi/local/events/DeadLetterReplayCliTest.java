package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.cli.ReplayCli;
import io.stateapi.events.SqsClients;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code make replay} (io.stateapi.cli.ReplayCli) on the local stack with filled dead-letter
 * queues, through real AWS SDK clients: the stream's dead letters (a poison record and Lambda's
 * on-failure record of a batch) go through the fan-out function, invoked with Lambda's Invoke API
 * at the local stack's Invoke endpoint; the change queues' dead letter goes back to its tenant's
 * queue. A dry run changes nothing; an apply empties both queues; a second apply finds nothing.
 */
class DeadLetterReplayCliTest {

    private static final String REFUSED_VALUE = "\"value\":{\"refuse\":true}";
    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(2)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));

    private final AtomicBoolean crashing = new AtomicBoolean(true);
    private final SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    private StateApiResources resources;
    private LocalStack stack;
    private ChangeQueueReader queue;
    private StateApiHttp http;

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (stack != null) {
            stack.close();
        }
        sqs.close();
    }

    @Test
    void aDryRunListsTheDeadLettersAndAnApplyReplaysThemOnceWhileASecondApplyFindsNothing() throws IOException {
        InvalidContents invalid = InvalidContents.whenBodyContains(REFUSED_VALUE, InvalidContents.Reported.PER_ENTRY);
        start("replay-cli", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withFanOutInterceptors(invalid).withHandlerDecorator(crashingOn("crash/pill")));
        fillTheChangesDeadLetterQueueWith("dead/letter");
        http.put("poison/p", "{\"refuse\":true}");
        http.put("crash/pill", "\"boom\"");
        await().atMost(Duration.ofSeconds(90)).until(() -> count(streamDlq()) == 2);
        queue.drain();

        Run dryRun = replay();
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("dry run", "poison record", "sk=poison/p", "InvalidMessageContents",
                "failed batch (RetryAttemptsExhausted), 1 record(s)", "change event", "'dead/letter'",
                "[1 of 2] would replay", "[2 of 2] would replay", "[1 of 1] would replay");
        assertThat(count(streamDlq())).isEqualTo(2);
        assertThat(count(changesDlq())).isEqualTo(1);
        queue.drain();
        assertThat(queue.changesOf("poison/p")).isEmpty();
        assertThat(queue.changesOf("crash/pill")).isEmpty();
        assertThat(queue.changesOf("dead/letter")).isEmpty();

        invalid.heal();
        crashing.set(false);
        Run apply = replay("--apply");
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("[2 of 2] done", "replayed 2, failed 0", "replayed 1, failed 0");
        assertThat(count(streamDlq())).isZero();
        assertThat(count(changesDlq())).isZero();
        queue.drain();
        assertThat(queue.changesOf("poison/p")).containsExactly("created@1");
        assertThat(queue.changesOf("crash/pill")).containsExactly("created@1");
        assertThat(queue.changesOf("dead/letter")).containsExactly("created@1");
        assertThat(queue.receivedOf("dead/letter").getFirst().deduplicationId()).startsWith("replay-");

        Run again = replay("--apply");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("stream-dlq: 0 message(s)", "changes-dlq.fifo: 0 message(s)");
        assertThat(queue.drain()).hasSize(3);
    }

    @Test
    void aReplayTheFunctionStillFailsLeavesItsMessageOnTheQueueAndExitsWithFailure() throws IOException {
        start("replay-cli-fails", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withHandlerDecorator(crashingOn("crash/pill")));
        http.put("crash/pill", "\"boom\"");
        await().atMost(Duration.ofSeconds(90)).until(() -> count(streamDlq()) == 1);

        Run apply = replay("--apply", "--queues", "stream");
        assertThat(apply.exitCode()).as(apply.output()).isEqualTo(ReplayCli.FAILED);
        assertThat(apply.output()).contains("FAILED, left on", "Unhandled", "injected crash on crash/pill",
                "replayed 0, failed 1");
        assertThat(count(streamDlq())).isEqualTo(1);
    }

    private record Run(int exitCode, String output) {
    }

    private Run replay(String... options) {
        StringWriter out = new StringWriter();
        CommandLine cli = ReplayCli.commandLine();
        PrintWriter writer = new PrintWriter(out, true);
        cli.setOut(writer);
        cli.setErr(writer);
        List<String> args = new java.util.ArrayList<>(List.of("--env", resources.environment(),
                "--endpoint", TestStack.emulator().endpoint().toString(),
                "--lambda-endpoint", stack.changes().lambdaEndpoint().toString()));
        args.addAll(List.of(options));
        int exitCode = cli.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString());
    }

    /**
     * Writes the key, then receives its event from the tenant's queue without deleting it until
     * SQS has moved it to the dead-letter queue (after the redrive policy's maxReceiveCount).
     */
    private void fillTheChangesDeadLetterQueueWith(String key) {
        http.put(key, "1");
        String tenantQueue = stack.changes().queueOf(TestStack.TENANT);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            sqs.receiveMessage(b -> b.queueUrl(tenantQueue).maxNumberOfMessages(10).visibilityTimeout(0));
            return count(changesDlq()) == 1;
        });
    }

    private String streamDlq() {
        return stack.changes().queues().streamFailure();
    }

    private String changesDlq() {
        return stack.changes().queues().changesDeadLetter();
    }

    private int count(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }

    private void start(String environment, ChangePipeline.Options options) throws IOException {
        resources = StateApiResources.forEnvironment(environment);
        stack = LocalStack.start(TestStack.emulator(), resources, 0, options, TestStack.issuer());
        queue = new ChangeQueueReader(stack.changes());
        http = new StateApiHttp(stack.apiEndpoint(), "replay");
    }

    private UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> crashingOn(String key) {
        return handler -> (event, context) -> {
            // Only the record of the key's state item (it has a version), as in ChangeEventsFaultInjectionTest.
            boolean poisoned = crashing.get() && event.getRecords().stream().anyMatch(r ->
                    r.getDynamodb().getKeys().get("sk").getS().equals(key)
                            && r.getDynamodb().getNewImage() != null
                            && r.getDynamodb().getNewImage().containsKey("version"));
            if (poisoned) {
                throw new IllegalStateException("injected crash on " + key);
            }
            return handler.handleRequest(event, context);
        };
    }
}
