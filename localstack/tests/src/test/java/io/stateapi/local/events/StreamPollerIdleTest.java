package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.events.SqsClients;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stream poller on a stream of its own (issue 14): a shard that stays idle is read less
 * and less often, since each GetRecords takes the emulator's one DynamoDB lock; a wake-up (the
 * local gateway's after each request) has it read at once.
 */
class StreamPollerIdleTest {

    private final AtomicInteger getRecords = new AtomicInteger();
    /** When each GetRecords was sent (System.nanoTime), whatever the emulator's answer took. */
    private final java.util.Queue<Long> getRecordsSent = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger recordsIn = new AtomicInteger();
    private final String table = "poller-idle-" + UUID.randomUUID().toString().substring(0, 8);
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient streams;
    private SqsClient sqs;
    private StreamPoller poller;

    @BeforeEach
    void start() {
        URI endpoint = TestStack.emulator().endpoint();
        dynamoDb = DynamoDbClients.create(endpoint, List.of());
        String streamArn = dynamoDb.createTable(b -> b.tableName(table)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .billingMode("PAY_PER_REQUEST")
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
        streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if ("GetRecords".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                            getRecords.incrementAndGet();
                            getRecordsSent.add(System.nanoTime());
                        }
                    }
                }))
                .build();
        sqs = SqsClients.create(endpoint, List.of());
        poller = StreamPoller.start(streams, sqs, streamArn, "unused-failure-queue",
                "arn:aws:lambda:us-east-1:000000000000:function:" + table, (event, context) -> {
                    recordsIn.addAndGet(event.getRecords().size());
                    return new StreamsEventResponse();
                }, StreamPoller.Settings.local());
    }

    @AfterEach
    void stop() {
        poller.close();
        dynamoDb.deleteTable(b -> b.tableName(table));
        streams.close();
        sqs.close();
        dynamoDb.close();
    }

    @Test
    void anIdleShardIsReadLessOftenThanEveryPollInterval() throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(() -> getRecords.get() > 0);
        int before = getRecords.get();
        // A rate needs a stretch of time; nothing here waits for an outcome.
        Thread.sleep(4_000);
        int idleReads = getRecords.get() - before;

        // Every 50 ms would be about 80 reads in 4 s; backing off to 800 ms, about 10.
        assertThat(idleReads).isLessThan(20);
    }

    @Test
    void aWakeUpHasAnIdlePollerReadAWriteAtOnce() throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(() -> getRecords.get() > 0);
        Thread.sleep(2_000); // idle long enough for the backoff to reach its longest pause

        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))));
        long woken = System.nanoTime();
        poller.wake();

        await().atMost(Duration.ofSeconds(30)).until(() -> recordsIn.get() == 1);
        // The first read after the wake-up was sent at once, not when the pause (up to 800 ms) would
        // have ended; how long the emulator took to answer it does not count.
        long firstRead = getRecordsSent.stream().filter(sent -> sent >= woken).findFirst().orElseThrow();
        assertThat(Duration.ofNanos(firstRead - woken)).isLessThan(Duration.ofMillis(300));
    }
}
