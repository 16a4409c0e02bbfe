package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.TracingSettings;
import io.stateapi.resources.Permissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;

/**
 * State API in one environment: the state, idempotency and catalog tables, the api function
 * behind the HTTP API, the stream fan-out into each tenant's change queue, the scheduled expiry
 * sweeper, and the alarms and dashboard that watch them. Every
 * environment is this class; {@link EnvironmentConfig} is all that differs.
 *
 * <p>The stack is environment-agnostic (no account or region, no lookups), so it synthesizes
 * without AWS credentials and deploys to whatever account and region the deployer's
 * credentials name.
 */
public final class StateApiStack extends Stack {

    /** The alias API Gateway invokes: a published version, so SnapStart's snapshot is used. */
    public static final String API_ALIAS = "live";

    private final StateTable table;
    private final IdempotencyTable idempotencyTable;
    private final CatalogTable catalogTable;
    private final ChangeLogTable changeLogTable;
    private final ChangeQueues queues;
    private final JavaFunction apiFunction;
    private final Alias apiAlias;
    private final JavaFunction fanOutFunction;
    private final ExpirySweep expirySweep;
    private final StateHttpApi httpApi;
    private final Monitoring monitoring;
    private final Secret cursorKey;
    private final ConsoleHosting console;

    public StateApiStack(Construct scope, EnvironmentConfig config, DeploymentOptions options) {
        super(scope, nameFor(config), StackProps.builder()
                .stackName(nameFor(config))
                .description("State API (" + config.name() + "): versioned JSON state over HTTP with ordered change events")
                .terminationProtection(config.terminationProtection())
                .build());
        StateApiResources resources = config.resources();
        Tags.of(this).add("project", StateApiResources.PREFIX);
        Tags.of(this).add("environment", config.name());
        Code code = FunctionArtifact.code(options.functionsJar());

        Authentication authentication = Authentication.resolve(config, options);
        this.table = new StateTable(this, "State", config, options.tableKey());
        this.idempotencyTable = new IdempotencyTable(this, "Idempotency", config, table);
        this.catalogTable = new CatalogTable(this, "Catalog", config, table);
        this.changeLogTable = new ChangeLogTable(this, "ChangeLog", config, table);
        this.queues = new ChangeQueues(this, "Changes", config);

        Map<String, String> apiEnvironment = new LinkedHashMap<>();
        apiEnvironment.put(StateApiResources.ENV_TABLE_NAME, table.table().getTableName());
        apiEnvironment.put(StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, idempotencyTable.table().getTableName());
        apiEnvironment.put(StateApiResources.ENV_IDEMPOTENCY_RETENTION, config.idempotencyRetention().toString());
        apiEnvironment.put(StateApiResources.ENV_CATALOG_TABLE_NAME, catalogTable.table().getTableName());
        // The item format written (ADR 0062): the api and housekeeping functions write state items.
        apiEnvironment.put(StateApiResources.ENV_ITEM_WRITE_FORMAT, Integer.toString(config.itemWriteFormat()));
        apiEnvironment.put(StateApiResources.ENV_CHANGE_LOG_TABLE_NAME, changeLogTable.table().getTableName());
        apiEnvironment.put(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND,
                Integer.toString(config.tenantRequestsPerSecond()));
        apiEnvironment.putAll(authentication.apiEnvironment());
        this.cursorKey = cursorKey(config);
        // A dynamic reference: CloudFormation resolves it at deploy time, so the key is in no template (ADR 0026).
        apiEnvironment.put(StateApiResources.ENV_CURSOR_KEY, cursorKey.getSecretValue().unsafeUnwrap());
        apiEnvironment.put(StateApiResources.ENV_ENVIRONMENT, config.name());
        // API Gateway HTTP APIs hand the function the request path decoded (ADR 0009)
        apiEnvironment.put(StateApiResources.ENV_PATH_ARRIVES_DECODED, "true");
        // the request and its AWS calls as spans, sent to the function's X-Ray daemon (ADR 0059)
        apiEnvironment.put(TracingSettings.ENV_TRACING, TracingSettings.XRAY);
        // No reserved concurrency: the stage's throttle and the tenants' quotas bound the API, and a
        // reservation would take its size from every other function of the account (ADR 0015).
        this.apiFunction = new JavaFunction(this, "Api", code, new JavaFunction.Spec(
                resources.apiFunctionName(), StateApiResources.API_HANDLER,
                "State API HTTP API (" + config.name() + ")", config.apiFunction(), apiEnvironment,
                true, OptionalInt.empty(), config.logRetention(), config.removalPolicy()));
        table.grantOnTable(apiFunction.role(), Permissions.API_TABLE_ACTIONS);
        idempotencyTable.table().grant(apiFunction.role(),
                Permissions.API_IDEMPOTENCY_TABLE_ACTIONS.toArray(String[]::new));
        catalogTable.grant(apiFunction.role(), Permissions.API_CATALOG_TABLE_ACTIONS);
        changeLogTable.grant(apiFunction.role(), Permissions.API_CHANGE_LOG_TABLE_ACTIONS);
        changeLogTable.grantFeed(apiFunction.role(), Permissions.API_CHANGE_FEED_ACTIONS);
        // Subscriptions: their queues, topic subscriptions and alarms, made at run time (ADR 0038).
        new SubscriptionGrants(this, resources).grantApi(apiFunction.role());
        table.key().ifPresent(key -> key.grant(apiFunction.role(),
                "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
        this.apiAlias = Alias.Builder.create(apiFunction, "Alias")
                .aliasName(API_ALIAS)
                .version(apiFunction.function().getCurrentVersion())
                .description("What API Gateway invokes: the latest published version, restored from its SnapStart snapshot")
                .build();
        Annotations.of(apiFunction.function()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "SnapStart applies to the published versions the live alias points at, which is all API Gateway invokes");

        this.fanOutFunction = ChangeFanOut.create(this, "FanOut", config, code, table, catalogTable,
                changeLogTable, queues);
        this.expirySweep = new ExpirySweep(this, "ExpirySweep", config, code, table, idempotencyTable,
                catalogTable);

        // The console's distribution comes first: the API's CORS allows its origin (ADR 0054).
        // By default beside every JWT deployment; an IAM one cannot sign the page's requests (ADR 0054).
        this.console = options.console().orElse(hasIssuer(authentication))
                ? new ConsoleHosting(this, "Console", config) : null;
        this.httpApi = new StateHttpApi(this, "Http", config, authentication, console == null ? options
                : options.withCorsAllowedOrigins(concat(options.corsAllowedOrigins(), console.origin())), apiAlias);
        if (console != null) {
            console.deploy(httpApi.stage().getUrl(), consoleIssuer(authentication));
            output("ConsoleUrl", console.origin() + "/",
                    "The console (docs/console.md): sign in with a token of the issuer");
            ConsoleNag.suppress(this, console);
        }
        this.monitoring = new Monitoring(this, "Monitoring", config, options, httpApi.api(),
                apiFunction.function(), fanOutFunction.function(), expirySweep.function().function(),
                table.table(), queues);
        // Each subscription's two alarms notify the deployment's alarm topic (ADR 0038).
        apiFunction.function().addEnvironment(StateApiResources.ENV_ALARM_TOPIC_ARN, monitoring.topic().getTopicArn());

        output("ApiUrl", httpApi.stage().getUrl(), "Base URL of the HTTP API (point the SDK here)");
        output("TableName", table.table().getTableName(), "The state table");
        output("IdempotencyTableName", idempotencyTable.table().getTableName(),
                "Stored outcomes of writes sent with an Idempotency-Key");
        output("CatalogTableName", catalogTable.table().getTableName(),
                "Namespaces, the principal registry and quotas of every tenant");
        output("ChangeLogTableName", changeLogTable.table().getTableName(),
                "Every key's changes for its namespace's retention: the key history (ADR 0036)");
        output("TenantEventsQueueUrlPrefix", queues.tenantQueueUrlPrefix(),
                "A tenant's change events: this and <tenant>.fifo (created on the tenant's first change)");
        output("TenantEventsQueueArnPrefix", queues.tenantQueueArnPrefix(),
                "ARN of a tenant's change queue: this and <tenant>.fifo (for the tenant's IAM policy)");
        output("ChangesDeadLetterQueueUrl", queues.changesDeadLetters().getQueueUrl(),
                "Change events a tenant's consumer could not handle, from every tenant's queue");
        output("StreamFailureQueueUrl", queues.streamFailures().getQueueUrl(),
                "Stream batches the fan-out could not publish");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "SNS topic every alarm notifies");

        suppressFindingsWithReasons(resources);
    }

    /**
     * The key that signs listing cursors (ADR 0026): 64 random characters Secrets Manager
     * generates once per deployment. Rotating it means a new value and a redeploy; cursors handed
     * out before are then refused with {@code invalid-cursor}, and clients start their listing over.
     */
    private Secret cursorKey(EnvironmentConfig config) {
        Secret secret = Secret.Builder.create(this, "CursorKey")
                .secretName(config.resources().cursorKeySecretName())
                .description("Signs the State API's listing cursors (" + config.name() + "); see ADR 0026")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(config.removalPolicy())
                .build();
        NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason("The cursor key only authenticates opaque listing cursors; rotating it would invalidate "
                        + "every cursor in use. It is changed deliberately (a new value and a redeploy, ADR 0026), "
                        + "not on a schedule.")
                .build()));
        return secret;
    }

    public static String nameFor(EnvironmentConfig config) {
        return StateApiResources.PREFIX + "-" + config.name();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /**
     * cdk-nag findings that are accepted, each for a stated reason. Everything else it reports
     * fails the tests (and {@code cdk synth}).
     */
    private void suppressFindingsWithReasons(StateApiResources resources) {
        NagPackSuppression runtime = NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("The functions are compiled for Java 21 (--release 21) and Micronaut 4 is tested on it; "
                        + "java21 is a supported LTS Lambda runtime. Moving to a newer runtime is a deliberate, "
                        + "tested change of the build, not a drift to follow automatically.")
                .build();
        NagPackSuppression xray = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) do not support "
                        + "resource-level permissions, so AWS requires Resource '*' for them.")
                .appliesTo(List.of("Resource::*"))
                .build();
        NagPackSuppression apiStar = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and "
                        + "cloudwatch:GetMetricData (a subscription's backlog age, ADR 0038) do not support "
                        + "resource-level permissions, so AWS requires Resource '*' for them.")
                .appliesTo(List.of("Resource::*"))
                .build();
        List<NagPackSuppression> api = new java.util.ArrayList<>(List.of(runtime, apiStar));
        api.addAll(SubscriptionGrants.apiSuppressions(resources));
        NagSuppressions.addResourceSuppressions(apiFunction, api, true);
        NagPackSuppression streamRead = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Resource '*' is granted only for actions without resource-level permissions: "
                        + "xray:PutTraceSegments/PutTelemetryRecords (active tracing) and dynamodb:ListStreams, "
                        + "which Lambda's stream poller calls; reading records is scoped to this table's stream ARN.")
                .appliesTo(List.of("Resource::*"))
                .build();
        NagPackSuppression tenantQueues = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Tenants' change queues are created by the fan-out on each tenant's first event (ADR 0015), "
                        + "so no template can name them: the grant is every queue named "
                        + resources.tenantEventsQueueNamePattern() + " in this account and region, which is every "
                        + "tenant's queue of this environment and no other queue of the service.")
                .appliesTo(List.of("Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:"
                        + resources.tenantEventsQueueNamePattern()))
                .build();
        List<NagPackSuppression> fanOut = new java.util.ArrayList<>(List.of(runtime, streamRead, tenantQueues));
        fanOut.addAll(SubscriptionGrants.fanOutSuppressions(resources));
        NagSuppressions.addResourceSuppressions(fanOutFunction, fanOut, true);
        NagSuppressions.addResourceSuppressions(expirySweep.function(), List.of(runtime, xray), true);
        NagSuppressions.addResourceSuppressions(queues.streamFailures(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself a dead-letter queue: the on-failure destination of the stream's "
                        + "event source mapping. It keeps messages for the 14-day maximum, is watched by a depth "
                        + "alarm, and a DLQ of a DLQ would only move the same messages further from the operator.")
                .build()));
        NagSuppressions.addResourceSuppressions(queues.changesDeadLetters(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself a dead-letter queue: the one every tenant's change queue redrives "
                        + "to. Those queues are created by the fan-out at run time (ADR 0015), so no queue in the "
                        + "template names it. It keeps messages for the 14-day maximum and is watched by a depth alarm.")
                .build()));
    }

    StateTable table() {
        return table;
    }

    IdempotencyTable idempotencyTable() {
        return idempotencyTable;
    }

    CatalogTable catalogTable() {
        return catalogTable;
    }

    ChangeLogTable changeLogTable() {
        return changeLogTable;
    }

    ChangeQueues queues() {
        return queues;
    }

    JavaFunction apiFunction() {
        return apiFunction;
    }

    Alias apiAlias() {
        return apiAlias;
    }

    JavaFunction fanOutFunction() {
        return fanOutFunction;
    }

    ExpirySweep expirySweep() {
        return expirySweep;
    }

    /** The console's hosting, when the deployment has it (JWT deployments unless {@code console=false}). */
    java.util.Optional<ConsoleHosting> console() {
        return java.util.Optional.ofNullable(console);
    }

    private static boolean hasIssuer(Authentication authentication) {
        return authentication instanceof Authentication.Jwt jwt && jwt.issuer().isPresent();
    }

    private static String consoleIssuer(Authentication authentication) {
        if (authentication instanceof Authentication.Jwt jwt && jwt.issuer().isPresent()) {
            return jwt.issuer().get();
        }
        // The page would need SigV4 credentials in the browser for an IAM deployment (ADR 0054).
        throw new IllegalArgumentException("console=true needs a JWT deployment with an issuer");
    }

    private static List<String> concat(List<String> origins, String origin) {
        List<String> all = new java.util.ArrayList<>(origins);
        all.add(origin);
        return all;
    }

    StateHttpApi httpApi() {
        return httpApi;
    }

    Monitoring monitoring() {
        return monitoring;
    }
}
