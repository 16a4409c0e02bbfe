package io.stateapi.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.stateapi.aws.AwsClients;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.subscriptions.SubscriptionIds;
import io.stateapi.domain.subscriptions.SubscriptionService;
import io.stateapi.dynamodb.DynamoDbSubscriptionCatalog;
import io.stateapi.events.SnsClients;
import io.stateapi.events.SnsTopicDirectory;
import io.stateapi.events.SqsClients;
import io.stateapi.events.TenantTopics;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.StateApiResources;
import io.stateapi.subscriptions.AwsSubscriptionChannels;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The api function's subscriptions (ADR 0038): the catalog, the SQS, SNS and CloudWatch clients
 * that make each subscription's queues and alarms. Configuration: {@code state.environment}
 * (env {@code STATE_ENVIRONMENT}; names the topics, queues and alarms) and optionally
 * {@code state.alarm-topic-arn} (env {@code STATE_ALARM_TOPIC_ARN}; where the subscription alarms notify).
 * The clients are made on first use, so a cold start that serves keys pays nothing for them.
 */
@Factory
public class SubscriptionFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient subscriptionsSqsClient(@Value("${" + FunctionProperties.AWS_ENDPOINT + ":}") String endpoint, List<ExecutionInterceptor> interceptors) {
        return SqsClients.create(uri(endpoint), interceptors);
    }

    @Singleton
    @Bean(preDestroy = "close")
    SnsClient subscriptionsSnsClient(@Value("${" + FunctionProperties.AWS_ENDPOINT + ":}") String endpoint, List<ExecutionInterceptor> interceptors) {
        return SnsClients.create(uri(endpoint), interceptors);
    }

    @Singleton
    @Bean(preDestroy = "close")
    CloudWatchClient subscriptionsCloudWatchClient(@Value("${" + FunctionProperties.AWS_ENDPOINT + ":}") String endpoint,
                                                   List<ExecutionInterceptor> interceptors) {
        return AwsClients.build(CloudWatchClient.builder(), uri(endpoint), interceptors, SqsClients.ATTEMPT_TIMEOUT,
                SqsClients.CALL_TIMEOUT);
    }

    @Singleton
    SubscriptionService subscriptionService(DynamoDbClient dynamoDb,
                                            @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable,
                                            @Value("${" + FunctionProperties.ENVIRONMENT + ":dev}") String environment,
                                            @Value("${" + FunctionProperties.ALARM_TOPIC_ARN + ":}") String alarmTopicArn,
                                            SqsClient sqs, SnsClient sns, CloudWatchClient cloudWatch,
                                            NamespaceCatalog namespaces, Clock clock) {
        StateApiResources resources = StateApiResources.forEnvironment(environment);
        AwsSubscriptionChannels channels = new AwsSubscriptionChannels(resources, sqs, sns, cloudWatch,
                new TenantTopics(resources, new SnsTopicDirectory(sns)),
                alarmTopicArn.isBlank() ? Optional.empty() : Optional.of(alarmTopicArn.strip()));
        return new SubscriptionService(new DynamoDbSubscriptionCatalog(dynamoDb, catalogTable), channels, namespaces,
                new SubscriptionIds(), clock);
    }

    private static URI uri(String endpoint) {
        return endpoint.isBlank() ? null : URI.create(endpoint);
    }
}
