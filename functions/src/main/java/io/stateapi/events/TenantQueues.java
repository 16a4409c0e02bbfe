package io.stateapi.events;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Queues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each tenant's own change queue, {@code state-api-<env>-events-<tenant>.fifo} (ADR 0024): found
 * by name, or created on the tenant's first event, and its URL kept for the life of the function
 * instance.
 *
 * <p>A lookup comes first ({@code GetQueueUrl}), so an existing queue is used as it is, whatever
 * its attributes; only a tenant without a queue gets one created with the attributes below.
 * When a queue cannot be had now, the answer is {@link Destination.Unavailable}, never cached:
 * the caller treats it as a transient failure of the tenant's first message, which keeps the
 * retry-from-the-failed-record path and so the per-key order (ADR 0021). That covers a name SQS
 * refuses for 60 s after a deletion, a queue that appeared between lookup and create (another
 * instance created it, or with other attributes), and throttling or errors of either call.
 */
public final class TenantQueues {

    /** Where a tenant's events go now. */
    public sealed interface Destination {

        /** The tenant's queue. */
        record Queue(String url) implements Destination {
            public Queue {
                Objects.requireNonNull(url, "url");
            }
        }

        /** No queue can be had now; retrying later can succeed. */
        record Unavailable(String reason) implements Destination {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private final StateApiResources resources;
    private final String deadLetterQueueArn;
    private final QueueDirectory directory;
    /** A few hundred bytes per tenant the instance has published for: no bound needed. */
    private final ConcurrentMap<TenantId, String> urls = new ConcurrentHashMap<>();

    /**
     * @param deadLetterQueueArn the change queues' shared dead-letter queue
     *                           ({@link StateApiResources#changesDeadLetterQueueName()})
     */
    public TenantQueues(StateApiResources resources, String deadLetterQueueArn, QueueDirectory directory) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.deadLetterQueueArn = Objects.requireNonNull(deadLetterQueueArn, "deadLetterQueueArn");
        this.directory = Objects.requireNonNull(directory, "directory");
        requireQueueArn(deadLetterQueueArn);
    }

    /** The tenant's queue: from the cache, else looked up, else created. */
    public Destination resolve(TenantId tenant) {
        String cached = urls.get(tenant);
        if (cached != null) {
            return new Destination.Queue(cached);
        }
        String name = resources.tenantEventsQueueName(tenant.value());
        try {
            Optional<String> existing = directory.find(name);
            if (existing.isPresent()) {
                return remember(tenant, existing.get());
            }
            return switch (directory.create(name, attributes(), tags(tenant))) {
                case QueueDirectory.Creation.Created created -> remember(tenant, created.url());
                case QueueDirectory.Creation.NameTaken taken -> new Destination.Unavailable("queue " + name
                        + " appeared while it was being created, or exists with other attributes (looked up"
                        + " again on the retry): " + taken.detail());
                case QueueDirectory.Creation.DeletedRecently deleted -> new Destination.Unavailable("queue " + name
                        + " was deleted less than 60 s ago; SQS refuses to create it again until then: "
                        + deleted.detail());
            };
        } catch (RuntimeException e) {
            return new Destination.Unavailable("cannot look up or create queue " + name + ": " + e);
        }
    }

    /** The tenant's queue if it exists, without creating it (the local stack's tests ask so). */
    public Optional<String> existing(TenantId tenant) {
        String cached = urls.get(tenant);
        return cached != null ? Optional.of(cached)
                : directory.find(resources.tenantEventsQueueName(tenant.value()));
    }

    /**
     * Drops a URL SQS said has no queue (an operator deleted it): the tenant's next event looks
     * it up again, and creates it once SQS allows.
     */
    public void forget(String url) {
        urls.values().remove(url);
    }

    /**
     * What a tenant's queue is created with: FIFO, de-duplication by the change's id per message
     * group (high-throughput mode), the consumers' visibility timeout, SQS's longest retention,
     * SQS-managed encryption and redrive to the shared dead-letter queue. No queue policy: access
     * is granted by the tenants' IAM policies (docs/events.md), and a policy given here would be
     * one more thing the fan-out could get wrong for every tenant.
     */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("FifoQueue", "true");
        attributes.put("ContentBasedDeduplication", Boolean.toString(Queues.CONTENT_BASED_DEDUPLICATION));
        attributes.put("DeduplicationScope", Queues.DEDUPLICATION_SCOPE);
        attributes.put("FifoThroughputLimit", Queues.FIFO_THROUGHPUT_LIMIT);
        attributes.put("VisibilityTimeout", Integer.toString(Queues.VISIBILITY_TIMEOUT_SECONDS));
        attributes.put("MessageRetentionPeriod", Integer.toString(Queues.RETENTION_SECONDS));
        attributes.put("SqsManagedSseEnabled", Boolean.toString(Queues.SQS_MANAGED_SSE));
        attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn
                + "\",\"maxReceiveCount\":" + Queues.MAX_RECEIVE_COUNT + "}");
        return attributes;
    }

    /**
     * The tags a tenant's queue is created with: those the CDK app puts on every resource of the
     * stack ({@code project}, {@code environment}), and the tenant, for cost allocation per tenant
     * and for finding a tenant's queue.
     */
    public Map<String, String> tags(TenantId tenant) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("project", StateApiResources.PREFIX);
        tags.put("environment", resources.environment());
        tags.put("tenant", tenant.value());
        return tags;
    }

    private Destination remember(TenantId tenant, String url) {
        urls.put(tenant, url);
        return new Destination.Queue(url);
    }

    /** A wrong setting fails the function's start, not every tenant's first event. */
    private static void requireQueueArn(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs") || parts[5].isEmpty()) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
        }
    }
}
