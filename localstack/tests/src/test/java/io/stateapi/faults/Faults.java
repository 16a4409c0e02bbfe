package io.stateapi.faults;

import io.stateapi.dynamodb.DynamoDbClients;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Faults injected into real AWS SDK clients through execution interceptors. */
public final class Faults {

    private Faults() {
    }

    /** Every DynamoDB call fails, before it is sent, with the given throttling error code. */
    public static ExecutionInterceptor dynamoDbThrottling(String errorCode) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                throw DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("injected").build())
                        .message("injected " + errorCode).build();
            }
        };
    }

    /** How a lost answer looks to the AWS SDK: the connection broke, or the attempt timed out. */
    public enum LostAnswer { CONNECTION_RESET, ATTEMPT_TIMEOUT }

    /**
     * The first {@code count} calls of {@code operation} reach DynamoDB (and commit there), and
     * then their answers are lost as {@code how} says, so the SDK sends them again: the case a
     * write must recognise as its own commit.
     */
    public static ExecutionInterceptor dynamoDbLostAnswers(String operation, int count, LostAnswer how) {
        AtomicInteger remaining = new AtomicInteger(count);
        return new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (!operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        || remaining.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                    return;
                }
                if (how == LostAnswer.CONNECTION_RESET) {
                    throw SdkClientException.create("injected: connection reset after the request was sent",
                            new IOException("Connection reset"));
                }
                try {
                    Thread.sleep(DynamoDbClients.ATTEMPT_TIMEOUT.plusMillis(500));
                } catch (InterruptedException e) {
                    // the SDK interrupts the attempt whose time is up: the answer is lost
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /**
     * Every {@code TransactWriteItems} is cancelled before it is sent, as DynamoDB cancels one
     * that collides with another transaction on its first item (the idempotency record).
     */
    public static ExecutionInterceptor dynamoDbTransactionConflictOnFirstItem() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (!"TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    return;
                }
                throw TransactionCanceledException.builder().statusCode(400)
                        .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                                CancellationReason.builder().code("None").build())
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                                .errorMessage("injected").build())
                        .message("injected transaction conflict").build();
            }
        };
    }

    /** Every DynamoDB call stalls before it is sent, longer than the client's attempt timeout. */
    public static ExecutionInterceptor dynamoDbStall(java.time.Duration stall) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    // the SDK interrupts a call whose time is up; that is the point of the stall
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
