package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.events.FanOutFunction;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.events.SqsClients;
import io.stateapi.events.SqsQueueDirectory;
import io.stateapi.events.TenantQueues;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The change pipeline of the local stack: the table's stream, a {@link StreamPoller} in the
 * role of the event source mapping, and the real {@link FanOutFunction} publishing each change
 * to its tenant's FIFO queue, which the function creates on the tenant's first event
 * ({@link #queueOf}, ADR 0024), with the namespace settings and key counts of the catalog table
 * (ADR 0025). The same handler answers Lambda's Invoke API at {@link #lambdaEndpoint()} (ADR 0049),
 * where the replay CLI invokes it.
 */
public final class ChangePipeline implements AutoCloseable {

    /**
     * How to run the pipeline; tests change it to inject faults.
     *
     * @param fanOutInterceptors added to the fan-out function's AWS clients (not the poller's)
     * @param handlerDecorator   wraps the fan-out handler, e.g. to make it crash
     * @param publishConcurrency the fan-out function's concurrent SendMessageBatch calls at most
     */
    public record Options(StreamPoller.Settings settings, List<ExecutionInterceptor> fanOutInterceptors,
                          UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> handlerDecorator,
                          int publishConcurrency) {

        /**
         * moto answers concurrent SQS sends far more slowly than one at a time (they contend for
         * one Python interpreter, and a backlog drain slowed to calls timing out), so the local
         * stack publishes with one call at a time. On AWS the function uses its default, 8.
         */
        public static final int EMULATOR_PUBLISH_CONCURRENCY = 1;

        public Options {
            Objects.requireNonNull(settings, "settings");
            fanOutInterceptors = List.copyOf(fanOutInterceptors);
            Objects.requireNonNull(handlerDecorator, "handlerDecorator");
        }

        public static Options defaults() {
            return new Options(StreamPoller.Settings.local(), List.of(), UnaryOperator.identity(),
                    EMULATOR_PUBLISH_CONCURRENCY);
        }

        public Options withSettings(StreamPoller.Settings newSettings) {
            return new Options(newSettings, fanOutInterceptors, handlerDecorator, publishConcurrency);
        }

        public Options withFanOutInterceptors(ExecutionInterceptor... interceptors) {
            return new Options(settings, List.of(interceptors), handlerDecorator, publishConcurrency);
        }

        public Options withHandlerDecorator(
                UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> decorator) {
            return new Options(settings, fanOutInterceptors, decorator, publishConcurrency);
        }

        public Options withPublishConcurrency(int calls) {
            return new Options(settings, fanOutInterceptors, handlerDecorator, calls);
        }
    }

    private final ResourceBootstrap.QueueUrls queues;
    private final TenantQueues tenantQueues;
    private final FanOutFunction fanOut;
    private final StreamPoller poller;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final LambdaInvokeEndpoint invokeEndpoint;

    private ChangePipeline(ResourceBootstrap.QueueUrls queues, TenantQueues tenantQueues, FanOutFunction fanOut,
                           StreamPoller poller, DynamoDbStreamsClient streams, SqsClient sqs,
                           LambdaInvokeEndpoint invokeEndpoint) {
        this.queues = queues;
        this.tenantQueues = tenantQueues;
        this.fanOut = fanOut;
        this.poller = poller;
        this.streams = streams;
        this.sqs = sqs;
        this.invokeEndpoint = invokeEndpoint;
    }

    /** Starts the pipeline on resources {@link ResourceBootstrap} has created. */
    public static ChangePipeline start(URI endpoint, StateApiResources resources, Options options) {
        SqsClient sqs = SqsClients.create(endpoint, List.of());
        ResourceBootstrap.QueueUrls queues = ResourceBootstrap.createQueues(sqs, resources);
        String streamArn;
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(endpoint, List.of())) {
            streamArn = ResourceBootstrap.streamArn(dynamoDb, resources.tableName());
        }
        FanOutFunction fanOut = new FanOutFunction(new FanOutFunction.Configuration(
                resources.environment(), resources.tableName(), resources.catalogTableName(),
                resources.changeLogTableName(), queues.changesDeadLetterArn(), queues.streamFailure(), endpoint, options.fanOutInterceptors(), options.publishConcurrency()));
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
        String functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + resources.fanOutFunctionName();
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler = options.handlerDecorator().apply(fanOut);
        StreamPoller poller = StreamPoller.start(streams, sqs, streamArn, queues.streamFailure(), functionArn,
                handler, options.settings());
        LambdaInvokeEndpoint invokeEndpoint = LambdaInvokeEndpoint.start(resources.fanOutFunctionName(), handler);
        TenantQueues tenantQueues = new TenantQueues(resources, queues.changesDeadLetterArn(), new SqsQueueDirectory(sqs));
        return new ChangePipeline(queues, tenantQueues, fanOut, poller, streams, sqs, invokeEndpoint);
    }

    /** The shared queues: the change queues' dead-letter queue and the stream's on-failure destination. */
    public ResourceBootstrap.QueueUrls queues() {
        return queues;
    }

    /**
     * The URL of {@code tenant}'s change queue, which carries that tenant's events and no other's.
     * If the tenant has had no event yet, the queue is created now exactly as the fan-out function
     * would create it, so a consumer can start before the first write.
     *
     * @throws IllegalStateException when the queue cannot be had now (SQS refused or failed)
     */
    public String queueOf(String tenant) {
        return switch (tenantQueues.resolve(TenantId.of(tenant))) {
            case TenantQueues.Destination.Queue queue -> queue.url();
            case TenantQueues.Destination.Unavailable unavailable -> throw new IllegalStateException(unavailable.reason());
        };
    }

    /** The URL of {@code tenant}'s change queue if it exists, without creating it. */
    public Optional<String> existingQueueOf(String tenant) {
        return tenantQueues.existing(TenantId.of(tenant));
    }

    public StreamPoller poller() {
        return poller;
    }

    /** Lambda's Invoke API for the fan-out function, by its name in the environment (ADR 0049). */
    public URI lambdaEndpoint() {
        return invokeEndpoint.endpoint();
    }

    @Override
    public void close() {
        invokeEndpoint.close();
        poller.close();
        fanOut.close();
        streams.close();
        sqs.close();
    }
}
