package io.stateapi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One pass over a dead-letter queue: every message it holds is listed (a dry run) or replayed
 * and, once the replay succeeded, deleted. A message whose replay failed stays on the queue, as
 * does every message of a dry run: they are made visible again when the pass ends.
 */
final class DeadLetterSweep {

    /** What to do with one kind of dead letter. */
    interface Replayer {

        /** One line for the operator; throws when the message cannot be read. */
        String describe(Message message);

        /** Replays the message; returns normally only if it fully succeeded. */
        void replay(Message message);
    }

    /** How a pass went: messages seen, replayed (and deleted), failed. */
    record Outcome(int seen, int replayed, int failed) {
    }

    /** Long enough to replay a batch of 10, each an invocation; a crash releases them after it. */
    private static final int HOLD_SECONDS = 900;

    private final SqsClient sqs;
    private final PrintWriter out;

    DeadLetterSweep(SqsClient sqs, PrintWriter out) {
        this.sqs = sqs;
        this.out = out;
    }

    Outcome run(String queueName, Replayer replayer, boolean apply) {
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        int total = approximateCount(queueUrl);
        out.printf("%s: %d message(s)%s%n", queueName, total, apply ? "" : " (dry run: nothing is replayed)");
        out.flush();
        Set<String> seen = new HashSet<>();
        List<Message> held = new ArrayList<>();
        int replayed = 0;
        int failed = 0;
        int position = 0;
        try {
            while (true) {
                List<Message> received = receive(queueUrl).stream().filter(m -> seen.add(m.messageId())).toList();
                if (received.isEmpty()) {
                    break;
                }
                for (Message message : received) {
                    position++;
                    String progress = "[" + position + " of " + Math.max(total, seen.size()) + "] ";
                    String description = describe(replayer, message);
                    if (!apply) {
                        out.println(progress + "would replay " + description);
                        held.add(message);
                        continue;
                    }
                    out.println(progress + "replaying " + description);
                    out.flush();
                    try {
                        replayer.replay(message);
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                        replayed++;
                        out.println(progress + "done, deleted from " + queueName);
                    } catch (RuntimeException e) {
                        failed++;
                        held.add(message);
                        out.println(progress + "FAILED, left on " + queueName + ": " + e.getMessage());
                    }
                    out.flush();
                }
            }
        } finally {
            held.forEach(m -> sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        }
        if (seen.size() < total) {
            // A FIFO queue hands out a message group's later messages only once its earlier ones are gone.
            out.printf("%s: %d of %d message(s) listed; the others wait behind earlier ones of their message group%n",
                    queueName, seen.size(), total);
        }
        out.flush();
        return new Outcome(seen.size(), replayed, failed);
    }

    private static String describe(Replayer replayer, Message message) {
        try {
            return replayer.describe(message);
        } catch (RuntimeException e) {
            return "message " + message.messageId() + " (unreadable: " + e.getMessage() + ")";
        }
    }

    private List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(HOLD_SECONDS).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                        MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
    }

    private int approximateCount(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
