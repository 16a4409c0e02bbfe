package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;

/**
 * The api function's Lambda handler ({@code io.stateapi.http.ApiFunction::handleRequest}):
 * API Gateway HTTP API payload 2.0 events routed to the Micronaut controllers. The local
 * gateway runs this same class.
 */
public class ApiFunction extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime: configuration comes from the environment. */
    public ApiFunction() {
        super();
    }

    /** Used by the local stack and tests, with an explicitly configured context. */
    public ApiFunction(ApplicationContext context) {
        super(context);
    }

    /**
     * API Gateway HTTP APIs decode {@code rawPath} before invoking the function; the router
     * expects an encoded path, so the path is made a valid encoded one first (an encoded path,
     * as the local gateway sends, passes unchanged).
     */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        event.setRawPath(RawPaths.escape(event.getRawPath()));
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            event.getRequestContext().getHttp().setPath(RawPaths.escape(event.getRequestContext().getHttp().getPath()));
        }
        return super.handleRequest(event, context);
    }

    /** A handler whose context has these properties on top of the environment's, as Lambda would build it. */
    public static ApiFunction withProperties(Map<String, Object> properties) {
        return new ApiFunction(new LambdaApplicationContextBuilder().properties(properties).build());
    }
}
