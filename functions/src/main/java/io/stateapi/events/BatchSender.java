package io.stateapi.events;

import io.stateapi.events.ChangeQueuePublisher.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends messages of distinct groups to one queue in one {@code SendMessageBatch}, with retries,
 * and says what became of each: the step of {@link ChangeQueuePublisher} that talks to SQS.
 * {@link BatchCall} is the SQS adapter; tests use a fake.
 */
interface BatchSender {

    /**
     * Sends {@code chunk} (indexes into {@code messages}, of distinct groups, at most 10 entries
     * and 256 KiB) to {@code queueUrl}.
     */
    Result send(String queueUrl, List<Message> messages, List<Integer> chunk);

    /**
     * What a call achieved, by message index.
     *
     * @param refused      why SQS refused each message it will never accept
     * @param pending      messages not accepted after the attempts; {@code failure} says why
     * @param queueMissing SQS said the queue does not exist (deleted since its URL was learnt)
     */
    record Result(List<Integer> accepted, Map<Integer, String> refused, List<Integer> pending, String failure,
                  boolean queueMissing) {

        static Result merge(List<Result> results) {
            List<Integer> accepted = new ArrayList<>();
            Map<Integer, String> refused = new HashMap<>();
            List<Integer> pending = new ArrayList<>();
            String failure = null;
            boolean queueMissing = false;
            for (Result result : results) {
                accepted.addAll(result.accepted());
                refused.putAll(result.refused());
                pending.addAll(result.pending());
                failure = failure == null ? result.failure() : failure;
                queueMissing |= result.queueMissing();
            }
            return new Result(accepted, refused, pending, failure, queueMissing);
        }
    }
}
