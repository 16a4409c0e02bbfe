package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.dynamodb.DynamoDbNamespacePurger;
import io.stateapi.dynamodb.DynamoDbTombstonePurger;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.events.SqsClients;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.http.ApiFunction;
import io.stateapi.http.Http;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.SettableClock;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Purges end to end (ADR 0019): HTTP through the local gateway's JWT authorizer to an api function
 * on a clock the test moves, the test stack's change pipeline running, and the housekeeping run
 * by the test at that clock's time (no waiting for the schedule). Every response is checked
 * against the OpenAPI document ({@link Http}).
 */
class NamespacePurgeEndToEndTest {

    private static final StateApiResources RESOURCES = TestStack.RESOURCES;
    private static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final Duration PLENTY = Duration.ofMinutes(1);
    private static ApiFunction function;
    private static LocalGateway gateway;
    private static Http http;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenantA = "purge-a-" + suffix;
    private final String tenantB = "purge-b-" + suffix;
    private final String ns = "orders";

    @BeforeAll
    static void startApiOnASettableClock() throws Exception {
        Map<String, Object> properties = new HashMap<>(
                LocalStack.functionProperties(TestStack.shared().emulatorEndpoint(), RESOURCES));
        function = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(properties).singletons(CLOCK).build());
        gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(TestStack.issuer()));
        http = new Http(gateway.endpoint());
    }

    @AfterAll
    static void stopApi() {
        gateway.close();
        function.close();
    }

    private static String[] as(String tenant) {
        return new String[] {"Authorization", "Bearer "
                + TestStack.issuer().token(tenant, "state:read state:write state:admin")};
    }

    private static String[] as(String tenant, String... more) {
        String[] auth = as(tenant);
        String[] all = new String[auth.length + more.length];
        System.arraycopy(auth, 0, all, 0, auth.length);
        System.arraycopy(more, 0, all, auth.length, more.length);
        return all;
    }

    private static DynamoDbClient dynamoDb() {
        return TestStack.shared().dynamoDb();
    }

    /** One housekeeping run's namespace purges, at the test's time. */
    private static void advancePurges() {
        new DynamoDbNamespacePurger(dynamoDb(), RESOURCES.tableName(), RESOURCES.idempotencyTableName(),
                RESOURCES.catalogTableName()).advance(CLOCK.instant(), PLENTY);
    }

    private static int items(String table, String tenant, String namespace) {
        return dynamoDb().query(b -> b.tableName(table).keyConditionExpression("pk = :pk").consistentRead(true)
                .expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS(StateItem.partitionKey(TenantNamespace.of(tenant, namespace)))))).count();
    }

    private void putKeys(String tenant, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(http.put(Http.keyPath(ns, "k/" + i), "{\"value\":" + i + "}", as(tenant)).statusCode())
                    .isEqualTo(201);
        }
    }

    private HttpResponse<String> startPurge(String tenant) {
        return http.delete("/v1/namespaces/" + ns + "?purge=true", as(tenant));
    }

    private String purgeStatus(String tenant) {
        return Http.json(http.get("/v1/namespaces/" + ns + "/purge", as(tenant))).path("status").asText();
    }

    /** Runs the housekeeping after the settle time until the purge says done. */
    private void purgeToTheEnd(String tenant) {
        CLOCK.advance(Housekeeping.SETTLE.plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            advancePurges();
            return purgeStatus(tenant).equals("done");
        });
    }

    @Test
    void aPurgeRemovesOneTenantsNamespaceWhileAnotherTenantsOfTheSameNameIsUntouched() {
        putKeys(tenantA, 30);
        assertThat(http.put(Http.keyPath(ns, "k/0"), "{\"value\":\"again\"}", as(tenantA, "Idempotency-Key", "once"))
                .statusCode()).isEqualTo(200);
        putKeys(tenantB, 3);

        HttpResponse<String> started = startPurge(tenantA);

        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).hasValue("/v1/namespaces/" + ns + "/purge");
        assertThat(Http.json(started).path("status").asText()).isEqualTo("running");
        assertThat(Http.json(started).path("deletedKeys").asLong()).isZero();
        assertThat(Http.json(http.get("/v1/namespaces/" + ns, as(tenantA))).path("status").asText()).isEqualTo("purging");
        assertThat(Http.json(http.get("/v1/namespaces/" + ns, as(tenantB))).path("status").asText()).isEqualTo("active");

        // The stack's own schedule may be advancing it too: one run at a time holds a purge's lease,
        // and a run that finds it held leaves the purge to the holder, so progress is awaited.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            advancePurges();
            return Http.json(http.get("/v1/namespaces/" + ns + "/purge", as(tenantA))).path("deletedKeys").asLong() > 0;
        });
        HttpResponse<String> progress = http.get("/v1/namespaces/" + ns + "/purge", as(tenantA));
        assertThat(Http.json(progress).path("status").asText()).isEqualTo("running");
        assertThat(Http.json(progress).path("deletedKeys").asLong()).isBetween(1L, 30L);
        purgeToTheEnd(tenantA);

        HttpResponse<String> done = http.get("/v1/namespaces/" + ns + "/purge", as(tenantA));
        assertThat(Http.json(done).path("deletedKeys").asLong()).isEqualTo(30);
        assertThat(Http.json(done).path("finishedAt").asText()).isNotEmpty();
        assertThat(http.get("/v1/namespaces/" + ns, as(tenantA)).statusCode()).isEqualTo(404);
        assertThat(items(RESOURCES.tableName(), tenantA, ns)).isZero();
        assertThat(items(RESOURCES.idempotencyTableName(), tenantA, ns)).isZero();
        assertThat(items(RESOURCES.tableName(), tenantB, ns)).isEqualTo(3);
        assertThat(http.get(Http.keyPath(ns, "k/2"), as(tenantB)).statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/namespaces/" + ns + "/purge", as(tenantB)).statusCode()).isEqualTo(404);
    }

    @Test
    void writesIntoAPurgingNamespaceAnswer409AndTheNameComesBackOnlyWhenThePurgeIsDone() {
        putKeys(tenantA, 2);
        String staleTag = http.put(Http.keyPath(ns, "k/1"), "{\"value\":\"v2\"}", as(tenantA))
                .headers().firstValue("ETag").orElseThrow();
        startPurge(tenantA);

        for (HttpResponse<String> refused : List.of(
                http.put(Http.keyPath(ns, "k/9"), "{\"value\":1}", as(tenantA)),
                http.delete(Http.keyPath(ns, "k/0"), as(tenantA)),
                http.put("/v1/namespaces/" + ns, "{}", as(tenantA)),
                http.delete("/v1/namespaces/" + ns, as(tenantA)))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(Http.json(refused).path("type").asText()).endsWith("/namespace-purging");
        }
        assertThat(startPurge(tenantA).statusCode()).as("asking again answers the same purge").isEqualTo(202);
        purgeToTheEnd(tenantA);
        CLOCK.advance(Duration.ofSeconds(11));

        HttpResponse<String> created = http.put(Http.keyPath(ns, "k/1"), "{\"value\":\"new\"}", as(tenantA));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Http.json(created).path("version").asLong()).as("above every purged version").isEqualTo(3);
        assertThat(http.put(Http.keyPath(ns, "k/1"), "{\"value\":1}", as(tenantA, "If-Match", staleTag)).statusCode())
                .isEqualTo(412);
        assertThat(Http.json(http.get("/v1/namespaces/" + ns, as(tenantA))).path("status").asText()).isEqualTo("active");
    }

    @Test
    void aPurgeEmitsNoChangeEventsAndTheFanOutPutsNothingBack() throws Exception {
        putKeys(tenantA, 5);
        http.delete(Http.keyPath(ns, "k/4"), as(tenantA));
        startPurge(tenantA);
        advancePurges();
        purgeToTheEnd(tenantA);
        // A later change of the tenant: once its event is out, the purge's stream records were handled before it.
        http.put(Http.keyPath("marker", "m"), "{\"value\":1}", as(tenantA));

        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
             ChangeQueueReader reader = new ChangeQueueReader(await().atMost(Duration.ofSeconds(30)).until(
                     () -> sqs.listQueues(b -> b.queueNamePrefix(RESOURCES.tenantEventsQueueName(tenantA))).queueUrls(),
                     urls -> !urls.isEmpty()).get(0), tenantA)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !reader.drain().isEmpty()
                    && reader.drain().stream().anyMatch(r -> r.key().equals("m")));

            assertThat(reader.drain()).filteredOn(r -> r.event().path("data").path("namespace").asText().equals(ns))
                    .extracting(ChangeQueueReader.Received::change)
                    .containsExactlyInAnyOrder("created@1", "created@1", "created@1", "created@1", "created@1",
                            "deleted@2");
        }
        assertThat(items(RESOURCES.tableName(), tenantA, ns)).as("no tombstone put back").isZero();
    }

    @Test
    void aTombstonePurgedAfterTheRetentionLeavesAFloorSoTheKeyCreatedAgainNeverMatchesAnOldTag() {
        String key = Http.keyPath(ns, "cart");
        http.put(key, "{\"value\":1}", as(tenantA));
        String oldTag = http.put(key, "{\"value\":2}", as(tenantA)).headers().firstValue("ETag").orElseThrow();
        assertThat(http.delete(key, as(tenantA)).statusCode()).isEqualTo(204);
        DynamoDbTombstonePurger purger = new DynamoDbTombstonePurger(dynamoDb(), RESOURCES.tableName(),
                RESOURCES.catalogTableName(), Housekeeping.DEFAULT_TOMBSTONE_RETENTION);

        CLOCK.advance(Housekeeping.DEFAULT_TOMBSTONE_RETENTION.plusDays(1));
        purger.purge(CLOCK.instant(), PLENTY);
        CLOCK.advance(Housekeeping.SETTLE.plusSeconds(1));
        purger.purge(CLOCK.instant(), PLENTY);

        assertThat(items(RESOURCES.tableName(), tenantA, ns)).as("the tombstone is gone").isZero();
        assertThat(http.put(key, "{\"value\":3}", as(tenantA, "If-Match", oldTag)).statusCode()).isEqualTo(412);
        HttpResponse<String> created = http.put(key, "{\"value\":3}", as(tenantA));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(Http.json(created).path("version").asLong()).as("above the purged tombstone's 3").isEqualTo(4);
        assertThat(http.get(key, as(tenantA, "If-None-Match", oldTag)).statusCode()).isEqualTo(200);
    }
}
