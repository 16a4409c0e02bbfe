package io.stateapi.dynamodb;

import io.stateapi.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB client the functions use ({@link AwsClients}), with timeouts short enough that
 * API Gateway's 30-second limit is never what ends a request.
 */
public final class DynamoDbClients {

    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private DynamoDbClients() {
    }

    /**
     * @param endpoint     an emulator's endpoint, or {@code null} for the SDK's own resolution
     * @param interceptors cross-cutting behaviour, such as fault injection in tests
     */
    public static DynamoDbClient create(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return AwsClients.build(DynamoDbClient.builder(), endpoint, interceptors, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }
}
