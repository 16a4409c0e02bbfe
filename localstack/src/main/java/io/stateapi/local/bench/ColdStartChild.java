package io.stateapi.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.stateapi.auth.Callers;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateService;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.RequestQuota;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.http.ApiContext;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One cold start, in a JVM of its own ({@link ColdStartBenchmark} starts it): configured from the
 * environment as Lambda configures a function, it builds its handler, answers one GET, and prints
 * what the whole process used ({@code /proc/self}: CPU of every thread, peak resident memory).
 *
 * <ul>
 *   <li>{@code api}: {@code new ApiFunction()} (what the Lambda runtime calls), then one API
 *       Gateway event through it;</li>
 *   <li>{@code api-load <n>}: the same, then {@code n} more requests, for the memory of a warm function;</li>
 *   <li>{@code bare}: the framework-free baseline, the same DynamoDB client (same HTTP client,
 *       timeouts and retries) and the same strongly consistent {@code GetItem}, nothing else;</li>
 *   <li>{@code bare-calls}: the baseline making as many DynamoDB calls as the api's first GET of a
 *       missing key (a {@code GetItem}, an {@code UpdateItem} as the quota lease, two more
 *       {@code GetItem}s): what the api's extra calls explain of the gap (ADR 0063);</li>
 *   <li>{@code context}: the api's Micronaut context (built as {@link ApiFunction} builds it, by
 *       {@link ApiContext}) and the same GET's domain calls (the caller from the event's claims, the quota, the read), without
 *       the request path (no event conversion, routing, binding, response or request log). On the
 *       Lambda jar the context still starts Micronaut's HTTP modules and builds the routes; on a
 *       class path without those modules it is Micronaut's dependency injection alone (ADR 0073).</li>
 * </ul>
 *
 * <p>It touches only the functions' classes, the JDK and the Lambda event types, so it runs on
 * the Lambda jar's classpath plus this class's directory (the {@link LocalIssuer} names it uses are
 * compile-time constants).
 */
public final class ColdStartChild {

    static final String KEY = "cold";
    static final String NAMESPACE = "bench";

