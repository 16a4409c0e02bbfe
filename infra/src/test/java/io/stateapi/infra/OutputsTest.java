package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void stackOutputsTheApiUrlTheTablesAndTheQueueUrls(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        Map<String, Map<String, Object>> outputs = s.template().findOutputs("*");

        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of("ApiUrl", "TableName",
                "IdempotencyTableName", "CatalogTableName", "ChangeLogTableName", "TenantEventsQueueUrlPrefix",
                "TenantEventsQueueArnPrefix", "ChangesDeadLetterQueueUrl", "StreamFailureQueueUrl", "AlarmTopicArn"));
        if (!env.equals("dev")) {
            expected.add("ConsoleUrl"); // JWT deployments have the console by default (ADR 0054)
        }
        assertThat(outputs).containsOnlyKeys(expected.toArray(String[]::new));
        assertThat(outputs.get("TableName").get("Value"))
                .isEqualTo(Synthesized.ref(s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName())));
        assertThat(outputs.get("CatalogTableName").get("Value"))
                .isEqualTo(Synthesized.ref(s.idOf("AWS::DynamoDB::Table", "TableName", resources.catalogTableName())));
        assertThat(outputs.get("ChangeLogTableName").get("Value"))
                .isEqualTo(Synthesized.ref(s.idOf("AWS::DynamoDB::Table", "TableName", resources.changeLogTableName())));
        assertThat(outputs.get("ChangesDeadLetterQueueUrl").get("Value")).isEqualTo(Synthesized.ref(
                s.idOf("AWS::SQS::Queue", "QueueName", resources.changesDeadLetterQueueName())));
        assertThat(outputs.get("StreamFailureQueueUrl").get("Value")).isEqualTo(Synthesized.ref(
                s.idOf("AWS::SQS::Queue", "QueueName", resources.streamFailureQueueName())));
        String api = s.resources("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        assertThat(outputs.get("ApiUrl").get("Value").toString()).startsWith("{Fn::Join=[, [https://, {Ref=" + api + "}");
    }

    /** A tenant's queue is the prefix and {@code <tenant>.fifo}: what a tenant's consumer and its IAM policy name. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void tenantQueuesAreFoundByPrefix(String env) {
        Map<String, Map<String, Object>> outputs = Synthesized.of(env).template().findOutputs("*");
        String prefix = StateApiResources.forEnvironment(env).tenantEventsQueuePrefix();

        assertThat(outputs.get("TenantEventsQueueUrlPrefix").get("Value")).isEqualTo(Map.of("Fn::Join", List.of("",
                List.of("https://sqs.", Map.of("Ref", "AWS::Region"), ".", Map.of("Ref", "AWS::URLSuffix"), "/",
                        Map.of("Ref", "AWS::AccountId"), "/" + prefix))));
        assertThat(outputs.get("TenantEventsQueueArnPrefix").get("Value")).isEqualTo(Map.of("Fn::Join", List.of("",
                List.of("arn:", Map.of("Ref", "AWS::Partition"), ":sqs:", Map.of("Ref", "AWS::Region"), ":",
                        Map.of("Ref", "AWS::AccountId"), ":" + prefix))));
    }
}
