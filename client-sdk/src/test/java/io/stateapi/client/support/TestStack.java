package io.stateapi.client.support;

import static org.awaitility.Awaitility.await;

import io.stateapi.client.Auth;
import io.stateapi.client.StateClient;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespacePurger;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One emulator and one local stack (the real api handler behind the local gateway, and the real
 * change pipeline: stream poller, fan-out function, the tenants' change queues) per test JVM,
 * started on first use and stopped with the JVM. Tests isolate themselves by namespace; the test
 * tenant's change queue ({@link #changeQueueUrl()}) is shared by all tests, so a test reading it
 * ignores events of other namespaces, or reads the queue of a tenant of its own ({@link #newTenant}).
 *
 * <p>The stack's gateway trusts an in-memory issuer (ADR 0014); every client under test
 * authenticates with {@link #auth()}: tenant {@value #TEST_TENANT} with every tenant scope.
 */
public final class TestStack {

    /** The tenant of {@link #token()}. */
    public static final String TEST_TENANT = "test";
    private static final String TEST_SCOPES = "state:read state:write state:admin";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile TestStack instance;

    private final MotoEmulator emulator;
    private final LocalStack stack;
    private final String token;

    private TestStack(MotoEmulator emulator, LocalStack stack) {
        this.emulator = emulator;
        this.stack = stack;
        // Outlives any test run, so no test meets an expired token.
        this.token = stack.issuer().token(TokenGrant.of(TEST_TENANT, TEST_SCOPES).lasting(Duration.ofHours(12)));
    }

    public static TestStack get() {
        TestStack current = instance;
        if (current == null) {
            synchronized (TestStack.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static TestStack start() {
        MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        try {
            // The variant without pipeline options runs the change pipeline with the local defaults.
            LocalStack stack = LocalStack.start(emulator, LocalStack.RESOURCES, 0, LocalIssuer.inMemory());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                emulator.close();
            }, "sdk-test-stack-shutdown"));
            return new TestStack(emulator, stack);
        } catch (IOException e) {
            emulator.close();
            throw new UncheckedIOException(e);
        }
    }

    public URI apiEndpoint() {
        return stack.apiEndpoint();
    }

    /** The issuer whose tokens the stack's gateway accepts. */
    public LocalIssuer issuer() {
        return stack.issuer();
    }

    /** A token of tenant {@value #TEST_TENANT} with {@code state:read state:write state:admin}. */
    public String token() {
        return token;
    }

    /** How every client under test authenticates: {@code Authorization: Bearer} {@link #token()}. */
    public Auth auth() {
        return Auth.bearer(this::token);
    }

    /**
     * What a client under test starts from: the stack's API, authenticated with {@link #auth()}.
     * The test adds what it is about (a retry policy, a listener) and builds it.
     */
    public StateClient.Builder client() {
        return client(apiEndpoint());
    }

    /** {@link #client()} through another endpoint: a fault proxy in front of the API, or a gateway of the test's own. */
    public StateClient.Builder client(URI endpoint) {
        return StateClient.builder().endpoint(endpoint).auth(auth());
    }

    /**
     * {@link #client()} as a tenant of its own, new to the stack, with every tenant scope: for a
     * test that lists what a tenant holds, which for {@value #TEST_TENANT} is every namespace the
     * JVM's earlier tests made (hundreds, a page of two at a time).
     */
    public StateClient.Builder clientOfANewTenant(String purpose) {
        return clientOf(newTenant(purpose));
    }

    /**
     * A tenant no other test uses: its namespaces, and its change queue ({@link #changeQueueUrl(String)}),
     * hold only what its own tests write. A test that consumes change events from a tenant of its
     * own does not first wade through the events of every test the JVM ran before it.
     */
    public static String newTenant(String purpose) {
        return uniqueNamespace(purpose); // the same unique name serves as a tenant's
    }

    /** {@link #client()} as {@code tenant}, with every tenant scope. */
    public StateClient.Builder clientOf(String tenant) {
        return clientOf(tenant, apiEndpoint());
    }

    /** {@link #clientOf(String)} through another endpoint (a fault proxy in front of the API). */
    public StateClient.Builder clientOf(String tenant, URI endpoint) {
        String tenantToken = stack.issuer().token(TokenGrant.of(tenant, TEST_SCOPES).lasting(Duration.ofHours(12)));
        return StateClient.builder().endpoint(endpoint).auth(Auth.bearer(() -> tenantToken));
    }

    public URI emulatorEndpoint() {
        return emulator.endpoint();
    }

    /**
     * The URL of the test tenant's change queue, where the local stack's pipeline publishes every
     * change the tests commit (made now if the tenant has had no event yet, as the fan-out would).
     */
    public String changeQueueUrl() {
        return changeQueueUrl(TEST_TENANT);
    }

    /** {@link #changeQueueUrl()} of another tenant ({@link #newTenant(String)}). */
    public String changeQueueUrl(String tenant) {
        return stack.changes().queueOf(tenant);
    }

    /**
     * Runs the housekeeping's namespace purges to their end now, as if their settle time
     * ({@link Housekeeping#SETTLE}, 30 s) had passed: the stack's own schedule waits it out on the
     * wall clock. The settle time itself is shown by localstack's NamespacePurgeEndToEndTest.
     */
    public void finishPurges() {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(emulator.endpoint(), List.of())) {
            StateApiResources resources = LocalStack.RESOURCES;
            DynamoDbNamespacePurger purger = new DynamoDbNamespacePurger(dynamoDb, resources.tableName(),
                    resources.idempotencyTableName(), resources.catalogTableName());
            Instant settled = Instant.now().plus(Housekeeping.SETTLE).plusSeconds(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> purger.advance(settled, Duration.ofMinutes(1)).running() == 0);
        }
    }

    /** A namespace no other test uses. */
    public static String uniqueNamespace(String purpose) {
        return "sdk-" + purpose + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }
}
