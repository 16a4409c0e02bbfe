package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.http.Http;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code expired} events come from the expiry sweeper's tombstones (ADR 0008), end to end:
 * writes over HTTP, the sweeper run at an explicit {@code now} (its schedule is off here), the
 * real change pipeline, the FIFO queue. Whichever of the sweeper and a re-create gets to an
 * expired key first, a subscriber sees the same events, once each.
 */
class ExpiryEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-expiry");
    private static final String NAMESPACE = "expiry";
    private static final Duration PLENTY = Duration.ofMinutes(1);

    private static LocalStack stack;
    private static ChangeQueueReader queue;
    private static StateApiHttp http;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbExpirySweeper sweeper;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        queue = new ChangeQueueReader(stack.changes());
        http = new StateApiHttp(stack.apiEndpoint(), NAMESPACE);
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        sweeper = new DynamoDbExpirySweeper(dynamoDb, RESOURCES.tableName());
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aSweptValueIsOneExpiredEventAndTheKeyKeepsCountingVersions() {
        String key = "sessions/swept";
        http.put(key, "{\"s\":1}");
        Instant expiresAt = expiresAt(http.putWithTtl(key, "{\"s\":2}", 1));

        assertThat(sweeper.sweep(expiresAt, PLENTY).swept()).isEqualTo(1);
        awaitPipelineCaughtUp();
        assertThat(queue.changesOf(key)).containsExactly("created@1", "updated@2", "expired@2");
        JsonNode expired = received(key).get(2).event();
        assertThat(expired.path("time").asText()).as("when it expired").isEqualTo(expiresAt.toString());
        assertThat(expired.path("data").path("previousVersion").asLong()).isEqualTo(2);
        assertThat(expired.path("data").path("previousValue").path("s").asInt()).isEqualTo(2);
        assertThat(expired.path("data").path("value").isNull()).isTrue();

        assertThat(http.putIfMatch(key, "{\"s\":0}", 2).statusCode()).as("a stale If-Match").isEqualTo(412);
        HttpResponse<String> created = http.put(key, "{\"s\":3}");
        assertThat(created.headers().firstValue("ETag")).contains("\"3\"");
        awaitPipelineCaughtUp();
        assertThat(queue.changesOf(key)).containsExactly("created@1", "updated@2", "expired@2", "created@3");
    }

    @Test
    void aSweepAfterTheKeyWasCreatedAgainPublishesNothingMore() {
        String key = "sessions/recreated-first";
        http.putWithTtl(key, "{\"s\":1}", 1);
        awaitAbsent(key);
        assertThat(http.put(key, "{\"s\":2}").statusCode()).isEqualTo(201);

        assertThat(sweeper.sweep(Instant.now(), PLENTY).swept()).isZero();

        awaitPipelineCaughtUp();
        assertThat(queue.changesOf(key)).containsExactly("created@1", "expired@1", "created@2");
    }

    /**
     * The sweeper and writers re-creating the same expired keys at the same moment: every
     * interleaving leaves each key at version 2 with exactly created@1, expired@1, created@2.
     */
    @Test
    void aSweepRacingCreatesOfTheSameKeysYieldsOneExpiredEventPerKeyAndVersionsKeepGrowing() throws Exception {
        sweeper.sweep(Instant.now(), PLENTY); // a checkpoint, so the racing sweep queries the last hours only
        List<String> keys = IntStream.range(0, 12).mapToObj(i -> "race/" + i).toList();
        for (String key : keys) {
            assertThat(http.putWithTtl(key, "{\"n\":1}", 1).statusCode()).isEqualTo(201);
        }
        keys.forEach(ExpiryEventsTest::awaitAbsent);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> creates = new ArrayList<>();
        try (var racers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> sweep = racers.submit(() -> {
                go.await();
                return sweeper.sweep(Instant.now(), PLENTY);
            });
            for (String key : keys) {
                creates.add(racers.submit(() -> {
                    go.await();
                    return http.put(key, "{\"n\":2}");
                }));
            }
            go.countDown();
            sweep.get();
        }

        for (Future<HttpResponse<String>> create : creates) {
            assertThat(create.get().statusCode()).isEqualTo(201);
            assertThat(create.get().headers().firstValue("ETag")).contains("\"2\"");
        }
        assertThat(sweeper.sweep(Instant.now(), PLENTY).swept()).as("nothing left to sweep").isZero();
        awaitPipelineCaughtUp();
        for (String key : keys) {
            assertThat(queue.changesOf(key)).as(key).containsExactly("created@1", "expired@1", "created@2");
        }
    }

    private static Instant expiresAt(HttpResponse<String> written) {
        return Instant.parse(Http.json(written).path("expiresAt").asText());
    }

    private static void awaitAbsent(String key) {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(key).statusCode() == 404);
    }

    private static List<ChangeQueueReader.Received> received(String key) {
        return queue.drain().stream().filter(r -> r.key().equals(key)).toList();
    }

    /** Waits until the poller has handled every stream record written so far, then reads the queue empty. */
    private static void awaitPipelineCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
        queue.drain();
    }
}
