package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Permissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionsTest {

    /** Actions for which AWS supports no resource-level permissions, the only ones allowed on {@code *}. */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS =
            Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams", "cloudwatch:GetMetricData");

    static Stream<Synthesized> everyVariant() {
        return Stream.of(Synthesized.of("dev"), Synthesized.of("staging"), Synthesized.of("prod"),
                Synthesized.prodWithAllOptions(), Synthesized.prodWithIam());
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

    /** The project's roles: all but CDK's deploy-time copy function for the console, held apart below (ADR 0054). */
    private static List<String> ownRoles(Synthesized s) {
        return s.resources("AWS::IAM::Role").keySet().stream().filter(id -> !Synthesized.consoleCopyFunction(id)).toList();
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void noIamStatementGrantsAWildcardAction(Synthesized s) {
        assertThat(ownRoles(s)).isNotEmpty();
        for (String roleId : ownRoles(s)) {
            assertThat(statements(s, roleId)).isNotEmpty().allSatisfy(st ->
                    assertThat(actions(st)).noneMatch(a -> a.contains("*")));
        }
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void onlyActionsWithoutResourceLevelPermissionsAreGrantedOnEveryResource(Synthesized s) {
        for (String roleId : ownRoles(s)) {
            assertThat(statements(s, roleId))
                    .filteredOn(st -> "*".equals(st.get("Resource")))
                    .allSatisfy(st -> assertThat(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS).containsAll(actions(st)));
        }
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void rolesHaveNoManagedPolicies(Synthesized s) {
        assertThat(ownRoles(s)).allSatisfy(role ->
                assertThat(s.props(role)).doesNotContainKey("ManagedPolicyArns"));
    }

    /**
     * CDK's copy function for the console (ADR 0054) has its wildcards (grantRead, grantReadWrite,
     * invalidation), but on the asset bucket and the console's bucket only, invalidations aside.
     */
    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void theConsolesCopyFunctionReachesOnlyTheAssetBucketAndTheConsolesBucket(String env) {
        Synthesized s = Synthesized.of(env);
        List<String> roles = s.resources("AWS::IAM::Role").keySet().stream().filter(Synthesized::consoleCopyFunction)
                .toList();

        assertThat(roles).singleElement().satisfies(role -> assertThat(statements(s, role)).allSatisfy(st -> {
            Object resource = st.get("Resource");
            if ("*".equals(resource)) {
                assertThat(actions(st)).containsOnly("cloudfront:CreateInvalidation", "cloudfront:GetInvalidation");
            } else {
                assertThat(actions(st)).allMatch(a -> a.startsWith("s3:"));
                assertThat((List<?>) resource).allSatisfy(r -> assertThat(r.toString())
                        .containsAnyOf("ConsoleFiles", "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"));
            }
        }));
        assertThat(properties(s.resources("AWS::IAM::Role").get(roles.get(0))).get("ManagedPolicyArns").toString())
                .contains("AWSLambdaBasicExecutionRole").doesNotContain("FullAccess");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionMayOnlyReadAndConditionallyWriteTheTablesAndUseTheCatalog(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String idempotency = s.idOf("AWS::DynamoDB::Table", "TableName", resources.idempotencyTableName());
        String catalog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.catalogTableName());
        String changeLog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.changeLogTableName());
        String logs = s.idOf("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + resources.apiFunctionName());

        assertThat(statements(s, roleOf(s, resources.apiFunctionName())))
                .extracting(st -> Map.of("actions", Set.copyOf(actions(st)), "resource", st.get("Resource")))
                .containsExactlyInAnyOrder(
                        Map.of("actions", Set.copyOf(Permissions.API_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(table, "Arn")),
                        Map.of("actions", Set.copyOf(Permissions.API_IDEMPOTENCY_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(idempotency, "Arn")),
                        Map.of("actions", Set.copyOf(Permissions.API_CATALOG_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(catalog, "Arn")),
                        Map.of("actions", Set.copyOf(Permissions.API_CHANGE_LOG_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(changeLog, "Arn")),
                        // the watch's feed index, by name (ADR 0037)
                        Map.of("actions", Set.copyOf(Permissions.API_CHANGE_FEED_ACTIONS),
                                "resource", Map.of("Fn::Join", List.of("", List.of(Synthesized.getAtt(changeLog, "Arn"),
                                        "/index/" + StateApiResources.ChangeLogTable.FEED_INDEX)))),
                        Map.of("actions", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "resource", Synthesized.getAtt(logs, "Arn")),
                        // subscriptions (ADR 0038): the tenants' topics, their subscriptions, the
                        // subscriptions' queues and alarms, all by this environment's name patterns
                        Map.of("actions", Set.copyOf(Permissions.API_TENANT_TOPIC_ACTIONS),
                                "resource", arnPattern("sns", resources.tenantChangesTopicNamePattern())),
                        Map.of("actions", Set.copyOf(Permissions.API_TOPIC_SUBSCRIPTION_ACTIONS),
                                "resource", arnPattern("sns", resources.tenantChangesTopicNamePattern() + ":*")),
                        Map.of("actions", Set.copyOf(Permissions.API_SUBSCRIPTION_QUEUE_ACTIONS),
                                "resource", arnPattern("sqs", resources.subscriptions().queueNamePattern())),
                        Map.of("actions", Set.copyOf(Permissions.API_SUBSCRIPTION_ALARM_ACTIONS),
                                "resource", arnPattern("cloudwatch", "alarm:" + resources.subscriptions().alarmNamePattern())),
                        // a subscription's backlog age: GetMetricData has no resource-level permissions
                        Map.of("actions", Stream.concat(Stream.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                Permissions.API_METRIC_READ_ACTIONS.stream()).collect(Collectors.toSet()), "resource", "*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void fanOutFunctionMayReadTheStreamAndTheCatalogAndSendToTenantQueues(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String catalog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.catalogTableName());
        String changeLog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.changeLogTableName());
        String failures = s.idOf("AWS::SQS::Queue", "QueueName", resources.streamFailureQueueName());
        String logs = s.idOf("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + resources.fanOutFunctionName());

        assertThat(statements(s, roleOf(s, resources.fanOutFunctionName())))
                .extracting(st -> Map.of("actions", Set.copyOf(actions(st)), "resource", st.get("Resource")))
                .containsExactlyInAnyOrder(
                        Map.of("actions", Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                                "dynamodb:GetShardIterator"), "resource", Synthesized.getAtt(table, "StreamArn")),
                        Map.of("actions", Set.copyOf(Permissions.FAN_OUT_TENANT_QUEUE_ACTIONS),
                                "resource", tenantQueueArnPattern(resources)),
                        // every event also goes to its tenant's two topics (ADR 0038)
                        Map.of("actions", Set.copyOf(Permissions.FAN_OUT_TENANT_TOPIC_ACTIONS),
                                "resource", arnPattern("sns", resources.tenantChangesTopicNamePattern())),
                        // poison records the function sends to the stream DLQ itself (ADR 0023), and what
                        // Lambda needs to deliver failed batches there: one resource, so CDK merges the two
                        Map.of("actions", Stream.concat(Permissions.FAN_OUT_DEAD_LETTER_ACTIONS.stream(),
                                        Stream.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"))
                                        .collect(Collectors.toSet()),
                                "resource", Synthesized.getAtt(failures, "Arn")),
                        // the tombstone written back after a removal outside the API, and each change
                        // recorded for the keys' history (ADR 0036): the same action, so CDK merges the two
                        Map.of("actions", Stream.concat(Permissions.FAN_OUT_TABLE_ACTIONS.stream(),
                                        Permissions.FAN_OUT_CHANGE_LOG_TABLE_ACTIONS.stream()).collect(Collectors.toSet()),
                                "resource", List.of(Synthesized.getAtt(changeLog, "Arn"), Synthesized.getAtt(table, "Arn"))),
                        Map.of("actions", Set.copyOf(Permissions.FAN_OUT_CATALOG_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(catalog, "Arn")),
                        Map.of("actions", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "resource", Synthesized.getAtt(logs, "Arn")),
                        Map.of("actions", Set.of("dynamodb:ListStreams", "xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "resource", "*"));
    }

    /**
     * Tenants' queues are not in the template (the fan-out creates each on its tenant's first
     * event), so the grant is a name pattern: every tenant's queue of this environment, and
     * neither another environment's queues nor the stack's own dead-letter queues.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theTenantQueuePatternCoversThisEnvironmentsTenantQueuesOnly(String env) {
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String pattern = resources.tenantEventsQueueNamePattern();

        assertThat(pattern).isEqualTo("state-api-" + env + "-events-*.fifo");
        assertThat(List.of(resources.tenantEventsQueueName("acme"), resources.tenantEventsQueueName("a"),
                resources.tenantEventsQueueName("0b5e2a1c-7d4e-4f6a-9c3b-2e8d1f0a6b7c")))
                .allMatch(name -> iamGlobMatches(pattern, name));
        assertThat(EnvironmentConfig.NAMES.stream().filter(other -> !other.equals(env))
                .map(other -> StateApiResources.forEnvironment(other).tenantEventsQueueName("acme")))
                .noneMatch(name -> iamGlobMatches(pattern, name));
        assertThat(List.of(resources.changesDeadLetterQueueName(), resources.streamFailureQueueName(),
                resources.changesQueueName())).noneMatch(name -> iamGlobMatches(pattern, name));
    }

    /** The fan-out makes tenant queues, the api function subscription queues (ADR 0038), no role any other queue. */
    @ParameterizedTest
    @MethodSource("everyVariant")
    void onlyTheFanOutAndTheApiFunctionMayCreateQueuesEachOfItsOwnPattern(Synthesized s) {
        StateApiResources resources = s.config().resources();
        for (String roleId : s.resources("AWS::IAM::Role").keySet()) {
            boolean fanOut = roleId.equals(roleOf(s, resources.fanOutFunctionName()));
            boolean api = roleId.equals(roleOf(s, resources.apiFunctionName()));
            assertThat(statements(s, roleId)).as(roleId)
                    .filteredOn(st -> actions(st).contains("sqs:CreateQueue"))
                    .hasSize(fanOut || api ? 1 : 0)
                    .allSatisfy(st -> assertThat(st.get("Resource")).isEqualTo(fanOut ? tenantQueueArnPattern(resources)
                            : arnPattern("sqs", resources.subscriptions().queueNamePattern())));
        }
    }

    /** Subscription queues and tenant queues never match each other's grant, nor the stack's own queues. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theSubscriptionQueuePatternCoversThisEnvironmentsSubscriptionQueuesOnly(String env) {
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String pattern = resources.subscriptions().queueNamePattern();

        assertThat(List.of(resources.subscriptions().queueName("abc123"), resources.subscriptions().deadLetterQueueName("abc123")))
                .allMatch(name -> iamGlobMatches(pattern, name));
        assertThat(List.of(resources.tenantEventsQueueName("sub-x"), resources.changesDeadLetterQueueName(),
                resources.streamFailureQueueName(), StateApiResources.forEnvironment(env + "x").subscriptions().queueName("a")))
                .noneMatch(name -> iamGlobMatches(pattern, name));
        assertThat(resources.subscriptions().queueName("a".repeat(20)).length()).isLessThanOrEqualTo(80);
        assertThat(StateApiResources.forEnvironment("e".repeat(20)).subscriptions().deadLetterQueueName("a".repeat(20)))
                .hasSizeLessThanOrEqualTo(80);
    }

    /** arn:${Partition}:<service>:${Region}:${AccountId}:<name>, as CloudFormation writes it. */
    private static Map<String, Object> arnPattern(String service, String name) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":" + service + ":",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":" + name)));
    }

    /** arn:${Partition}:sqs:${Region}:${AccountId}:state-api-<env>-events-*.fifo, as CloudFormation writes it. */
    private static Map<String, Object> tenantQueueArnPattern(StateApiResources resources) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":sqs:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                ":" + resources.tenantEventsQueueNamePattern())));
    }

    /** IAM's resource matching: {@code *} is any run of characters, {@code ?} any one; the rest is literal. */
    private static boolean iamGlobMatches(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> java.util.regex.Pattern.quote(String.valueOf(c));
            });
        }
        return name.matches(regex.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void expirySweeperMayQueryTheExpiryIndexUpdateAndPurgeTheTableAndKeepTheCatalog(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String idempotency = s.idOf("AWS::DynamoDB::Table", "TableName", resources.idempotencyTableName());
        String catalog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.catalogTableName());
        String logs = s.idOf("AWS::Logs::LogGroup", "LogGroupName",
                "/aws/lambda/" + resources.expirySweeperFunctionName());

        assertThat(statements(s, roleOf(s, resources.expirySweeperFunctionName())))
                .extracting(st -> Map.of("actions", Set.copyOf(actions(st)), "resource", st.get("Resource")))
                .containsExactlyInAnyOrder(
                        // tombstones and the checkpoint, purges and backfills: one resource, so CDK merges the grants
                        Map.of("actions", Stream.of(Permissions.EXPIRY_SWEEPER_TABLE_ACTIONS,
                                        Permissions.EXPIRY_SWEEPER_PURGE_TABLE_ACTIONS,
                                        Permissions.HOUSEKEEPING_BACKFILL_TABLE_ACTIONS).flatMap(List::stream)
                                        .collect(Collectors.toSet()),
                                "resource", Synthesized.getAtt(table, "Arn")),
                        Map.of("actions", Set.copyOf(Permissions.HOUSEKEEPING_CATALOG_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(catalog, "Arn")),
                        // a purged namespace's idempotency records (ADR 0019)
                        Map.of("actions", Set.copyOf(Permissions.HOUSEKEEPING_IDEMPOTENCY_TABLE_ACTIONS),
                                "resource", Synthesized.getAtt(idempotency, "Arn")),
                        // each index by name, no index/* wildcard (the same actions: CDK merges the two grants)
                        Map.of("actions", Stream.concat(Permissions.EXPIRY_SWEEPER_INDEX_ACTIONS.stream(),
                                        Permissions.TOMBSTONE_PURGE_INDEX_ACTIONS.stream()).collect(Collectors.toSet()),
                                "resource", List.of(
                                        Map.of("Fn::Join", List.of("", List.of(Synthesized.getAtt(table, "Arn"),
                                                "/index/" + StateApiResources.Table.EXPIRY_INDEX))),
                                        Map.of("Fn::Join", List.of("", List.of(Synthesized.getAtt(table, "Arn"),
                                                "/index/" + StateApiResources.Table.TOMBSTONE_INDEX))))),
                        Map.of("actions", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "resource", Synthesized.getAtt(logs, "Arn")),
                        Map.of("actions", Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                "resource", "*"));
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
        // reading the stream, and writing the tombstone back after a removal outside the API
        assertThat(statements(s, roleOf(s, resources.fanOutFunctionName())))
                .filteredOn(st -> actions(st).stream().anyMatch(a -> a.startsWith("kms:")))
                .allSatisfy(st -> assertThat(st.get("Resource")).isEqualTo(Synthesized.getAtt(key, "Arn")))
                .flatExtracting(PermissionsTest::actions)
                .containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
        // reading the index and the checkpoint, writing tombstones and the checkpoint
        assertThat(statements(s, roleOf(s, resources.expirySweeperFunctionName())))
                .filteredOn(st -> actions(st).stream().anyMatch(a -> a.startsWith("kms:")))
                .singleElement()
                .satisfies(st -> {
                    assertThat(st.get("Resource")).isEqualTo(Synthesized.getAtt(key, "Arn"));
                    assertThat(actions(st)).containsExactlyInAnyOrder(
                            "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey");
                });
    }
}
