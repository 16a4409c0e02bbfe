package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.stateapi.resources.FunctionProperties;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request's Lambda context is not registered as beans (ADR 0041): no bean of the api function
 * injects it, and Micronaut's default registered four singletons per request, the largest part of
 * the handler's own CPU time.
 */
class LambdaContextBeansTest {

    private static final Map<String, Object> PROPERTIES = Map.of(
            FunctionProperties.TABLE_NAME, "t", FunctionProperties.IDEMPOTENCY_TABLE_NAME, "i",
            FunctionProperties.CATALOG_TABLE_NAME, "c", FunctionProperties.CHANGE_LOG_TABLE_NAME, "l",
            FunctionProperties.AWS_ENDPOINT, "http://127.0.0.1:9",
            FunctionProperties.CURSOR_KEY, "bGFtYmRhLWNvbnRleHQtYmVhbnMtdGVzdC1rZXktMzJieXRlcw");

    @BeforeAll
    static void region() {
        if (System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
            System.setProperty("aws.region", "us-east-1"); // clients are built, never called
        }
    }

    private static APIGatewayV2HTTPEvent health() {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/health").withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/health")
                                .build())
                        .withRequestId("r").withStage("$default").build())
                .build();
    }

    @Test
    void aRequestLeavesNoLambdaContextBeansBehind() {
        try (ApiFunction function = ApiFunction.withProperties(PROPERTIES)) {
            assertThat(function.handleRequest(health(), new MockLambdaContext()).getStatusCode()).isEqualTo(200);

            ApplicationContext context = function.getApplicationContext();
            assertThat(context.containsBean(Context.class)).isFalse();
            assertThat(context.containsBean(LambdaLogger.class)).isFalse();
            assertThat(context.containsBean(ClientContext.class)).isFalse();
            assertThat(context.containsBean(CognitoIdentity.class)).isFalse();
        }
    }
}
