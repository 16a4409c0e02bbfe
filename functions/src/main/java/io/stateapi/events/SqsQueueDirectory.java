package io.stateapi.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** {@link QueueDirectory} on SQS: {@code GetQueueUrl} and {@code CreateQueue}. */
public final class SqsQueueDirectory implements QueueDirectory {

    /**
     * The codes SQS answers {@code CreateQueue} with when the name is taken by a queue with other
     * attributes: the JSON protocol's shape name and the query protocol's code, which emulators send.
     */
    private static final Set<String> NAME_TAKEN = Set.of("QueueNameExists", "QueueAlreadyExists");

    private final SqsClient sqs;

    public SqsQueueDirectory(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public Optional<String> find(String queueName) {
        try {
            return Optional.of(sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    @Override
    public Creation create(String queueName, Map<String, String> attributes, Map<String, String> tags) {
        try {
            return new Creation.Created(sqs.createQueue(b -> b.queueName(queueName)
                    .attributesWithStrings(attributes).tags(tags)).queueUrl());
        } catch (QueueDeletedRecentlyException e) {
            return new Creation.DeletedRecently(e.getMessage());
        } catch (QueueNameExistsException e) {
            return new Creation.NameTaken(e.getMessage());
        } catch (SqsException e) {
            if (e.awsErrorDetails() != null && NAME_TAKEN.contains(e.awsErrorDetails().errorCode())) {
                return new Creation.NameTaken(e.getMessage());
            }
            throw e;
        }
    }
}
