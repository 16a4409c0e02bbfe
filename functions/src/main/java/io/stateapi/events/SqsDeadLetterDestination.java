package io.stateapi.events;

import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The stream's dead-letter queue (a standard SQS queue, the mapping's on-failure destination too). */
final class SqsDeadLetterDestination implements DeadLetterDestination {

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    SqsDeadLetterDestination(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(PoisonRecord poison, String functionArn, String requestId) {
        String body = poison.toMessageBody(functionArn, requestId, clock.instant());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }
}
