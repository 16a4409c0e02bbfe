package io.stateapi.events;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each tenant's two SNS FIFO topics of change events (ADR 0038): the one whose events carry
 * values as the namespace settings allow, and the keys-only one. Created on first need with
 * {@code CreateTopic}, which answers an existing topic's ARN, and the ARN kept for the life of
 * the function instance.
 *
 * <p>There is no lookup first, unlike {@link TenantQueues}: SNS has no lookup by name, and
 * {@code CreateTopic} with the same attributes and tags is a lookup. A topic that cannot be had
 * now is {@link Resolution.Unavailable}, never cached: the fan-out treats it as a failure point,
 * like a queue that cannot be had (ADR 0021, 0024).
 */
public final class TenantTopics {

    /** Which of a tenant's topics. */
    public enum Kind {
        /** Events carry values as the namespace's {@code eventValues} allow (the tenant queue's bodies). */
        WITH_VALUES,
        /** Events never carry values ({@code valueOmitted: true}). */
        KEYS_ONLY
    }

    /** Where a tenant's events of one kind go now. */
    public sealed interface Resolution {

        record Topic(String arn) implements Resolution {
            public Topic {
                Objects.requireNonNull(arn, "arn");
            }
        }

        /** No topic can be had now; retrying later can succeed. */
        record Unavailable(String reason) implements Resolution {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private record CacheKey(TenantId tenant, Kind kind) {
    }

    private final StateApiResources resources;
    private final TopicDirectory directory;
    private final ConcurrentMap<CacheKey, String> arns = new ConcurrentHashMap<>();

    public TenantTopics(StateApiResources resources, TopicDirectory directory) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public String topicName(TenantId tenant, Kind kind) {
        return resources.tenantChangesTopicName(tenant.value(), kind == Kind.WITH_VALUES);
    }

    /** The tenant's topic of that kind: from the cache, else created (or found) by {@code CreateTopic}. */
    public Resolution resolve(TenantId tenant, Kind kind) {
        CacheKey key = new CacheKey(tenant, kind);
        String cached = arns.get(key);
        if (cached != null) {
            return new Resolution.Topic(cached);
        }
        String name = topicName(tenant, kind);
        try {
            String arn = directory.create(name, attributes(), tags(tenant));
            arns.put(key, arn);
            return new Resolution.Topic(arn);
        } catch (RuntimeException e) {
            return new Resolution.Unavailable("cannot create or find topic " + name + ": " + e);
        }
    }

    /** Drops an ARN SNS said has no topic (an operator deleted it): the next event creates it again. */
    public void forget(String arn) {
        arns.values().remove(arn);
    }

    /**
     * FIFO, de-duplication by the change's id (never by content), as the tenant queues, and
     * throughput and de-duplication per message group (per key), SNS's high-throughput mode
     * (the topic scope caps a topic at 3,000 messages per second). The topic keeps no archive: a
     * subscription gets the changes published after it exists.
     */
    public static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("FifoTopic", "true");
        attributes.put("ContentBasedDeduplication", "false");
        attributes.put("FifoThroughputScope", "MessageGroup");
        return attributes;
    }

    /** The tenant queues' tags: {@code project}, {@code environment}, {@code tenant}. */
    public Map<String, String> tags(TenantId tenant) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("project", StateApiResources.PREFIX);
        tags.put("environment", resources.environment());
        tags.put("tenant", tenant.value());
        return tags;
    }
}
