package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void stackOutputsTheApiUrlTheTableAndTheQueueUrls(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        Map<String, Map<String, Object>> outputs = s.template().findOutputs("*");

        assertThat(outputs).containsOnlyKeys("ApiUrl", "TableName", "IdempotencyTableName", "ChangesQueueUrl", "ChangesDeadLetterQueueUrl",
                "StreamFailureQueueUrl", "AlarmTopicArn");
        assertThat(outputs.get("TableName").get("Value"))
                .isEqualTo(Synthesized.ref(s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName())));
        assertThat(outputs.get("ChangesQueueUrl").get("Value"))
                .isEqualTo(Synthesized.ref(s.idOf("AWS::SQS::Queue", "QueueName", resources.changesQueueName())));
        assertThat(outputs.get("ChangesDeadLetterQueueUrl").get("Value")).isEqualTo(Synthesized.ref(
                s.idOf("AWS::SQS::Queue", "QueueName", resources.changesDeadLetterQueueName())));
        assertThat(outputs.get("StreamFailureQueueUrl").get("Value")).isEqualTo(Synthesized.ref(
                s.idOf("AWS::SQS::Queue", "QueueName", resources.streamFailureQueueName())));
        String api = s.resources("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        assertThat(outputs.get("ApiUrl").get("Value").toString()).startsWith("{Fn::Join=[, [https://, {Ref=" + api + "}");
    }
}
