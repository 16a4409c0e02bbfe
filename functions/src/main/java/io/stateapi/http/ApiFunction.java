package io.stateapi.http;

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

    /** A handler whose context has these properties on top of the environment's, as Lambda would build it. */
    public static ApiFunction withProperties(Map<String, Object> properties) {
        return new ApiFunction(new LambdaApplicationContextBuilder().properties(properties).build());
    }
}
