package io.stateapi.cli;

import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Which deployment a replay works on: the dead-letter queues, stream and fan-out function of an
 * environment, in the AWS account and region of the operator's credentials and {@code --region},
 * or in the local stack ({@code --endpoint}, {@code --lambda-endpoint}).
 */
final class ReplayTarget {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Longer than any fan-out function's timeout (15 minutes at most on Lambda): an invocation
     * answers when the function is done. The SDK retrying one that timed out sends its records
     * again, which the events' de-duplication makes harmless.
     */
    private static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(16);

    @Option(names = "--env", required = true, paramLabel = "<environment>",
            description = "The deployment's environment (dev, staging, prod; local for make run): the queues "
                    + "state-api-<environment>-stream-dlq and state-api-<environment>-changes-dlq.fifo, the function "
                    + "state-api-<environment>-fanout.")
    String environment;

    @Option(names = "--endpoint", paramLabel = "<url>",
            description = "An emulator's endpoint instead of AWS for SQS and DynamoDB Streams, e.g. the one make run "
                    + "prints (http://127.0.0.1:4566). Without AWS credentials in the environment, it gets placeholder ones.")
    URI endpoint;

    @Option(names = "--lambda-endpoint", paramLabel = "<url>",
            description = "Where to invoke the fan-out function instead of AWS Lambda, e.g. the local stack's Invoke "
                    + "endpoint that make run prints; default: --endpoint.")
    URI lambdaEndpoint;

    @Option(names = "--region", paramLabel = "<region>",
            description = "The AWS region of the deployment; default: the AWS SDK's (AWS_REGION, the profile), "
                    + "or us-east-1 with --endpoint.")
    String region;

    StateApiResources resources() {
        return StateApiResources.forEnvironment(environment);
    }

    SqsClient sqs() {
        return OperatorClients.build(SqsClient.builder(), endpoint, region, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }

    DynamoDbStreamsClient streams() {
        return OperatorClients.build(DynamoDbStreamsClient.builder(), endpoint, region, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }

    LambdaClient lambda() {
        URI where = lambdaEndpoint != null ? lambdaEndpoint : endpoint;
        return OperatorClients.build(LambdaClient.builder(), where, region, INVOKE_TIMEOUT, INVOKE_TIMEOUT);
    }
}
