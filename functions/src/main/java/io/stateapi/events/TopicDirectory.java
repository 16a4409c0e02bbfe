package io.stateapi.events;

import java.util.Map;

/**
 * Creating SNS topics by name: what the fan-out (and the api function, for a tenant's first
 * subscription) needs of SNS's control plane to give each tenant its change topics
 * ({@link TenantTopics}). {@link SnsTopicDirectory} is the SNS adapter; tests use a fake.
 */
public interface TopicDirectory {

    /**
     * The ARN of the topic named {@code topicName}, created with {@code attributes} and
     * {@code tags} if there is none (SNS's {@code CreateTopic} answers an existing topic's ARN).
     *
     * @throws RuntimeException when SNS could not say (throttling, a timeout, access denied, an
     *                          existing topic with other attributes or tags)
     */
    String create(String topicName, Map<String, String> attributes, Map<String, String> tags);
}
