package io.stateapi.local;

import com.nimbusds.jwt.JWTClaimsSet;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.auth.IssuerKeyFile;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole State API on a laptop ({@code make run}): an emulator, the resources on it,
 * the real handlers behind a local gateway that authorizes requests as API Gateway's JWT
 * authorizer does (tokens of the stack's {@link LocalIssuer}), the change pipeline, and the
 * expiry sweeper on its schedule.
 */
public final class LocalStack implements AutoCloseable {

    /** Resources of the local stack are those of the environment named "local". */
    public static final StateApiResources RESOURCES = StateApiResources.forEnvironment("local");
    /**
     * Each tenant's request quota on the local stack (ADR 0017): far above what a laptop serves, so
     * load and concurrency tests never meet it; tests of the quota start a function with a small one.
     */
    public static final int TENANT_REQUESTS_PER_SECOND = 100_000;
    /**
     * The cursor key of an api function a test builds from {@link #functionProperties}: fixed, so
     * every such function of a test accepts the others' cursors. Never a deployment's key: a
     * stack {@link #start}s with a random one, the CDK app with a generated secret (ADR 0026).
     */
    public static final String FIXED_CURSOR_KEY = "local-test-cursor-key-not-a-secret-0123456789";
    /** The tenant {@code make run} prints a token for, and whose change queue it prints (made up front). */
    public static final String DEMO_TENANT = "demo";
    private static final String DEMO_SCOPES = "state:read state:write state:admin";
    private static final Duration DEMO_TOKEN_LIFETIME = Duration.ofHours(12);

    private final Emulator emulator;
    private final ApiFunction apiFunction;
    private final LocalGateway gateway;
    private final ChangePipeline changes;
    private final ExpirySweepSchedule expirySweeps;
    private final LocalIssuer issuer;

    private LocalStack(Emulator emulator, ApiFunction apiFunction, LocalGateway gateway, ChangePipeline changes,
                       ExpirySweepSchedule expirySweeps, LocalIssuer issuer) {
        this.emulator = emulator;
        this.issuer = issuer;
        this.apiFunction = apiFunction;
        this.gateway = gateway;
        this.changes = changes;
        this.expirySweeps = expirySweeps;
    }

    /** Starts the stack on an emulator that is already running, trusting a new in-memory issuer ({@link #issuer()}). */
    public static LocalStack start(Emulator emulator, StateApiResources resources, int apiPort) throws IOException {
        return start(emulator, resources, apiPort, LocalIssuer.inMemory());
    }

    /** Starts the stack with a gateway that accepts the tokens of {@code issuer}. */
    public static LocalStack start(Emulator emulator, StateApiResources resources, int apiPort, LocalIssuer issuer)
            throws IOException {
        return start(emulator, resources, apiPort, ChangePipeline.Options.defaults(), issuer);
    }

    /** Starts the stack with the change pipeline run as {@code changeOptions} say (tests inject faults so). */
    public static LocalStack start(Emulator emulator, StateApiResources resources, int apiPort,
                                   ChangePipeline.Options changeOptions) throws IOException {
        return start(emulator, resources, apiPort, changeOptions, LocalIssuer.inMemory());
    }

    /** The same, with a gateway that accepts the tokens of {@code issuer}. */
    public static LocalStack start(Emulator emulator, StateApiResources resources, int apiPort,
                                   ChangePipeline.Options changeOptions, LocalIssuer issuer) throws IOException {
        return start(emulator, resources, apiPort, changeOptions, PathDecoding.AS_SENT, issuer);
    }

    /**
     * Starts the stack with its gateway handing request paths to the api function as
     * {@code paths} says, and the function configured to match; the gateway accepts the tokens
     * of {@code issuer}.
     */
    public static LocalStack start(Emulator emulator, StateApiResources resources, int apiPort,
                                   ChangePipeline.Options changeOptions, PathDecoding paths, LocalIssuer issuer)
            throws IOException {
        LocalAws.useEmulatorDefaults();
        new ResourceBootstrap(emulator.endpoint()).createAll(resources);
        ChangePipeline changes = ChangePipeline.start(emulator.endpoint(), resources, changeOptions);
        Map<String, Object> properties = new HashMap<>(functionProperties(emulator.endpoint(), resources, paths));
        // A key of its own per run: cursors of an earlier run are refused, as after a key change on AWS.
        properties.put(FunctionProperties.CURSOR_KEY, randomCursorKey());
        ApiFunction apiFunction = ApiFunction.withProperties(properties);
        // After a request that may have written, the poller reads at once (StreamPoller#wake); a
        // GET is a read (were it to write, its record is still read within the longest idle pause),
        // and waking on every read cost a GetRecords per read (issue 14).
        StreamPoller poller = changes.poller();
        LocalGateway gateway = LocalGateway.start((event, context) -> {
            try {
                return apiFunction.handleRequest(event, context);
            } finally {
                if (!"GET".equals(event.getRequestContext().getHttp().getMethod())) {
                    poller.wake();
                }
            }
        }, apiPort, paths, JwtAuthorizer.trusting(issuer));
        ExpirySweepSchedule expirySweeps = ExpirySweepSchedule.start(emulator.endpoint(), resources);
        return new LocalStack(emulator, apiFunction, gateway, changes, expirySweeps, issuer);
    }

    /** The configuration the functions get on AWS from environment variables, for an emulator. */
    public static Map<String, Object> functionProperties(URI emulatorEndpoint, StateApiResources resources) {
        return functionProperties(emulatorEndpoint, resources, PathDecoding.AS_SENT);
    }

    /** The same, for an api function behind a gateway that hands it paths as {@code paths} says. */
    public static Map<String, Object> functionProperties(URI emulatorEndpoint, StateApiResources resources,
                                                         PathDecoding paths) {
        return Map.of(
                FunctionProperties.TABLE_NAME, resources.tableName(),
                FunctionProperties.IDEMPOTENCY_TABLE_NAME, resources.idempotencyTableName(),
                FunctionProperties.CATALOG_TABLE_NAME, resources.catalogTableName(),
                FunctionProperties.CHANGE_LOG_TABLE_NAME, resources.changeLogTableName(),
                FunctionProperties.ENVIRONMENT, resources.environment(),
                FunctionProperties.AWS_ENDPOINT, emulatorEndpoint.toString(),
                FunctionProperties.PATH_ARRIVES_DECODED, paths.arrivesDecoded(),
                FunctionProperties.TENANT_REQUESTS_PER_SECOND, TENANT_REQUESTS_PER_SECOND,
                FunctionProperties.CURSOR_KEY, FIXED_CURSOR_KEY,
                FunctionProperties.ITEM_WRITE_FORMAT, itemWriteFormat());
    }

    /**
     * The item format the local functions write (ADR 0062): {@code STATE_ITEM_WRITE_FORMAT} from
     * the environment, as on AWS (e.g. {@code STATE_ITEM_WRITE_FORMAT=2 make run}); 1 when unset.
     */
    public static String itemWriteFormat() {
        String value = System.getenv(StateApiResources.ENV_ITEM_WRITE_FORMAT);
        return value == null || value.isBlank() ? Integer.toString(StateApiResources.DEFAULT_ITEM_WRITE_FORMAT)
                : value.strip();
    }

    /** 32 random bytes as base64url: what the CDK app's generated secret is to a deployment. */
    private static String randomCursorKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public URI apiEndpoint() {
        return gateway.endpoint();
    }

    /** Serves the console's built files (ADR 0054) on the API's gateway; answers the console's address. */
    public URI serveConsole(Path dist) {
        return gateway.serveConsole(dist);
    }

    public Emulator emulator() {
        return emulator;
    }

    /** The issuer whose tokens the gateway accepts ({@code issuer().token(...)} builds a request's credential). */
    public LocalIssuer issuer() {
        return issuer;
    }

    /** The change pipeline: each tenant's change queue ({@code queueOf}), the shared queues and the stream poller. */
    public ChangePipeline changes() {
        return changes;
    }

    /** The schedule that runs the expiry sweeper. */
    public ExpirySweepSchedule expirySweeps() {
        return expirySweeps;
    }

    @Override
    public void close() {
        expirySweeps.close();
        gateway.close();
        apiFunction.close();
        changes.close();
    }

    public static void main(String[] args) throws Exception {
        int apiPort = intFromEnvironment("STATE_API_PORT", 8080);
        int emulatorPort = intFromEnvironment("EMULATOR_PORT", 4566);
        String external = System.getenv("AWS_ENDPOINT_URL");
        Emulator emulator = external != null && !external.isBlank()
                ? Emulator.external(URI.create(external))
                : MotoEmulator.start(MotoEmulator.venvPython(), emulatorPort);
        PathDecoding paths = PathDecoding.fromEnvironment();
        // The key survives restarts, so tokens from `make token` (another process) stay valid.
        IssuerKeyFile keyFile = IssuerKeyFile.underProjectRoot(Path.of(System.getProperty("stateapi.root", ".")));
        LocalIssuer issuer = LocalIssuer.keptIn(keyFile.path());
        LocalStack stack = start(emulator, RESOURCES, apiPort,
                ChangePipeline.Options.defaults().withFanOutInterceptors(new PublishedEventsConsole()), paths, issuer);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            emulator.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        URI api = stack.apiEndpoint();
        URI console = stack.serveConsole(Path.of(System.getProperty("stateapi.root", "."), "console", "dist"));
        // Made now, as the fan-out would on the first event, so a consumer can start before any write.
        String demoQueue = stack.changes().queueOf(DEMO_TENANT);
        JWTClaimsSet demo = issuer.claims(TokenGrant.of(DEMO_TENANT, DEMO_SCOPES).lasting(DEMO_TOKEN_LIFETIME));
        String demoToken = issuer.sign(demo);
        System.out.printf("""

                State API is running.
                  API:       %s (request paths %s)
                  Emulator:  %s (%s)
                  Table:     %s
                  Change events (SQS FIFO): one queue per tenant, made on the tenant's first event
                    tenant %s: %s
                    tenant <t>: %s
                  Change events dead letters (FIFO): %s
                  Stream on-failure destination:     %s
                  Fan-out function, Lambda's Invoke API (ADR 0049): %s
                Replay both dead-letter queues (a dry run; add --apply to replay):
                  make replay ENV=%s ARGS="--endpoint %s --lambda-endpoint %s"

                Every request needs a JWT, checked as API Gateway's JWT authorizer checks it
                (issuer %s, audience %s; signing key in %s).
                Demo tenant %s, scopes %s, token valid until %s:

                  export TOKEN=%s

                The console (docs/console.md), signed in as the demo tenant:
                  %s#token=%s

                Try:
                  curl -i -X PUT %s/v1/namespaces/demo/keys/users/42 -H "Authorization: Bearer $TOKEN" \\
                       -H 'Content-Type: application/json' -d '{"value":{"name":"Ada"}}'
                  curl -i %s/v1/namespaces/demo/keys/users/42 -H "Authorization: Bearer $TOKEN"
                Its past versions (recorded within a second by the change pipeline), and a restore of one:
                  curl %s/v1/namespaces/demo/keys/users/42/versions -H "Authorization: Bearer $TOKEN"
                  curl -X POST %s/v1/namespaces/demo/keys/users/42/versions/1/restore -H "Authorization: Bearer $TOKEN"
                Watch the demo namespace's changes as Server-Sent Events (each about 8 s after its commit,
                one batch per answer: send the last event's id back as Last-Event-ID to resume):
                  curl -N '%s/v1/namespaces/demo/changes?waitSeconds=8' -H "Authorization: Bearer $TOKEN" \\
                       -H 'Accept: text/event-stream'

                Tokens for other tenants, in another terminal while this runs:
                  make token TENANT=acme SCOPES="state:read state:write" [NAMESPACES="orders cart-*"]
                The tenant registry of IAM principals (docs/deploy.md): the admin routes with a token of
                SCOPES=state:operator, or the operators' CLI on this emulator:
                  make registry ENV=%s ARGS="list --endpoint %s"

                Change events are printed below as the fan-out function puts them on their tenant's
                queue; docs/events.md shows how to consume them, e.g.:
                  aws --endpoint-url %s sqs receive-message --queue-url %s \\
                      --message-system-attribute-names MessageGroupId
                A queue of your own with a filter (a subscription; the answer has its queueUrl):
                  curl -X POST %s/v1/namespaces/demo/subscriptions -H "Authorization: Bearer $TOKEN" \\
                       -H 'Content-Type: application/json' -d '{"name":"users","prefix":"users/"}'

                The expiry sweeper runs every %d minute(s): a key written with ttlSeconds reads as
                absent once it expires, and its expired event follows at the next sweep.

                Ctrl-C stops everything.
                %n""", api, paths == PathDecoding.HTTP_API
                        ? "decoded as API Gateway HTTP APIs decode them" : "handed over as sent", emulator.endpoint(), emulator.description(), RESOURCES.tableName(),
                DEMO_TENANT, demoQueue, demoQueue.replace(RESOURCES.tenantEventsQueueName(DEMO_TENANT),
                        RESOURCES.tenantEventsQueueName("<t>")),
                stack.changes().queues().changesDeadLetter(), stack.changes().queues().streamFailure(),
                stack.changes().lambdaEndpoint(), RESOURCES.environment(), emulator.endpoint(),
                stack.changes().lambdaEndpoint(),
                issuer.issuer(), issuer.audience(), keyFile.path(),
                DEMO_TENANT, DEMO_SCOPES, demo.getExpirationTime().toInstant(), demoToken,
                console, demoToken,
                api, api, api, api, api,
                RESOURCES.environment(), emulator.endpoint(),
                emulator.endpoint(), demoQueue, api, Housekeeping.SWEEP_INTERVAL_MINUTES);
        stopped.await();
    }

    private static int intFromEnvironment(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number: " + value, e);
        }
    }
}
