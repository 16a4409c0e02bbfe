package io.stateapi.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.stateapi.resources.Permissions;
import io.stateapi.resources.StateApiResources;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The grants of the tenants' change topics and of the subscriptions (ADR 0038). Like the tenant
 * queues (ADR 0015), none of these resources is in the template: the functions make them at run
 * time, so each grant is a name pattern of this environment's topics, subscription queues or
 * subscription alarms, and nothing else.
 */
final class SubscriptionGrants {

    private final Construct scope;
    private final StateApiResources resources;

    SubscriptionGrants(Construct scope, StateApiResources resources) {
        this.scope = scope;
        this.resources = resources;
    }

    /** The fan-out creates a tenant's topics and publishes to them. */
    void grantFanOut(IGrantable fanOut) {
        allow(fanOut, Permissions.FAN_OUT_TENANT_TOPIC_ACTIONS, topicArnPattern());
    }

    /** The api function makes and removes subscriptions: topics, queues, alarms, and reads metrics. */
    void grantApi(IGrantable api) {
        allow(api, Permissions.API_TENANT_TOPIC_ACTIONS, topicArnPattern());
        allow(api, Permissions.API_TOPIC_SUBSCRIPTION_ACTIONS, topicArnPattern() + ":*");
        allow(api, Permissions.API_SUBSCRIPTION_QUEUE_ACTIONS, arn("sqs", resources.subscriptions().queueNamePattern()));
        allow(api, Permissions.API_SUBSCRIPTION_ALARM_ACTIONS, Stack.of(scope).formatArn(ArnComponents.builder()
                .service("cloudwatch").resource("alarm").resourceName(resources.subscriptions().alarmNamePattern())
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()));
        allow(api, Permissions.API_METRIC_READ_ACTIONS, "*");
    }

    /** The cdk-nag IAM5 findings the fan-out's topic grant raises, accepted for the reason given. */
    static List<NagPackSuppression> fanOutSuppressions(StateApiResources resources) {
        return List.of(topics(resources));
    }

    /** The cdk-nag IAM5 findings the api function's subscription grants raise, accepted for the reasons given. */
    static List<NagPackSuppression> apiSuppressions(StateApiResources resources) {
        String arn = "arn:<AWS::Partition>:%s:<AWS::Region>:<AWS::AccountId>:";
        return List.of(topics(resources),
                suppression("Removing a subscription unsubscribes it; a topic subscription's ARN is its topic's ARN "
                        + "and a generated id, so the grant is every subscription of this environment's tenant topics.",
                        String.format(arn, "sns") + resources.tenantChangesTopicNamePattern() + ":*"),
                suppression("Subscriptions' queues and DLQs are made by the api function when a tenant creates a "
                        + "subscription (ADR 0038), named by a generated id: the grant is every queue named "
                        + resources.subscriptions().queueNamePattern() + ", which no other queue of the service matches.",
                        String.format(arn, "sqs") + resources.subscriptions().queueNamePattern()),
                suppression("Each subscription's two alarms are made and deleted with it (ADR 0038): the grant is "
                        + "every alarm named " + resources.subscriptions().alarmNamePattern() + ".",
                        String.format(arn, "cloudwatch") + "alarm:" + resources.subscriptions().alarmNamePattern()));
    }

    private static NagPackSuppression topics(StateApiResources resources) {
        return suppression("Tenants' change topics are created at run time on first need (ADR 0038), so no template "
                        + "can name them: the grant is every topic named " + resources.tenantChangesTopicNamePattern()
                        + " in this account and region, every tenant's topic of this environment and nothing else.",
                "arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:" + resources.tenantChangesTopicNamePattern());
    }

    private static NagPackSuppression suppression(String reason, String resource) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(reason)
                .appliesTo(List.of("Resource::" + resource)).build();
    }

    /** Every tenant's change topic of this environment (both kinds), as an IAM resource pattern. */
    String topicArnPattern() {
        return arn("sns", resources.tenantChangesTopicNamePattern());
    }

    private String arn(String service, String name) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service(service).resource(name).arnFormat(ArnFormat.NO_RESOURCE_NAME).build());
    }

    private static void allow(IGrantable grantee, List<String> actions, String resource) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(resource)).build());
    }
}
