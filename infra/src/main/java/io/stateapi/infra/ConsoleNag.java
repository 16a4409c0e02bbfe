package io.stateapi.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** cdk-nag findings on the console's hosting (ADR 0054) that are accepted, each with its reason. */
final class ConsoleNag {

    private ConsoleNag() {
    }

    static void suppress(Stack stack, ConsoleHosting console) {
        NagSuppressions.addResourceSuppressions(console.bucket(), List.of(rule("AwsSolutions-S1",
                "The bucket holds only the console's public build output (no data, no secrets); it is read only "
                        + "by CloudFront through origin access control, and CloudFront is the place to log access.")),
                true);
        NagSuppressions.addResourceSuppressions(console.distribution(), List.of(
                rule("AwsSolutions-CFR1", "The console is a static page for the API's own users, who authenticate "
                        + "with the API's tokens; where they are is not a criterion for serving it."),
                rule("AwsSolutions-CFR2", "Static files only: every request that reads or changes state goes to the "
                        + "API, which has its own authorizer and throttling. A WAF in front of the page adds cost, "
                        + "not protection."),
                rule("AwsSolutions-CFR3", "Access logs of static files would record only that the page was loaded; "
                        + "the API's access log records every request that matters."),
                rule("AwsSolutions-CFR4", "The distribution uses CloudFront's default certificate (*.cloudfront.net), "
                        + "whose TLS policy CloudFront sets; a custom domain with its own certificate gets "
                        + "TLSv1.2_2021 from minimumProtocolVersion.")), true);
        // The BucketDeployment's provider function is a stack-level singleton named Custom::CDKBucketDeployment...
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                NagSuppressions.addResourceSuppressions(child, List.of(
                        rule("AwsSolutions-IAM4", "CDK's BucketDeployment provider runs with "
                                + "AWSLambdaBasicExecutionRole (its own logs only); it runs at deploy time only."),
                        rule("AwsSolutions-IAM5", "CDK's BucketDeployment copies the console's files: it lists, "
                                + "reads, writes and deletes objects of the asset bucket and of the console's bucket "
                                + "only, and invalidates the console's distribution."),
                        rule("AwsSolutions-L1", "The runtime of CDK's BucketDeployment provider is chosen by the "
                                + "aws-cdk-lib version; it moves forward with the library.")), true);
            }
        }
    }

    private static NagPackSuppression rule(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
