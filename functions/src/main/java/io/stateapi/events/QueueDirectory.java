package io.stateapi.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finding and creating queues by name: what the fan-out function needs of SQS's control plane to
 * give each tenant its own change queue ({@link TenantQueues}). {@link SqsQueueDirectory} is the
 * SQS adapter; tests use a fake.
 */
public interface QueueDirectory {

    /**
     * The URL of the queue named {@code queueName}, or empty when there is no such queue.
     *
     * @throws RuntimeException when SQS could not say (throttling, a timeout, access denied)
     */
    Optional<String> find(String queueName);

    /**
     * Creates the queue, or returns the URL of an identical one (SQS's {@code CreateQueue} is
     * idempotent for the same name and attributes).
     *
     * @param attributes SQS queue attributes by their API names ({@code FifoQueue}, {@code RedrivePolicy}, ...)
     * @param tags       the queue's tags, given at creation
     * @throws RuntimeException when SQS could not say (throttling, a timeout, access denied)
     */
    Creation create(String queueName, Map<String, String> attributes, Map<String, String> tags);

    /** What a {@link #create} achieved. */
    sealed interface Creation {

        /** The queue exists now with the attributes asked for. */
        record Created(String url) implements Creation {
            public Created {
                Objects.requireNonNull(url, "url");
            }
        }

        /**
         * A queue of that name exists with other attributes, or appeared between a lookup and
         * the create: looking it up again finds it.
         */
        record NameTaken(String detail) implements Creation {
        }

        /** SQS refuses the name for 60 seconds after a queue of that name was deleted. */
        record DeletedRecently(String detail) implements Creation {
        }
    }
}
