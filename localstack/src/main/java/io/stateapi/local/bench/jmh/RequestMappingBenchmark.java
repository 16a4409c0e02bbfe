package io.stateapi.local.bench.jmh;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.domain.tenancy.RequestQuota;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalAws;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The api function's own work on an API Gateway event, without DynamoDB: the Lambda event mapped
 * to a Micronaut request, routed, the JWT claims bound to a caller, and a response mapped back.
 * {@code health} is the smallest route; {@code putRefusedBeforeTheStore} is a PUT of a 1 KiB value
 * that goes through header and body parsing and value validation, and is refused for its
 * {@code ttlSeconds} of 0 just before the store would be called, so its figure is a write's
 * mapping cost (and the problem response's) without the DynamoDB call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestMappingBenchmark {

    private ApiFunction function;
    private APIGatewayV2HTTPEvent health;
    private APIGatewayV2HTTPEvent put;
    private final LocalContext context = new LocalContext();

    @Setup(Level.Trial)
    public void start() {
        LocalAws.useEmulatorDefaults();
        // Nothing listens on port 9 (discard): a request that did reach DynamoDB would fail, not be timed.
        ApplicationContext application = new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(URI.create("http://127.0.0.1:9"),
                        StateApiResources.forEnvironment("jmh")))
                .build();
        // The tenant's request quota leases from a DynamoDB ledger (ADR 0017); admitting every request
        // keeps DynamoDB out of the figure.
        application.registerSingleton(RequestQuota.class, tenant -> { });
        function = new ApiFunction(application);
        health = ApiEvents.event("GET", "/health", Map.of("accept", "application/json"), null);
        put = ApiEvents.event("PUT", "/v1/namespaces/jmh/keys/users/42/cart",
                Map.of("content-type", "application/json", "accept", "application/json"),
                "{\"value\":" + Documents.value(1) + ",\"ttlSeconds\":0}");
        expect(health(), 200);
        expect(putRefusedBeforeTheStore(), 400);
    }

    @TearDown(Level.Trial)
    public void stop() {
        function.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse health() {
        return function.handleRequest(health, context);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse putRefusedBeforeTheStore() {
        return function.handleRequest(put, context);
    }

    private static void expect(APIGatewayV2HTTPResponse response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.getStatusCode() + ": "
                    + response.getBody());
        }
    }
}
