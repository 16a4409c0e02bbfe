package io.stateapi.resources;

import java.util.List;

/**
 * The IAM actions each function needs, and nothing more: the CDK app grants exactly these.
 * When the code starts calling a new operation, add its action here (the infra tests check
 * that the DynamoDB adapter calls no operation outside this list).
 */
public final class Permissions {
    /**
     * On the table: reads, and conditional writes (puts and deletes are both UpdateItem, alone
     * or inside TransactWriteItems, which IAM authorizes per contained action). BatchGetItem
     * reads the state item and the idempotency record in one round trip, and serves batch get
     * (up to 100 keys, ADR 0027). Query: deleting a namespace first looks for a live key in it
     * (ADR 0016), and listing keys by prefix reads them (ADR 0026). ConditionCheckItem: a
     * transaction's condition checks, inside TransactWriteItems (ADR 0028).
     */
    public static final List<String> API_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
            "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:ConditionCheckItem");
    /**
     * On the idempotency table: the record is read and put, never updated or deleted (a
     * transaction's conflict is stored with a PutItem of its own, ADR 0028).
     */
    public static final List<String> API_IDEMPOTENCY_TABLE_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem");
    /**
     * On the catalog table, for the api function: namespaces (created on a first write by a
     * conditional PutItem or by {@code PUT} with UpdateItem, listed by Query, described with
     * GetItem, deleted with a conditional DeleteItem; ADR 0016), the principal registry, quota
     * overrides and the quota windows (UpdateItem counters); BatchGetItem reads several catalog
     * items in one round trip.
     */
    public static final List<String> API_CATALOG_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem");
    /**
     * On the catalog table, for the fan-out function: a namespace's settings (whether its events
     * carry values) and its approximate key count, kept with UpdateItem ADD.
     */
    public static final List<String> FAN_OUT_CATALOG_TABLE_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
    /**
     * On the tenants' change queues ({@link #tenantEventsQueueNamePattern()}), for the fan-out
     * function: CreateQueue on a tenant's first event, with every attribute (FIFO settings,
     * redrive to the shared DLQ, SQS-managed encryption) given at creation, and TagQueue, which
     * IAM requires for tags given to CreateQueue; GetQueueUrl finds a queue that exists with
     * other attributes (created by an earlier release); SendMessage also authorizes
     * SendMessageBatch. Not SetQueueAttributes: the fan-out never changes a queue after
     * creating it, so it cannot rewrite a queue's policy or redrive either.
     */
    public static final List<String> FAN_OUT_TENANT_QUEUE_ACTIONS =
            List.of("sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:TagQueue");
    /**
     * On the tenants' change topics ({@code StateApiResources.tenantChangesTopicNamePattern()}), for
     * the fan-out function (ADR 0038): CreateTopic on first need (it answers an existing topic's
     * ARN), TagResource for the tags given at creation, Publish (which also authorizes PublishBatch).
     */
    public static final List<String> FAN_OUT_TENANT_TOPIC_ACTIONS =
            List.of("sns:CreateTopic", "sns:Publish", "sns:TagResource");
    /**
     * On the tenants' change topics, for the api function: a tenant's first subscription may have
     * to create the topic (CreateTopic, TagResource); Subscribe a subscription's queue, and list the
     * topic's subscriptions to find the one to remove (ADR 0038). Not Publish.
     */
    public static final List<String> API_TENANT_TOPIC_ACTIONS =
            List.of("sns:CreateTopic", "sns:TagResource", "sns:Subscribe", "sns:ListSubscriptionsByTopic");
    /** On the subscriptions of the tenants' topics ({@code <topic ARN>:<id>}), for the api function: removing one. */
    public static final List<String> API_TOPIC_SUBSCRIPTION_ACTIONS = List.of("sns:Unsubscribe");
    /**
     * On the subscriptions' queues and DLQs ({@code SubscriptionNames.queueNamePattern()}), for the
     * api function: making one with its attributes and tags, its queue policy
     * (SetQueueAttributes), reading its ARN and depth, finding and deleting it.
     */
    public static final List<String> API_SUBSCRIPTION_QUEUE_ACTIONS = List.of("sqs:CreateQueue", "sqs:TagQueue",
            "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl", "sqs:DeleteQueue");
    /** On the subscriptions' alarms ({@code SubscriptionNames.alarmNamePattern()}), for the api function. */
    public static final List<String> API_SUBSCRIPTION_ALARM_ACTIONS =
            List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource");
    /** On {@code *} (it has no resource-level permissions), for the api function: a subscription's backlog age. */
    public static final List<String> API_METRIC_READ_ACTIONS = List.of("cloudwatch:GetMetricData");
    /**
     * On the table, for the fan-out function: after an item is removed outside the API it
     * puts back a tombstone keeping the key's version (VersionFloors.restore,
     * a conditional PutItem; docs/events.md).
     */
    public static final List<String> FAN_OUT_TABLE_ACTIONS = List.of("dynamodb:PutItem");
    /**
     * On the change log (ADR 0036), for the fan-out function: one conditional PutItem per change
     * ({@code attribute_not_exists}, so a retried record writes nothing twice).
     */
    public static final List<String> FAN_OUT_CHANGE_LOG_TABLE_ACTIONS = List.of("dynamodb:PutItem");
    /** On the change log, for the api function: one version (GetItem) and a key's history, a page at a time (Query). */
    public static final List<String> API_CHANGE_LOG_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:Query");
    /** On the change log's feed index, for the api function: the HTTP watch reads a namespace's changes (ADR 0037). */
    public static final List<String> API_CHANGE_FEED_ACTIONS = List.of("dynamodb:Query");
    /**
     * On the table, for the expiry sweeper: the conditional UpdateItem that turns an expired
     * value into a tombstone, and its checkpoint (GetItem, UpdateItem).
     */
    public static final List<String> EXPIRY_SWEEPER_TABLE_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
    /**
     * On the table, for the expiry sweeper's purges (ADR 0019): a purged namespace's items are
     * found with Query and removed with BatchWriteItem (a keys-only put, then the delete); a
     * tombstone old enough to forget is stripped with UpdateItem (granted above) and goes with
     * a conditional DeleteItem.
     */
    public static final List<String> EXPIRY_SWEEPER_PURGE_TABLE_ACTIONS =
            List.of("dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem");
    /**
     * On the table, for the schema backfill run by the housekeeping (ADR 0058, 0067): each upgraded
     * item is one conditional PutItem of the whole item.
     */
    public static final List<String> HOUSEKEEPING_BACKFILL_TABLE_ACTIONS = List.of("dynamodb:PutItem");
    /** On the idempotency table, for namespace purges: a purged namespace's records (Query, BatchWriteItem). */
    public static final List<String> HOUSEKEEPING_IDEMPOTENCY_TABLE_ACTIONS =
            List.of("dynamodb:Query", "dynamodb:BatchWriteItem");
    /**
     * On the catalog table, for the expiry sweeper's housekeeping: finding purges to run (Query),
     * their progress and the namespaces' version floors (GetItem, UpdateItem) and removing a
     * purged namespace (DeleteItem).
     */
    public static final List<String> HOUSEKEEPING_CATALOG_TABLE_ACTIONS = List.of("dynamodb:GetItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query");
    /** On the expiry index only, for the expiry sweeper: finding expired values. */
    public static final List<String> EXPIRY_SWEEPER_INDEX_ACTIONS = List.of("dynamodb:Query");
    /** On the tombstone index only, for the expiry sweeper: finding tombstones older than the retention. */
    public static final List<String> TOMBSTONE_PURGE_INDEX_ACTIONS = List.of("dynamodb:Query");
    /**
     * On the stream's dead-letter queue, for the fan-out function itself: it sends a record
     * it can never publish there on its own and goes on with the batch (ADR 0023).
     */
    public static final List<String> FAN_OUT_DEAD_LETTER_ACTIONS = List.of("sqs:SendMessage");
    /**
     * Not a function's: what a tenant's own principal is granted on its one queue
     * ({@link StateApiResources#tenantEventsQueueName(String)}, never the pattern) to consume
     * its change events: receive, delete, extend the visibility, read the queue's attributes,
     * and look the URL up by name (docs/events.md, docs/deploy.md).
     */
    public static final List<String> TENANT_QUEUE_CONSUMER_ACTIONS = List.of("sqs:ReceiveMessage",
            "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    private Permissions() {
    }
}
