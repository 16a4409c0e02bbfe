package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.http.Http;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * Each change message the fan-out sends to a tenant's queue carries the X-Ray trace header of the
 * request that wrote the change as its {@code AWSTraceHeader} system attribute, so X-Ray joins
 * the queue's consumers to the request's trace (ADR 0050). The test reads them off the requests the
 * fan-out really sends; {@code AwsCallSpansTest} reads them off the queue (the local emulator keeps
 * them since ADR 0059).
 */
class QueueTraceHeaderTest {

    private static final String HEADER = "Root=1-6756a1b2-fedcba9876543210fedcba98;Parent=53995c3f42cd8ad8;Sampled=1";

    private static final SentTraceHeaders sent = new SentTraceHeaders();
    private static LocalStack stack;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), StateApiResources.forEnvironment("events-traces"), 0,
                ChangePipeline.Options.defaults().withFanOutInterceptors(sent), TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        http = new Http(stack.apiEndpoint());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTracedRequestsChangeGoesToTheQueueWithItsTraceHeader() {
        String ns = TestStack.uniqueNamespace("traced");
        assertThat(http.put(Http.keyPath(ns, "k"), "{\"value\":1}", "X-Amzn-Trace-Id", HEADER).statusCode())
                .isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sent.bodiesNaming(ns)).isNotEmpty().allSatisfy(header -> assertThat(header).contains(HEADER)));
    }

    @Test
    void anUntracedRequestsChangeGoesToTheQueueWithoutOne() {
        String ns = TestStack.uniqueNamespace("untraced");
        assertThat(http.put(Http.keyPath(ns, "k"), "{\"value\":1}").statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sent.bodiesNaming(ns)).isNotEmpty().allSatisfy(header -> assertThat(header).isEmpty()));
    }

    /** The AWSTraceHeader of each message sent to a tenant queue, by message body. */
    private static final class SentTraceHeaders implements ExecutionInterceptor {

        final Map<String, Optional<String>> messages = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest request) {
                request.entries().forEach(entry -> messages.put(entry.messageBody(),
                        Optional.ofNullable(entry.messageSystemAttributes()
                                .get(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER))
                                .map(value -> value.stringValue())));
            }
        }

        List<Optional<String>> bodiesNaming(String namespace) {
            return messages.entrySet().stream().filter(e -> e.getKey().contains("/namespaces/" + namespace + "\""))
                    .map(Map.Entry::getValue).toList();
        }
    }
}
