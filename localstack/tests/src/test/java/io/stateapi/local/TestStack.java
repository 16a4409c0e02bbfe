package io.stateapi.local;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One emulator and one local stack per test JVM, started on first use and stopped when the
 * JVM exits. Tests isolate themselves by namespace ({@link #uniqueNamespace}).
 *
 * <p>Every stack the tests start trusts the JVM's one in-memory {@link #issuer()} (no key file),
 * so a request carrying {@link #testToken()} (as {@code Http} sends by default) is accepted by
 * any of them: tenant {@value #TENANT} with every tenant scope.
 *
 * <p>The emulator is moto from the project virtualenv unless {@code -Dstateapi.emulator=}
 * selects LocalStack or Floci (Docker needed), or {@code AWS_ENDPOINT_URL} names one.
 */
public final class TestStack {

    public static final StateApiResources RESOURCES = StateApiResources.forEnvironment("test");
    /** The tenant of {@link #testToken()}: the one the shared stack's test requests act for. */
    public static final String TENANT = "test";
    private static final String TEST_SCOPES = "state:read state:write state:admin";
    /** Outlives any test run, so no test meets an expired token. */
    private static final Duration TEST_TOKEN_LIFETIME = Duration.ofHours(12);

    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String TEST_TOKEN = ISSUER.token(TokenGrant.of(TENANT, TEST_SCOPES).lasting(TEST_TOKEN_LIFETIME));

    private static Emulator sharedEmulator;
    private static TestStack shared;

    private final Emulator emulator;
    private final LocalStack stack;
    private final DynamoDbClient dynamoDb;
    private URI console;

    private TestStack(Emulator emulator, LocalStack stack) {
        this.emulator = emulator;
        this.stack = stack;
        this.dynamoDb = DynamoDbClients.create(emulator.endpoint(), List.of());
    }

    /** The test JVM's one emulator, for tests that start stacks of their own on it. */
    public static synchronized Emulator emulator() {
        if (sharedEmulator == null) {
            LocalAws.useEmulatorDefaults();
            Emulator started = TestEmulators.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-emulator-shutdown"));
            sharedEmulator = started;
        }
        return sharedEmulator;
    }

    /** The test JVM's one local stack (resources of environment "test") on {@link #emulator()}. */
    public static synchronized TestStack shared() {
        if (shared == null) {
            try {
                shared = new TestStack(emulator(), LocalStack.start(emulator(), RESOURCES, 0, ISSUER));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.stack.close();
                stack.dynamoDb.close();
            }, "test-stack-shutdown"));
        }
        return shared;
    }

    /** The issuer every test stack's gateway trusts; tests start their own stacks with it too. */
    public static LocalIssuer issuer() {
        return ISSUER;
    }

    /** A token of tenant {@value #TENANT} with {@code state:read state:write state:admin}, valid for hours. */
    public static String testToken() {
        return TEST_TOKEN;
    }

    /** {@link #testToken()}: the credential of this stack's test tenant. */
    public String token() {
        return TEST_TOKEN;
    }

    /** Base URI of the local API gateway, e.g. http://127.0.0.1:41234. */
    public URI api() {
        return stack.apiEndpoint();
    }

    /**
     * The console (console/dist, built by {@code make console}) served on this stack's gateway,
     * from the first call on: its address, e.g. http://127.0.0.1:41234/console/.
     */
    public synchronized URI console() {
        if (console == null) {
            console = stack.serveConsole(Path.of(System.getProperty("stateapi.root", ".."), "console", "dist"));
        }
        return console;
    }

    /** The stack's change pipeline: a tenant's change queue ({@code queueOf}) and the stream poller. */
    public ChangePipeline changes() {
        return stack.changes();
    }

    public URI emulatorEndpoint() {
        return emulator.endpoint();
    }

    /** A DynamoDB client on the emulator, for looking at what the API stored. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public String tableName() {
        return RESOURCES.tableName();
    }

    /** The partition key of the test tenant's namespace {@code namespace}: where its items are stored. */
    public static String partitionKey(String namespace) {
        return StateItem.partitionKey(TenantNamespace.of(TENANT, namespace));
    }

    public static String uniqueNamespace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
