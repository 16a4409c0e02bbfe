package io.stateapi.events;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SQS client of the fan-out function, like {@code DynamoDbClients}: the
 * url-connection HTTP client, the SDK's standard retries (throttling, 5xx, timeouts, with
 * jitter) and per-attempt timeouts, so a hung call is retried instead of using up the
 * function's time.
 */
public final class SqsClients {

    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private SqsClients() {
    }

    /**
     * @param endpoint     an emulator's endpoint, or {@code null} for the SDK's own resolution
     * @param interceptors cross-cutting behaviour, such as fault injection in tests
     */
    public static SqsClient create(URI endpoint, List<ExecutionInterceptor> interceptors) {
        var builder = SqsClient.builder()
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
