package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.subscriptions.Backlog;
import io.stateapi.domain.subscriptions.EventType;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionService;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON of subscriptions (contracts/openapi: {@code Subscription}, {@code SubscriptionList}). */
final class SubscriptionRepresentations {

    private SubscriptionRepresentations() {
    }

    static byte[] of(Subscription subscription) {
        return bytes(describe(subscription));
    }

    static byte[] of(List<Subscription> subscriptions) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        ArrayNode items = body.putArray("subscriptions");
        subscriptions.forEach(s -> items.add(describe(s)));
        return bytes(body);
    }

    /** With the backlog: {@code null} figures while the subscription is not active, or CloudWatch has no datapoint. */
    static byte[] of(SubscriptionService.Described described) {
        ObjectNode body = describe(described.subscription());
        Backlog backlog = described.backlog().orElse(null);
        if (backlog == null) {
            body.putNull("backlog").putNull("oldestMessageAgeSeconds").putNull("deadLetterDepth");
        } else {
            body.put("backlog", backlog.messages());
            backlog.oldestMessageAgeSeconds().ifPresentOrElse(age -> body.put("oldestMessageAgeSeconds", age),
                    () -> body.putNull("oldestMessageAgeSeconds"));
            body.put("deadLetterDepth", backlog.deadLetterMessages());
        }
        return bytes(body);
    }

    private static ObjectNode describe(Subscription subscription) {
        ObjectNode body = StateJson.mapper().createObjectNode()
                .put("id", subscription.id())
                .put("name", subscription.name())
                .put("namespace", subscription.namespace().name())
                .put("status", subscription.status().apiName());
        ObjectNode filter = body.putObject("filter");
        subscription.filter().prefix().ifPresentOrElse(p -> filter.put("prefix", p), () -> filter.putNull("prefix"));
        ArrayNode types = filter.putArray("types");
        (subscription.filter().types().isEmpty() ? List.of(EventType.values()) : List.copyOf(subscription.filter().types()))
                .forEach(t -> types.add(t.apiName()));
        filter.put("includeValues", subscription.filter().includeValues());
        subscription.queues().ifPresentOrElse(q -> body.put("queueUrl", q.queueUrl()).put("queueArn", q.queueArn())
                        .put("deadLetterQueueUrl", q.deadLetterQueueUrl()),
                () -> body.putNull("queueUrl").putNull("queueArn").putNull("deadLetterQueueUrl"));
        body.put("createdAt", subscription.createdAt().toString());
        return body;
    }

    private static byte[] bytes(ObjectNode body) {
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
