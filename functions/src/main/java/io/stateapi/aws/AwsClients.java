package io.stateapi.aws;

import io.stateapi.tracing.Traces;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How every AWS SDK client of the functions is built: the url-connection HTTP client (ADR
 * 0004), the SDK's standard retries (throttling, 5xx, timeouts, with jitter), a timeout per
 * attempt so a hung call is retried, and one for the whole call so the function's own time
 * is never what ends it. When the process traces (ADR 0059), every call is a child span of the
 * span current on the calling thread.
 */
public final class AwsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private AwsClients() {
    }

    /**
     * @param endpoint     an emulator's endpoint, or {@code null} for the SDK's own resolution
     *                     (which also honours {@code AWS_ENDPOINT_URL})
     * @param interceptors cross-cutting behaviour, such as fault injection in tests
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, URI endpoint, List<ExecutionInterceptor> interceptors,
            Duration attemptTimeout, Duration callTimeout) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .apiCallTimeout(callTimeout)
                        .executionInterceptors(withTracing(interceptors))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static List<ExecutionInterceptor> withTracing(List<ExecutionInterceptor> interceptors) {
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.addAll(Traces.current().awsSdkInterceptors());
        return all;
    }
}
