package io.stateapi.cli;

import io.stateapi.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * AWS clients for the operators' CLIs: the region and credentials of the operator's
 * environment, or, against an emulator ({@code endpoint}), the local stack's region and
 * placeholder credentials when the environment has none.
 */
final class OperatorClients {

    private OperatorClients() {
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, URI endpoint, String region, Duration attemptTimeout, Duration callTimeout) {
        if (region != null) {
            builder.region(Region.of(region));
        } else if (endpoint != null && unset("aws.region", "AWS_REGION") && unset("aws.region", "AWS_DEFAULT_REGION")) {
            // where make run's bootstrap creates the local stack's resources (LocalAws)
            builder.region(Region.US_EAST_1);
        }
        if (endpoint != null && unset("aws.accessKeyId", "AWS_ACCESS_KEY_ID") && unset("aws.profile", "AWS_PROFILE")) {
            // emulators accept any keys, and an operator's laptop may have none
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        }
        return AwsClients.build(builder, endpoint, List.of(), attemptTimeout, callTimeout);
    }

    private static boolean unset(String property, String environmentVariable) {
        return System.getProperty(property) == null && System.getenv(environmentVariable) == null;
    }
}
