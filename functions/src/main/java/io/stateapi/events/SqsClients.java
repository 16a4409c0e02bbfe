package io.stateapi.events;

import io.stateapi.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS client of the fan-out function ({@link AwsClients}). */
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
        return AwsClients.build(SqsClient.builder(), endpoint, interceptors, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }
}
