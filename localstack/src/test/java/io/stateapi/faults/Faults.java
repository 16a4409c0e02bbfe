package io.stateapi.faults;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

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
