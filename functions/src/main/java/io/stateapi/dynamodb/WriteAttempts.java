package io.stateapi.dynamodb;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Which failed attempts of a conditional state write the AWS SDK may send again by itself
 * (ADR 0065): only those that provably changed nothing, throttling and a connection that was
 * never made. Every other failure (a 5xx, a timed-out attempt, an I/O error once the request
 * was on its way) may have been applied, and a blind write sent again after it could apply
 * twice, so it comes back to {@link ConditionalUpdates}, which reads the item to learn the
 * outcome.
 */
final class WriteAttempts {

    /** Attempts the SDK makes for a write that did not apply (throttled, not connected). */
    static final int MAX_ATTEMPTS = 3;

    private static final RetryStrategy ONLY_WHAT_DID_NOT_APPLY = DefaultRetryStrategy.standardStrategyBuilder()
            .useClientDefaults(false)
            .circuitBreakerEnabled(false)
            .maxAttempts(MAX_ATTEMPTS)
            .retryOnException(WriteAttempts::retryable)
            .treatAsThrottling(WriteAttempts::throttled)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(1)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(2)))
            .build();

    /** Replaces the client's retry strategy for the one request it is added to. */
    private static final SdkPlugin SINGLE_APPLICATION = config -> config.overrideConfiguration(
            override -> override.retryStrategy(ONLY_WHAT_DID_NOT_APPLY));

    private WriteAttempts() {
    }

    /** {@code request}, which the SDK sends again only after an attempt that changed nothing. */
    static UpdateItemRequest sentAtMostOnceApplied(UpdateItemRequest request) {
        return request.toBuilder().overrideConfiguration(o -> o.addPlugin(SINGLE_APPLICATION)).build();
    }

    /** {@code request}, which the SDK sends again only after an attempt that changed nothing. */
    static TransactWriteItemsRequest sentAtMostOnceApplied(TransactWriteItemsRequest request) {
        return request.toBuilder().overrideConfiguration(o -> o.addPlugin(SINGLE_APPLICATION)).build();
    }

    /**
     * Whether the failure of an attempt proves it changed nothing: DynamoDB refused it
     * (throttling, a failed condition, a bad request: every 4xx) or the connection was never
     * made. A 5xx, a timed-out attempt or any other I/O failure may have been applied.
     */
    static boolean provablyNotApplied(Throwable failure) {
        if (failure instanceof DynamoDbException e) {
            return e.statusCode() >= 400 && e.statusCode() < 500 || e.isThrottlingException();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the SDK may send it again: it changed nothing, and trying again can change the answer. */
    private static boolean retryable(Throwable failure) {
        return provablyNotApplied(failure) && !(failure instanceof ConditionalCheckFailedException)
                && (!(failure instanceof DynamoDbException e) || e.isThrottlingException());
    }

    private static boolean throttled(Throwable failure) {
        return failure instanceof SdkServiceException e && e.isThrottlingException();
    }
}
