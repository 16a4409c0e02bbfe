package io.stateapi.local.events;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Faults injected into the fan-out function's real DynamoDB client on its change log puts (ADR
 * 0036), with SDK interceptors: the requests reach the emulator as usual, or not at all, and the
 * interceptors make DynamoDB look like it throttled them.
 */
final class ChangeLogFaults {

    private ChangeLogFaults() {
    }

    private static boolean isChangeLogPut(Object request, String table) {
        return request instanceof PutItemRequest put && put.tableName().equals(table);
    }

    /**
     * Answers every {@code every}th attempt of a change log put with DynamoDB's throttling error
     * after the emulator wrote the item: the client retries, and the retry's conditional put
     * fails ({@code attribute_not_exists}), which the fan-out reads as "recorded already".
     */
    static final class ThrottledAfterTheWrite implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> THROTTLED = new ExecutionAttribute<>("changeLogThrottled");
        private static final byte[] BODY = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                + "ProvisionedThroughputExceededException\",\"message\":\"Rate of requests exceeds the allowed "
                + "throughput (injected)\"}").getBytes(StandardCharsets.UTF_8);

        private final String table;
        private final int every;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();
        private final AtomicInteger conditionsFailed = new AtomicInteger();

        ThrottledAfterTheWrite(String table, int every) {
            this.table = table;
            this.every = every;
        }

        int throttled() {
            return throttled.get();
        }

        /** Puts whose condition failed because an earlier attempt of theirs had written the item. */
        int conditionsFailed() {
            return conditionsFailed.get();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attributes.putAttribute(THROTTLED, isChangeLogPut(context.request(), table)
                    && attempts.incrementAndGet() % every == 0);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return context.httpResponse();
            }
            throttled.incrementAndGet();
            return context.httpResponse().toBuilder()
                    .statusCode(400)
                    .removeHeader("x-amzn-ErrorType")
                    .putHeader("Content-Length", Integer.toString(BODY.length))
                    .build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                              ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(BODY));
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (isChangeLogPut(context.request(), table) && context.exception() instanceof ConditionalCheckFailedException) {
                conditionsFailed.incrementAndGet();
            }
        }
    }

    /**
     * Throttles every attempt of every {@code every}th change log put before it is sent, {@code times}
     * puts in all: nothing is written, the client's retries run out, and the fan-out fails the
     * stream record, which is delivered again.
     */
    static final class ThrottledThroughout implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> REFUSED = new ExecutionAttribute<>("changeLogRefused");

        private final String table;
        private final int every;
        private final AtomicInteger executions = new AtomicInteger();
        private final AtomicInteger left;
        private final AtomicInteger refused = new AtomicInteger();

        ThrottledThroughout(String table, int every, int times) {
            this.table = table;
            this.every = every;
            this.left = new AtomicInteger(times);
        }

        /** Puts that failed without writing anything. */
        int refused() {
            return refused.get();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            boolean refuse = isChangeLogPut(context.request(), table) && executions.incrementAndGet() % every == 0
                    && left.getAndDecrement() > 0;
            attributes.putAttribute(REFUSED, refuse);
            if (refuse) {
                refused.incrementAndGet();
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(REFUSED))) {
                String message = "Rate of requests exceeds the allowed throughput (injected)";
                throw ProvisionedThroughputExceededException.builder().statusCode(400).message(message)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                                .serviceName("DynamoDb").errorMessage(message).build())
                        .build();
            }
        }
    }
}
