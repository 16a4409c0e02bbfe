package io.stateapi.local;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One emulator and one local stack per test JVM, started on first use and stopped when the
 * JVM exits. Tests isolate themselves by namespace ({@link #uniqueNamespace}).
 *
 * <p>The emulator is moto from the project virtualenv unless {@code -Dstateapi.emulator=}
 * selects LocalStack or Floci (Docker needed), or {@code AWS_ENDPOINT_URL} names one.
 */
public final class TestStack {

    public static final StateApiResources RESOURCES = StateApiResources.forEnvironment("test");
    /** The tenant the shared stack's test requests act for, unless a test says otherwise. */
    public static final String TENANT = "test";

    private static Emulator sharedEmulator;
    private static TestStack shared;

    private final Emulator emulator;
    private final LocalStack stack;
    private final DynamoDbClient dynamoDb;

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
                shared = new TestStack(emulator(), LocalStack.start(emulator(), RESOURCES, 0));
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

    /** Base URI of the local API gateway, e.g. http://127.0.0.1:41234. */
    public URI api() {
        return stack.apiEndpoint();
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
