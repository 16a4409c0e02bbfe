package io.stateapi.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the DynamoDB client the functions use: the url-connection HTTP client (ADR 0004),
 * the SDK's standard retries (throttling and transient errors, with jitter), and timeouts
 * short enough that API Gateway's 30-second limit is never what ends a request.
 */
public final class DynamoDbClients {

    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private DynamoDbClients() {
    }

    /**
     * @param endpoint    an emulator's endpoint, or {@code null} for the SDK's own resolution
     *                    (which also honours {@code AWS_ENDPOINT_URL})
     * @param interceptors cross-cutting behaviour, such as fault injection in tests
     */
    public static DynamoDbClient create(URI endpoint, List<ExecutionInterceptor> interceptors) {
        var builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(ATTEMPT_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .executionInterceptors(interceptors)
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
