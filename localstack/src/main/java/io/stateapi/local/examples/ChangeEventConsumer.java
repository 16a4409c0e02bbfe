package io.stateapi.local.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An example subscriber of State API change events, as docs/events.md shows it: long-polls
 * its tenant's FIFO change queue with the AWS SDK, reads each CloudEvent, skips redeliveries by
 * event id, notices gaps by {@code previousVersion}, and deletes what it handled.
 *
 * <pre>
 * AWS_ENDPOINT_URL=http://127.0.0.1:4566 java ... io.stateapi.local.examples.ChangeEventConsumer local demo
 * AWS_ENDPOINT_URL=http://127.0.0.1:4566 java ... io.stateapi.local.examples.ChangeEventConsumer QUEUE_URL
 * </pre>
 * Given an environment and a tenant, it finds the tenant's queue by name
 * ({@code state-api-<env>-events-<tenant>.fifo}, with {@code sqs:GetQueueUrl}, which the
 * tenant's principal is granted on its own queue) and checks that every event is the tenant's.
 * (On AWS, leave out {@code AWS_ENDPOINT_URL}; the SDK finds region and credentials as usual.)
 */
public final class ChangeEventConsumer {

    private static final int REMEMBERED_IDS = 100_000;

    private final ObjectMapper json = new ObjectMapper();
    private final JsonFormat cloudEvents = new JsonFormat();
    /** Ids already handled: SQS de-duplicates for 5 minutes only, a replay may come later. */
    private final Set<String> handled = new LinkedHashSet<>();
    /** Last version seen per key: an event whose previousVersion differs follows a gap. */
    private final Map<String, Long> lastVersion = new HashMap<>();

    /** The tenant whose queue this reads, or null when only its URL was given. */
    private final String tenant;

    ChangeEventConsumer(String tenant) {
        this.tenant = tenant;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1) {
            new ChangeEventConsumer(null).run(args[0]);
        } else if (args.length == 2) {
            String name = StateApiResources.forEnvironment(args[0]).tenantEventsQueueName(args[1]);
            try (SqsClient sqs = SqsClient.create()) {
                // The queue appears with the tenant's first event; until then this fails: try again later.
                new ChangeEventConsumer(args[1]).run(sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
            }
        } else {
            System.err.println("usage: ChangeEventConsumer ENVIRONMENT TENANT | ChangeEventConsumer QUEUE_URL");
            System.exit(2);
        }
    }

    void run(String queueUrl) throws IOException {
        try (SqsClient sqs = SqsClient.create()) {
            while (true) {
                for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(20)).messages()) {
                    handle(message.body());
                    // Delete only after handling: a crash before this redelivers the message,
                    // and the key's later events wait behind it (FIFO, one group per key).
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    void handle(String body) throws IOException {
        CloudEvent event = cloudEvents.deserialize(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (tenant != null && !tenant.equals(event.getExtension("tenant"))) {
            // Never happens: the fan-out puts a tenant's events on its queue only. Refuse anyway.
            System.out.printf("ignoring event %s of tenant %s on tenant %s's queue%n", event.getId(),
                    event.getExtension("tenant"), tenant);
            return;
        }
        if (!handled.add(event.getId())) {
            return; // a redelivery or a replay of a change already handled
        }
        if (handled.size() > REMEMBERED_IDS) {
            handled.remove(handled.iterator().next());
        }
        JsonNode data = json.readTree(event.getData().toBytes());
        String key = event.getSource() + " " + data.path("key").asText();
        long version = data.path("version").asLong();
        Long previous = lastVersion.put(key, version);
        JsonNode previousVersion = data.path("previousVersion");
        if (previous != null && (previousVersion.isNull() || previousVersion.asLong() != previous)) {
            System.out.printf("gap before %s version %d: last seen %d; read the key for its current state%n",
                    key, version, previous);
        }
        switch (event.getType()) {
            case "io.stateapi.key.created", "io.stateapi.key.updated" -> System.out.printf("%s %s v%d = %s%n",
                    event.getType().substring("io.stateapi.key.".length()), key, version,
                    data.path("valueOmitted").asBoolean() ? "(too large for an event; GET the key)" : data.path("value"));
            case "io.stateapi.key.deleted" -> System.out.printf("deleted %s at v%d%n", key, version);
            case "io.stateapi.key.expired" -> System.out.printf("expired %s at v%d%n", key, version);
            default -> System.out.printf("ignoring unknown event type %s%n", event.getType());
        }
    }
}
