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
        // The BucketDeployment's copy function is a stack-level singleton named Custom::CDKBucketDeployment...;
        // each suppression is on the one resource it concerns and, for IAM, on the exact findings only.
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                IConstruct role = child.getNode().findChild("ServiceRole");
                NagSuppressions.addResourceSuppressions(role, List.of(rule("AwsSolutions-IAM4",
                        "CDK's BucketDeployment copy function runs with AWSLambdaBasicExecutionRole (writing its own "
                                + "logs only); it runs at deploy time only.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")));
                NagSuppressions.addResourceSuppressions(role.getNode().findChild("DefaultPolicy"), List.of(rule(
                        "AwsSolutions-IAM5", "CDK's BucketDeployment copies the console's files at deploy time: it "
                                + "reads the CDK asset bucket, lists, writes and deletes objects of the console's bucket "
                                + "only (CDK's grantRead and grantReadWrite, whose actions end in *), and invalidates "
                                + "CloudFront paths (granted on * by CDK).",
                        COPY_FUNCTION_WILDCARDS.toArray(String[]::new))));
                NagSuppressions.addResourceSuppressions(child, List.of(rule("AwsSolutions-L1",
                        "The runtime of CDK's BucketDeployment copy function is chosen by the aws-cdk-lib version; it "
                                + "moves forward with the library.")));
            }
        }
    }

    /** The wildcards of CDK's grants to the copy function, as cdk-nag names them (checked in PermissionsTest). */
    static final List<String> COPY_FUNCTION_WILDCARDS = List.of(
            "Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*",
            "Action::s3:DeleteObject*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
            "Resource::<ConsoleFiles2D43986C.Arn>/*", "Resource::*");

    private static NagPackSuppression rule(String id, String reason, String... appliesTo) {
        NagPackSuppression.Builder rule = NagPackSuppression.builder().id(id).reason(reason);
        return appliesTo.length == 0 ? rule.build() : rule.appliesTo(List.<Object>of(appliesTo)).build();
    }
}
