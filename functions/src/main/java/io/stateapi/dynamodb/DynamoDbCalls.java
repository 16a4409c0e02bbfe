package io.stateapi.dynamodb;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** How a DynamoDB failure that outlasted the SDK's retries reaches the domain. */
final class DynamoDbCalls {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private DynamoDbCalls() {
    }

    /**
     * Runs one DynamoDB call. The SDK has already retried throttling and transient errors
     * by the time an exception arrives here; what is left means "try again later".
     */
    static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("the store is throttling or unavailable; try again after Retry-After"
                        + " (a write sent again is safe with the same Idempotency-Key)", RETRY_AFTER, e);
            }
            throw e;
        } catch (SdkClientException e) {
            // Timeouts (ApiCallTimeoutException, ApiCallAttemptTimeoutException) and I/O failures.
            throw new StoreUnavailableException("the store did not answer in time: a write may have been applied;"
                    + " send it again only with the same Idempotency-Key, or read first", RETRY_AFTER, e);
        }
    }
}