    private ColdStartChild() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "api" -> api(0);
            case "api-load" -> api(Integer.parseInt(args[1]));
            case "bare" -> bare(0);
            case "bare-calls" -> bare(3);
            case "context" -> context();
            default -> throw new IllegalArgumentException(
                    "api, api-load <requests>, context, bare or bare-calls: " + args[0]);
        }
        // One line the parent parses; read last, so it covers the whole start and the request.
        System.out.println("cold-start cpu_ms=" + cpuMillis() + " rss_peak_kb=" + memoryKb("VmHWM:")
                + " rss_kb=" + memoryKb("VmRSS:") + " heap_used_kb=" + heapUsedKb());
    }

    /** The first GET, then {@code more} requests (PUT and GET in turn, over 100 keys): memory after a working life. */
    private static void api(int more) {
        try (ApiFunction function = new ApiFunction()) {
            expect(function.handleRequest(ColdStartEvents.get("/v1/namespaces/" + NAMESPACE + "/keys/" + KEY),
                    new LocalContext()).getStatusCode(), 200, 404);
            for (int i = 0; i < more; i++) {
                String path = "/v1/namespaces/" + NAMESPACE + "/keys/load/" + (i / 2 % 100);
                expect(function.handleRequest(i % 2 == 0
                                ? ColdStartEvents.event("PUT", path, "{\"value\":{\"n\":" + i + ",\"items\":[1,2,3]}}")
                                : ColdStartEvents.get(path),
                        new LocalContext()).getStatusCode(), 200, 201);
            }
        }
    }

    /** The first GET's work through the context's beans, as the controller and its binder call them. */
    private static void context() {
        APIGatewayV2HTTPEvent event = ColdStartEvents.get("/v1/namespaces/" + NAMESPACE + "/keys/" + KEY);
        try (ApplicationContext context = ApiContext.builder(System.getenv(ApiContext.INITIALIZATION_TYPE)).start()) {
            Caller caller = context.getBean(Callers.class).of(event.getRequestContext().getAuthorizer());
            caller.tenant().ifPresent(context.getBean(RequestQuota.class)::admit);
            try {
                context.getBean(StateService.class)
                        .get(caller, Namespace.of(NAMESPACE), Key.of(KEY), ReadConsistency.STRONG);
            } catch (KeyNotFoundException | NamespaceNotFoundException missing) {
                // the bench's key is not there: the api answers this GET with a 404 too
            }
        }
    }

    private static void expect(int status, int one, int other) {
        if (status != one && status != other) {
            throw new IllegalStateException("unexpected status " + status);
        }
    }

    private static long heapUsedKb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1024;
    }

    /** The baseline's {@code GetItem}, after {@code extraCalls} others of the kinds the api's first GET makes. */
    private static void bare(int extraCalls) {
        String endpoint = System.getenv(StateApiResources.ENV_AWS_ENDPOINT);
        String table = System.getenv(StateApiResources.ENV_TABLE_NAME);
        TenantNamespace namespace = TenantNamespace.of(BenchStack.TENANT, NAMESPACE);
        try (DynamoDbClient client = DynamoDbClients.create(URI.create(endpoint), List.of())) {
            for (int call = 0; call < extraCalls; call++) {
                if (call == 1) {
                    // in place of the quota lease (a conditional counter update): a counter update on a key no GET reads
                    client.updateItem(UpdateItemRequest.builder().tableName(table)
                            .key(StateItem.key(namespace, Key.of(KEY + "-lease")))
                            .updateExpression("ADD leased :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                            .build());
                } else {
                    client.getItem(GetItemRequest.builder().tableName(table)
                            .key(StateItem.key(namespace, Key.of(KEY + "-" + call))).consistentRead(true).build());
                }
            }
            client.getItem(GetItemRequest.builder()
                    .tableName(table)
                    .key(StateItem.key(namespace, Key.of(KEY)))
                    .consistentRead(true)
                    .build());
        }
    }

    /** utime + stime of the process (all threads), in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
    private static long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the command name (field 2) may hold spaces; the fields after its closing parenthesis don't
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** A line of {@code /proc/self/status}: {@code VmHWM:} is the peak resident set, {@code VmRSS:} the current one. */
    private static long memoryKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** The environment the CDK app gives the api function, pointed at the emulator. */
    static Map<String, String> environment(URI emulator, StateApiResources resources) {
        return Map.ofEntries(
                Map.entry(StateApiResources.ENV_TABLE_NAME, resources.tableName()),
                Map.entry(StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, resources.idempotencyTableName()),
                Map.entry(StateApiResources.ENV_CATALOG_TABLE_NAME, resources.catalogTableName()),
                Map.entry(StateApiResources.ENV_CHANGE_LOG_TABLE_NAME, resources.changeLogTableName()),
                Map.entry(StateApiResources.ENV_ENVIRONMENT, resources.environment()),
                Map.entry(StateApiResources.ENV_AWS_ENDPOINT, emulator.toString()),
                // the local stack's tenant limit: the memory run's 10,000 requests are not to be throttled
                Map.entry(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND,
                        String.valueOf(LocalStack.TENANT_REQUESTS_PER_SECOND)),
                Map.entry(StateApiResources.ENV_CURSOR_KEY, "Y29sZC1zdGFydC1iZW5jaC1jdXJzb3Ita2V5LTMyYnl0ZXM"),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "test"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "test"));
    }

    /** The event API Gateway's JWT authorizer hands the function for the bench tenant. */
    static final class ColdStartEvents {
        private static final String SCOPES = "state:read state:write state:admin";

        private ColdStartEvents() {
        }

        static APIGatewayV2HTTPEvent get(String path) {
            return event("GET", path, null);
        }

        static APIGatewayV2HTTPEvent event(String method, String path, String body) {
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRawPath(path).withRawQueryString("")
                    .withHeaders(body == null ? Map.of("accept", "application/json")
                            : Map.of("accept", "application/json", "content-type", "application/json"))
                    .withBody(body)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                            .withRequestId("bench").withStage("$default")
                            .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                            .withClaims(Map.of("iss", LocalIssuer.ISSUER, "aud", LocalIssuer.AUDIENCE,
                                                    LocalIssuer.TENANT_CLAIM, BenchStack.TENANT,
                                                    LocalIssuer.SCOPE_CLAIM, SCOPES))
                                            .withScopes(List.of(SCOPES.split(" ")))
                                            .build())
                                    .build())
                            .build())
                    .build();
        }
    }
}
