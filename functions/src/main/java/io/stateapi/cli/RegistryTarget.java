package io.stateapi.cli;

import io.stateapi.dynamodb.DynamoDbPrincipalRegistry;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which registry a command works on: the catalog table of a deployment's environment, in the
 * AWS account and region the operator's credentials and {@code --region} name, or in an
 * emulator ({@code --endpoint}).
 */
final class RegistryTarget {

    /** Longer than the api function's: an operator's first call may open a TLS connection across the world. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--env", required = true, paramLabel = "<environment>",
            description = "The deployment's environment (dev, staging, prod; local for make run): "
                    + "the registry is the catalog table state-api-<environment>-catalog.")
    String environment;

    @Option(names = "--endpoint", paramLabel = "<url>",
            description = "An emulator's endpoint instead of AWS, e.g. the one make run prints (http://127.0.0.1:4566). "
                    + "Without AWS credentials in the environment, the emulator gets placeholder ones.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "<region>",
            description = "The AWS region of the deployment; default: the AWS SDK's (AWS_REGION, the profile), "
                    + "or us-east-1 with --endpoint.")
    String region;

    String catalogTable() {
        return StateApiResources.forEnvironment(environment).catalogTableName();
    }

    /** The registry in the target's catalog table; the caller closes the client. */
    DynamoDbPrincipalRegistry registry(DynamoDbClient client) {
        return new DynamoDbPrincipalRegistry(client, catalogTable());
    }

    DynamoDbClient client() {
        return OperatorClients.build(DynamoDbClient.builder(), endpoint, region, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }
}
