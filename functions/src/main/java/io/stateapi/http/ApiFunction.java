package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.stateapi.logging.LogFields;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.tracing.TraceSpan;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The api function's Lambda handler ({@code io.stateapi.http.ApiFunction::handleRequest}):
 * API Gateway HTTP API payload 2.0 events routed to the Micronaut controllers. The local
 * gateway runs this same class.
 */
public class ApiFunction extends APIGatewayV2HTTPEventFunction {

    /** Whether the gateway delivers {@code rawPath} percent-decoded (API Gateway HTTP APIs do). */
    private final boolean pathArrivesDecoded;

    /** Used by the Lambda runtime: configuration comes from the environment. */
    public ApiFunction() {
        super();
        this.pathArrivesDecoded = pathArrivesDecoded(getApplicationContext());
    }

    /** Used by the local stack and tests, with an explicitly configured context. */
    public ApiFunction(ApplicationContext context) {
        super(context);
        this.pathArrivesDecoded = pathArrivesDecoded(context);
    }

    /**
     * The router and {@link KeysController} read an encoded path whose key part decodes twice to
     * the key (ADR 0009). A path delivered decoded, as API Gateway HTTP APIs deliver it, is
     * encoded back to that form; one delivered as sent is only made valid (it passes unchanged).
     *
     * <p>Every line logged while the request runs carries its request and trace ids
     * ({@link LogFields}), and none of a later request's carries them (ADR 0048). When the function
     * traces, the request is a span, named for its route, and its AWS SDK calls are its children (ADR 0059).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (LogFields.Scope fields = LogFields.open(context == null ? null : context.getAwsRequestId(),
                header(event, "x-amzn-trace-id"));
             TraceSpan span = LogFields.startSpan("api request")) {
            event.setRawPath(RawPaths.routable(event.getRawPath(), pathArrivesDecoded));
            if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
                APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext().getHttp();
                http.setPath(RawPaths.routable(http.getPath(), pathArrivesDecoded));
            }
            APIGatewayV2HTTPResponse response = super.handleRequest(event, context);
            describe(span, response);
            return response;
        }
    }

    /** The request's route and answer, as {@link RequestLog} put them in its fields (never the path). */
    private static void describe(TraceSpan span, APIGatewayV2HTTPResponse response) {
        String method = MDC.get(LogFields.METHOD);
        String route = MDC.get(LogFields.ROUTE);
        if (method != null && route != null) {
            span.rename(method + " " + route);
            span.attribute("http.request.method", method);
            span.attribute("http.route", route);
        }
        if (response != null) {
            span.attribute("http.response.status_code", response.getStatusCode());
            if (response.getStatusCode() >= 500) {
                span.failed("answered " + response.getStatusCode());
            }
        }
    }

    /** API Gateway hands headers over with lower-case names; a test's event may not. */
    private static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        return event.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** A handler whose context has these properties on top of the environment's, as Lambda would build it. */
    public static ApiFunction withProperties(Map<String, Object> properties) {
        return new ApiFunction(ApiContext.builder(System.getenv(ApiContext.INITIALIZATION_TYPE)).properties(properties).build());
    }

    /** What the Lambda runtime's constructor builds its context with. */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return ApiContext.builder(System.getenv(ApiContext.INITIALIZATION_TYPE));
    }

    /** {@code state.http.path-arrives-decoded} (env {@code STATE_HTTP_PATH_ARRIVES_DECODED}), false when unset. */
    static boolean pathArrivesDecoded(ApplicationContext context) {
        return context.getProperty(FunctionProperties.PATH_ARRIVES_DECODED, Boolean.class).orElse(false);
    }
}
