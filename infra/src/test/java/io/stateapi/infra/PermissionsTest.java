package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StateApiResources.Permissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionsTest {

    /** Actions for which AWS supports no resource-level permissions, the only ones allowed on {@code *}. */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS =
            Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams");

    static Stream<Synthesized> everyVariant() {
        return Stream.of(Synthesized.of("dev"), Synthesized.of("staging"), Synthesized.of("prod"),
                Synthesized.prodWithAllOptions());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Synthesized s, String roleId) {
        return s.resources("AWS::IAM::Policy").values().stream()
                .map(Synthesized::properties)
                .filter(p -> ((List<Object>) p.get("Roles")).contains(Synthesized.ref(roleId)))
                .flatMap(p -> ((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument"))
                        .get("Statement")).stream())
                .toList();
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof Collection<?> c ? c.stream().map(Object::toString).toList() : List.of(action.toString());
    }

    private static String roleOf(Synthesized s, String functionName) {
        String fn = s.idOf("AWS::Lambda::Function", "FunctionName", functionName);
        @SuppressWarnings("unchecked")
        List<Object> roleArn = (List<Object>) ((Map<String, Object>) s.props(fn).get("Role")).get("Fn::GetAtt");
        return roleArn.get(0).toString();
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void noIamStatementGrantsAWildcardAction(Synthesized s) {
        assertThat(s.resources("AWS::IAM::Role")).isNotEmpty();
        for (String roleId : s.resources("AWS::IAM::Role").keySet()) {
            assertThat(statements(s, roleId)).isNotEmpty().allSatisfy(st ->
                    assertThat(actions(st)).noneMatch(a -> a.contains("*")));
        }
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void onlyActionsWithoutResourceLevelPermissionsAreGrantedOnEveryResource(Synthesized s) {
        for (String roleId : s.resources("AWS::IAM::Role").keySet()) {
            assertThat(statements(s, roleId))
                    .filteredOn(st -> "*".equals(st.get("Resource")))
                    .allSatisfy(st -> assertThat(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS).containsAll(actions(st)));
        }
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void rolesHaveNoManagedPolicies(Synthesized s) {
        assertThat(s.resources("AWS::IAM::Role").values()).allSatisfy(role ->
                assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionMayOnlyReadAndConditionallyWriteTheTable(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String idempotency = s.idOf("AWS::DynamoDB::Table", "TableName", resources.idempotencyTableName());
        String logs = s.idOf("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + resources.apiFunctionName());

        assertThat(statements(s, roleOf(s, resources.apiFunctionName())))
                .extracting(st -> Map.of("actions", Set.copyOf(actions(st)), "resource", st.get("Resource")))
                .containsExactlyInAnyOrder(
                        Map.of("actions", Set.copyOf(Permissions.API_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(table, "Arn")),
                        Map.of("actions", Set.copyOf(Permissions.API_IDEMPOTENCY_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(idempotency, "Arn")),
                        Map.of("actions", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "resource", Synthesized.getAtt(logs, "Arn")),
                        Map.of("actions", Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                "resource", "*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void fanOutFunctionMayReadTheStreamAndSendToItsQueues(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String changes = s.idOf("AWS::SQS::Queue", "QueueName", resources.changesQueueName());
        String failures = s.idOf("AWS::SQS::Queue", "QueueName", resources.streamFailureQueueName());
        String logs = s.idOf("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + resources.fanOutFunctionName());

        assertThat(statements(s, roleOf(s, resources.fanOutFunctionName())))
                .extracting(st -> Map.of("actions", Set.copyOf(actions(st)), "resource", st.get("Resource")))
                .containsExactlyInAnyOrder(
                        Map.of("actions", Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                                "dynamodb:GetShardIterator"), "resource", Synthesized.getAtt(table, "StreamArn")),
                        Map.of("actions", Set.copyOf(Permissions.FAN_OUT_QUEUE_ACTIONS),
                                "resource", Synthesized.getAtt(changes, "Arn")),
                        // the tombstone written back after a TTL removal
                        Map.of("actions", Set.copyOf(Permissions.FAN_OUT_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(table, "Arn")),
                        // what Lambda needs to deliver failed batches to the on-failure destination
                        Map.of("actions", Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                                "resource", Synthesized.getAtt(failures, "Arn")),
                        Map.of("actions", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "resource", Synthesized.getAtt(logs, "Arn")),
                        Map.of("actions", Set.of("dynamodb:ListStreams", "xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "resource", "*"));
    }

    @org.junit.jupiter.api.Test
    void withACustomerManagedKeyTheFunctionsMayUseThatKeyOnly() {
        Synthesized s = Synthesized.prodWithAllOptions();
        StateApiResources resources = StateApiResources.forEnvironment("prod");
        String key = s.idOf("AWS::KMS::Key", "Description", "Encrypts the State API table (prod) at rest");

        assertThat(statements(s, roleOf(s, resources.apiFunctionName())))
                .filteredOn(st -> actions(st).stream().anyMatch(a -> a.startsWith("kms:")))
                .singleElement()
                .satisfies(st -> {
                    assertThat(st.get("Resource")).isEqualTo(Synthesized.getAtt(key, "Arn"));
                    assertThat(actions(st)).containsExactlyInAnyOrder(
                            "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey");
                });
        // reading the stream, and writing the tombstone back after a TTL removal
        assertThat(statements(s, roleOf(s, resources.fanOutFunctionName())))
                .filteredOn(st -> actions(st).stream().anyMatch(a -> a.startsWith("kms:")))
                .allSatisfy(st -> assertThat(st.get("Resource")).isEqualTo(Synthesized.getAtt(key, "Arn")))
                .flatExtracting(PermissionsTest::actions)
                .containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
    }
}
