package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamMappingTest {

    private static Map<String, Object> mapping(String env) {
        return properties(Synthesized.of(env).only("AWS::Lambda::EventSourceMapping"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void readsTheTablesStreamFromTheTrimHorizonIntoTheFanOutFunction(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String fanOut = s.idOf("AWS::Lambda::Function", "FunctionName", resources.fanOutFunctionName());

        assertThat(mapping(env))
                .containsEntry("EventSourceArn", Synthesized.getAtt(table, "StreamArn"))
                .containsEntry("FunctionName", Synthesized.ref(fanOut))
                .containsEntry("StartingPosition", "TRIM_HORIZON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void batchesAndRetriesAsTheEnvironmentSays(String env) {
        EnvironmentConfig.StreamProcessing stream = EnvironmentConfig.named(env).stream();

        assertThat(mapping(env))
                .containsEntry("BatchSize", stream.batchSize())
                .containsEntry("MaximumBatchingWindowInSeconds", (int) stream.batchingWindow().toSeconds())
                .containsEntry("MaximumRetryAttempts", stream.retryAttempts())
                .containsEntry("MaximumRecordAgeInSeconds", (int) stream.maxRecordAge().toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isolatesFailingRecordsAndReportsPartialBatches(String env) {
        assertThat(mapping(env))
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("ParallelizationFactor", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void sendsWhatItCannotProcessToTheStreamFailureQueue(String env) {
        Synthesized s = Synthesized.of(env);
        String dlq = s.idOf("AWS::SQS::Queue", "QueueName", StateApiResources.forEnvironment(env).streamFailureQueueName());

        assertThat(mapping(env).get("DestinationConfig"))
                .isEqualTo(Map.of("OnFailure", Map.of("Destination", Synthesized.getAtt(dlq, "Arn"))));
    }

    @Test
    void retriesAreBoundedInEveryEnvironment() {
        for (String env : EnvironmentConfig.NAMES) {
            assertThat((Integer) mapping(env).get("MaximumRetryAttempts")).isBetween(0, 10_000);
            assertThat((Integer) mapping(env).get("MaximumRecordAgeInSeconds")).isBetween(60, 604_800);
        }
    }
}
