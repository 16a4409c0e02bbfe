package io.stateapi.events;

import io.stateapi.aws.AwsClients;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS client of the fan-out and api functions ({@link AwsClients}), with the SQS client's timeouts. */
public final class SnsClients {

    private SnsClients() {
    }

    /**
     * @param endpoint     an emulator's endpoint, or {@code null} for the SDK's own resolution
     * @param interceptors cross-cutting behaviour, such as fault injection in tests
     */
    public static SnsClient create(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return AwsClients.build(SnsClient.builder(), endpoint, interceptors, SqsClients.ATTEMPT_TIMEOUT,
                SqsClients.CALL_TIMEOUT);
    }
}
