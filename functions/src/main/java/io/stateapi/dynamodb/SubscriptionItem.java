package io.stateapi.dynamodb;

import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.subscriptions.EventType;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionFilter;
import io.stateapi.domain.subscriptions.SubscriptionQueues;
import io.stateapi.domain.subscriptions.SubscriptionStatus;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of a subscription in the catalog table (ADR 0038): {@code pk = sub#<tenant>},
 * {@code sk = <namespace>#<name>}, so a tenant's subscriptions are one item collection (counted
 * with one Query) and a namespace's are a range of it ({@code #} is in no namespace name).
 */
final class SubscriptionItem {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String ID = "subscriptionId";
    static final String PREFIX = "keyPrefix";
    static final String TYPES = "eventTypes";
    static final String INCLUDE_VALUES = "includeValues";
    static final String STATUS = "status";
    static final String CREATED_AT = "createdAt";
    static final String QUEUE_URL = "queueUrl";
    static final String QUEUE_ARN = "queueArn";
    static final String DLQ_URL = "deadLetterQueueUrl";
    static final String DLQ_ARN = "deadLetterQueueArn";
    private static final String PARTITION_PREFIX = "sub#";

    private SubscriptionItem() {
    }

    static AttributeValue partition(TenantId tenant) {
        return AttributeValue.fromS(PARTITION_PREFIX + tenant.value());
    }

    static String sortPrefix(TenantNamespace namespace) {
        return namespace.name() + "#";
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace, String name) {
        return Map.of(PK, partition(namespace.tenant()), SK, AttributeValue.fromS(sortPrefix(namespace) + name));
    }

    static Map<String, AttributeValue> item(Subscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(key(subscription.namespace(), subscription.name()));
        item.put(ID, AttributeValue.fromS(subscription.id()));
        subscription.filter().prefix().ifPresent(p -> item.put(PREFIX, AttributeValue.fromS(p)));
        if (!subscription.filter().types().isEmpty()) {
            item.put(TYPES, AttributeValue.fromSs(subscription.filter().types().stream().map(EventType::apiName).toList()));
        }
        item.put(INCLUDE_VALUES, AttributeValue.fromBool(subscription.filter().includeValues()));
        item.put(STATUS, AttributeValue.fromS(subscription.status().apiName()));
        item.put(CREATED_AT, AttributeValue.fromN(Long.toString(subscription.createdAt().toEpochMilli())));
        subscription.queues().ifPresent(q -> {
            item.put(QUEUE_URL, AttributeValue.fromS(q.queueUrl()));
            item.put(QUEUE_ARN, AttributeValue.fromS(q.queueArn()));
            item.put(DLQ_URL, AttributeValue.fromS(q.deadLetterQueueUrl()));
            item.put(DLQ_ARN, AttributeValue.fromS(q.deadLetterQueueArn()));
        });
        return item;
    }

    static Subscription toSubscription(Map<String, AttributeValue> item) {
        String pk = string(item, PK);
        String sk = string(item, SK);
        int hash = sk.indexOf('#');
        if (!pk.startsWith(PARTITION_PREFIX) || hash < 1) {
            throw new UnreadableStateException(pk, sk, "the subscription item breaks the layout");
        }
        try {
            TenantNamespace namespace = TenantNamespace.of(pk.substring(PARTITION_PREFIX.length()), sk.substring(0, hash));
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            AttributeValue storedTypes = item.get(TYPES);
            if (storedTypes != null && storedTypes.hasSs()) {
                storedTypes.ss().forEach(t -> types.add(EventType.ofApiName(t)));
            }
            AttributeValue prefix = item.get(PREFIX);
            AttributeValue values = item.get(INCLUDE_VALUES);
            SubscriptionFilter filter = new SubscriptionFilter(Optional.ofNullable(prefix).map(AttributeValue::s), types,
                    values == null || Boolean.TRUE.equals(values.bool()));
            Optional<SubscriptionQueues> queues = item.containsKey(QUEUE_URL)
                    ? Optional.of(new SubscriptionQueues(string(item, QUEUE_URL), string(item, QUEUE_ARN),
                            string(item, DLQ_URL), string(item, DLQ_ARN)))
                    : Optional.empty();
            return new Subscription(namespace, sk.substring(hash + 1), string(item, ID), filter,
                    SubscriptionStatus.valueOf(string(item, STATUS).toUpperCase(Locale.ROOT)),
                    Instant.ofEpochMilli(Long.parseLong(item.get(CREATED_AT).n())), queues);
        } catch (RuntimeException e) {
            if (e instanceof UnreadableStateException unreadable) {
                throw unreadable;
            }
            throw new UnreadableStateException(pk, sk, "the subscription item breaks the layout: " + e);
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new UnreadableStateException(String.valueOf(item.get(PK)), String.valueOf(item.get(SK)),
                    "the subscription item lacks the string attribute '" + name + "'");
        }
        return value.s();
    }
}
