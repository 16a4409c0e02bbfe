package io.stateapi.events;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;

/** The SNS adapter of {@link TopicDirectory}: one {@code CreateTopic}, idempotent for the same settings. */
public final class SnsTopicDirectory implements TopicDirectory {

    private final SnsClient sns;

    public SnsTopicDirectory(SnsClient sns) {
        this.sns = Objects.requireNonNull(sns, "sns");
    }

    @Override
    public String create(String topicName, Map<String, String> attributes, Map<String, String> tags) {
        return sns.createTopic(b -> b.name(topicName).attributes(attributes)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())).topicArn();
    }
}
