package io.stateapi.resources;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of a subscription's resources (ADR 0038): its FIFO queue, its own FIFO dead-letter
 * queue and its two alarms, all named by the subscription's generated id, never by the
 * tenant's chosen name, so a name can be reused at once after a delete and no name is too
 * long for SQS. Part of {@link StateApiResources}, the one place of resource names.
 */
public record SubscriptionNames(StateApiResources resources) {

    /**
     * Longest generated subscription id: {@code state-api-} (10) + environment (at most 20) +
     * {@code -sub-} (5) + id (20) + {@code -dlq} (4) + {@code .fifo} (5) = 64, within SQS's 80.
     */
    public static final int MAX_ID_LENGTH = 20;
    private static final Pattern ID = Pattern.compile("^[a-z0-9]{1," + MAX_ID_LENGTH + "}$");

    public SubscriptionNames {
        Objects.requireNonNull(resources, "resources");
    }

    /** Start of every subscription's queue and alarm name. */
    public String prefix() {
        return StateApiResources.PREFIX + "-" + resources.environment() + "-sub-";
    }

    public String queueName(String subscriptionId) {
        return prefix() + requireId(subscriptionId) + ".fifo";
    }

    public String deadLetterQueueName(String subscriptionId) {
        return prefix() + requireId(subscriptionId) + "-dlq.fifo";
    }

    /** Every subscription queue and DLQ of the environment, as an IAM resource-name pattern. */
    public String queueNamePattern() {
        return prefix() + "*.fifo";
    }

    /** The alarm on the age of the oldest message in the subscription's queue. */
    public String backlogAgeAlarmName(String subscriptionId) {
        return prefix() + requireId(subscriptionId) + "-backlog-age";
    }

    /** The alarm on messages in the subscription's dead-letter queue. */
    public String deadLetterAlarmName(String subscriptionId) {
        return prefix() + requireId(subscriptionId) + "-dlq-depth";
    }

    /** Every subscription alarm of the environment, as an IAM resource-name pattern. */
    public String alarmNamePattern() {
        return prefix() + "*";
    }

    /** Whether {@code id} can be a subscription id (lower-case letters and digits). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static String requireId(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a subscription id: " + id);
        }
        return id;
    }
}
