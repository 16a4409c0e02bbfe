package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.TracingSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionsTest {

    private static final String FUNCTION = "AWS::Lambda::Function";

    private static String apiFunction(Synthesized s) {
        return s.idOf(FUNCTION, "FunctionName", StateApiResources.forEnvironment(s.config().name()).apiFunctionName());
    }

    private static String fanOutFunction(Synthesized s) {
        return s.idOf(FUNCTION, "FunctionName", StateApiResources.forEnvironment(s.config().name()).fanOutFunctionName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void bothFunctionsRunJava21OnArm64WithActiveTracing(String env) {
        Synthesized s = Synthesized.of(env);

        for (String id : List.of(apiFunction(s), fanOutFunction(s))) {
            Map<String, Object> fn = s.props(id);
            assertThat(fn.get("Runtime")).isEqualTo("java21");
            assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
            assertThat(fn.get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
        }
    }

    /**
     * ADR 0059: all three record spans and send them to the X-Ray daemon that active tracing runs for
     * them (the housekeeping function's runs and their DynamoDB calls too, issue 14).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    @SuppressWarnings("unchecked")
    void everyFunctionRecordsSpansForItsXrayDaemon(String env) {
        Synthesized s = Synthesized.of(env);
        String housekeeping = s.function(StateApiResources.forEnvironment(env).expirySweeperFunctionName());

        for (String id : List.of(apiFunction(s), fanOutFunction(s), housekeeping)) {
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) s.props(id).get("Environment"))
                    .get("Variables");
            assertThat(variables).containsEntry(TracingSettings.ENV_TRACING, TracingSettings.XRAY);
            assertThat(s.props(id).get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void handlersComeFromTheResourcesClass(String env) {
        Synthesized s = Synthesized.of(env);

        assertThat(s.props(apiFunction(s)).get("Handler")).isEqualTo(StateApiResources.API_HANDLER);
        assertThat(s.props(fanOutFunction(s)).get("Handler")).isEqualTo(StateApiResources.FAN_OUT_HANDLER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void memoryAndTimeoutAreTheEnvironments(String env) {
        Synthesized s = Synthesized.of(env);
        EnvironmentConfig config = EnvironmentConfig.named(env);

        assertThat(s.props(apiFunction(s)))
                .containsEntry("MemorySize", config.apiFunction().memoryMb())
                .containsEntry("Timeout", (int) config.apiFunction().timeout().toSeconds());
        assertThat(s.props(fanOutFunction(s)))
                .containsEntry("MemorySize", config.fanOutFunction().memoryMb())
                .containsEntry("Timeout", (int) config.fanOutFunction().timeout().toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void environmentVariablesNameTheResourcesOfThisEnvironment(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);
        EnvironmentConfig config = EnvironmentConfig.named(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", resources.tableName());
        String idempotency = s.idOf("AWS::DynamoDB::Table", "TableName", resources.idempotencyTableName());
        String catalog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.catalogTableName());
        String changeLog = s.idOf("AWS::DynamoDB::Table", "TableName", resources.changeLogTableName());
        String changesDeadLetters = s.idOf("AWS::SQS::Queue", "QueueName", resources.changesDeadLetterQueueName());
        String streamFailures = s.idOf("AWS::SQS::Queue", "QueueName", resources.streamFailureQueueName());

        Map<String, Object> api = new HashMap<>(Map.of(
                StateApiResources.ENV_TABLE_NAME, Synthesized.ref(table),
                StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, Synthesized.ref(idempotency),
                StateApiResources.ENV_IDEMPOTENCY_RETENTION, config.idempotencyRetention().toString(),
                StateApiResources.ENV_CATALOG_TABLE_NAME, Synthesized.ref(catalog),
                StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND, Integer.toString(config.tenantRequestsPerSecond()),
                StateApiResources.ENV_ENVIRONMENT, env,
                StateApiResources.ENV_PATH_ARRIVES_DECODED, "true"));
        api.put(StateApiResources.ENV_CHANGE_LOG_TABLE_NAME, Synthesized.ref(changeLog));
        api.put(TracingSettings.ENV_TRACING, TracingSettings.XRAY);
        api.put(StateApiResources.ENV_ITEM_WRITE_FORMAT, "1"); // the shipped configurations write format 1 (ADR 0062)
        // The cursor key (ADR 0026): a dynamic reference to the generated secret, resolved at deploy time.
        String cursorKey = s.idOf("AWS::SecretsManager::Secret", "Name", resources.cursorKeySecretName());
        api.put(StateApiResources.ENV_CURSOR_KEY, Map.of("Fn::Join", List.of("", List.of(
                "{{resolve:secretsmanager:", Synthesized.ref(cursorKey), ":SecretString:::}}"))));
        api.putAll(env.equals("dev")
                ? Map.of(StateApiResources.ENV_AUTH_DEFAULT_TENANT, "default")
                : Map.of(StateApiResources.ENV_AUTH_TENANT_CLAIM, "tenant",
                        StateApiResources.ENV_AUTH_NAMESPACES_CLAIM, "namespaces"));
        // subscription alarms notify the deployment's alarm topic (ADR 0038)
        api.put(StateApiResources.ENV_ALARM_TOPIC_ARN,
                Synthesized.ref(s.idOf("AWS::SNS::Topic", "TopicName", resources.alarmTopicName())));
        assertThat(s.environmentOf(resources.apiFunctionName())).isEqualTo(api);
        // tenants' queues are named from the environment (StateApiResources.tenantEventsQueueName)
        assertThat(s.environmentOf(resources.fanOutFunctionName())).isEqualTo(Map.of(
                StateApiResources.ENV_TABLE_NAME, Synthesized.ref(table),
                StateApiResources.ENV_CATALOG_TABLE_NAME, Synthesized.ref(catalog),
                StateApiResources.ENV_CHANGE_LOG_TABLE_NAME, Synthesized.ref(changeLog),
                StateApiResources.ENV_CHANGES_DEAD_LETTER_QUEUE_ARN, Synthesized.getAtt(changesDeadLetters, "Arn"),
                StateApiResources.ENV_STREAM_FAILURE_QUEUE_URL, Synthesized.ref(streamFailures), // a queue's Ref is its URL
                StateApiResources.ENV_ENVIRONMENT, env,
                TracingSettings.ENV_TRACING, TracingSettings.XRAY));
    }

    /**
     * Step 2 of a rolling deploy of an item format (ADR 0062): the environment config's write
     * format reaches every function that writes state items (the api function, and the
     * housekeeping's backfills), and not the fan-out, which writes no value.
     */
    @org.junit.jupiter.api.Test
    void theItemWriteFormatOfTheEnvironmentConfigReachesEveryFunctionThatWritesStateItems() {
        Synthesized s = Synthesized.prodWritingItemFormat(2);
        StateApiResources resources = StateApiResources.forEnvironment("prod");

        assertThat(s.environmentOf(resources.apiFunctionName()))
                .containsEntry(StateApiResources.ENV_ITEM_WRITE_FORMAT, "2");
        assertThat(s.environmentOf(resources.expirySweeperFunctionName()))
                .containsEntry(StateApiResources.ENV_ITEM_WRITE_FORMAT, "2");
        assertThat(s.environmentOf(resources.fanOutFunctionName()))
                .doesNotContainKey(StateApiResources.ENV_ITEM_WRITE_FORMAT);
    }

    /**
     * The fan-out's share of the account's concurrency is its own: however many requests the API
     * serves, change events keep flowing. The API has no cap of its own (ADR 0015).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theFanOutHasReservedConcurrencyAndTheOtherFunctionsDrawOnTheAccountsPool(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);

        assertThat(s.props(fanOutFunction(s)))
                .containsEntry("ReservedConcurrentExecutions", EnvironmentConfig.named(env).fanOutReservedConcurrency());
        assertThat(s.props(apiFunction(s))).doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(s.props(s.function(resources.expirySweeperFunctionName())))
                .doesNotContainKey("ReservedConcurrentExecutions");
    }

    /** The HTTP API decodes the request path before the function sees it; the function must know (ADR 0009). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionIsToldThatTheHttpApiDeliversThePathDecoded(String env) {
        Synthesized s = Synthesized.of(env);

        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) s.props(apiFunction(s))
                .get("Environment")).get("Variables");
        assertThat(variables).containsEntry(StateApiResources.ENV_PATH_ARRIVES_DECODED, "true");
        assertThat(s.resources("AWS::ApiGatewayV2::Api")).isNotEmpty().allSatisfy((id, api) ->
                assertThat(properties(api)).containsEntry("ProtocolType", "HTTP"));
        @SuppressWarnings("unchecked")
        Map<String, Object> fanOutVariables = (Map<String, Object>) ((Map<String, Object>) s.props(fanOutFunction(s))
                .get("Environment")).get("Variables");
        assertThat(fanOutVariables).doesNotContainKey(StateApiResources.ENV_PATH_ARRIVES_DECODED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiFunctionUsesSnapStartBehindAnAliasOfAPublishedVersion(String env) {
        Synthesized s = Synthesized.of(env);
        String api = apiFunction(s);

        assertThat(s.props(api).get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        Map<String, Object> version = properties(s.only("AWS::Lambda::Version"));
        assertThat(version.get("FunctionName")).isEqualTo(Synthesized.ref(api));
        Map<String, Object> alias = properties(s.only("AWS::Lambda::Alias"));
        assertThat(alias.get("Name")).isEqualTo(StateApiStack.API_ALIAS);
        assertThat(alias.get("FunctionName")).isEqualTo(Synthesized.ref(api));
        assertThat(alias.get("FunctionVersion")).isEqualTo(Synthesized.getAtt(
                s.resources("AWS::Lambda::Version").keySet().iterator().next(), "Version"));
    }

    @Test
    void fanOutFunctionDoesNotUseSnapStart() {
        Synthesized s = Synthesized.of("prod");

        assertThat(s.props(fanOutFunction(s))).doesNotContainKey("SnapStart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void eachFunctionLogsJsonToItsOwnLogGroupWithTheEnvironmentsRetention(String env) {
        Synthesized s = Synthesized.of(env);
        EnvironmentConfig config = EnvironmentConfig.named(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);

        String sweeper = s.idOf(FUNCTION, "FunctionName", resources.expirySweeperFunctionName());
        for (var fn : Map.of(apiFunction(s), resources.apiFunctionName(),
                fanOutFunction(s), resources.fanOutFunctionName(),
                sweeper, resources.expirySweeperFunctionName()).entrySet()) {
            String logGroup = s.idOf("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + fn.getValue());
            // JSON: Lambda's own lines (START, REPORT) in the shape of the functions' lines (ADR 0048)
            assertThat(s.props(fn.getKey()).get("LoggingConfig")).isEqualTo(Map.of("LogGroup", Synthesized.ref(logGroup),
                    "LogFormat", "JSON", "ApplicationLogLevel", "INFO", "SystemLogLevel", "INFO"));
            assertThat(s.props(logGroup).get("RetentionInDays")).isEqualTo(days(config.logRetention()));
            assertThat(s.resource(logGroup).get("DeletionPolicy")).isEqualTo(config.protectData() ? "Retain" : "Delete");
        }
    }

    @Test
    void bothFunctionsShipTheFunctionsModulesDeploymentJar() {
        Synthesized s = Synthesized.of("dev");

        @SuppressWarnings("unchecked")
        Map<String, Object> apiCode = (Map<String, Object>) s.props(apiFunction(s)).get("Code");
        assertThat(apiCode.get("S3Key").toString()).endsWith(".jar");
        assertThat(s.props(fanOutFunction(s)).get("Code")).isEqualTo(apiCode);
    }

    /** The operators' registry CLI runs on their machines, never in Lambda (ADR 0018): neither it nor picocli is deployed. */
    @Test
    void theDeploymentJarCarriesNoOperatorCli() throws java.io.IOException {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(FunctionArtifact.defaultPath().toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                    .isNotEmpty()
                    .contains("io/stateapi/http/PrincipalsController.class")
                    .noneMatch(name -> name.startsWith("io/stateapi/cli/") || name.startsWith("picocli/"));
        }
    }

    static int days(software.amazon.awscdk.services.logs.RetentionDays retention) {
        return switch (retention) {
            case ONE_WEEK -> 7;
            case ONE_MONTH -> 30;
            case THREE_MONTHS -> 90;
            default -> throw new IllegalArgumentException("add " + retention + " here");
        };
    }
}
