package io.stateapi.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized in the JVM the way {@code cdk synth} does it (the same feature flags
 * from {@code cdk.json}, the same cdk-nag checks, the real functions jar), once per
 * environment and option set: synthesis is the slow part, the assertions are cheap.
 */
record Synthesized(StateApiStack stack, Template template, EnvironmentConfig config, DeploymentOptions options) {

    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    /** The issuer a JWT environment is given here: the shipped configurations name none (ADR 0015). */
    static final String ISSUER = "https://login.example.com/";

    /** An environment's configuration as its deployer completes it: a JWT environment gets its issuer. */
    static Synthesized of(String environment) {
        return CACHE.computeIfAbsent(environment, env -> synth(env, withIssuer(EnvironmentConfig.named(env)), defaults()));
    }

    /** prod with the deployer's choice of IAM ({@code -c authorizer=iam}): principals get tenants from the registry. */
    static Synthesized prodWithIam() {
        return CACHE.computeIfAbsent("prod+iam", key -> synth(key, EnvironmentConfig.prod(),
                defaults().withAuthorizer(DeploymentOptions.Authorizer.IAM)));
    }

    static EnvironmentConfig withIssuer(EnvironmentConfig config) {
        return config.authentication() instanceof Authentication.Jwt jwt && jwt.issuer().isEmpty()
                ? config.withAuthentication(jwt.withIssuer(ISSUER))
                : config;
    }

    /**
     * prod with every deployment option on: a JWT issuer and audiences from the context (over the
     * configuration's), CORS, a customer-managed table key, an alarm email.
     */
    static Synthesized prodWithAllOptions() {
        return CACHE.computeIfAbsent("prod+options", key -> synth(key, EnvironmentConfig.prod(), defaults()
                .withJwt("https://issuer.example.com/", List.of("state-api", "state-api-admin"))
                .withCorsAllowedOrigins(List.of("https://app.example.com"))
                .withTableKey(DeploymentOptions.TableKey.CUSTOMER_MANAGED)
                .withAlarmEmail("oncall@example.com")));
    }

    /** prod (a JWT issuer) with its config's item write format set to {@code format} (ADR 0062). */
    static Synthesized prodWritingItemFormat(int format) {
        return CACHE.computeIfAbsent("prod+format" + format, key -> synth(key,
                withIssuer(EnvironmentConfig.prod()).withItemWriteFormat(format), defaults()));
    }

    /** prod (a JWT issuer) without the console its deployments have by default ({@code console=false}, ADR 0054). */
    static Synthesized prodWithoutConsole() {
        return CACHE.computeIfAbsent("prod-console", key -> synth(key, withIssuer(EnvironmentConfig.prod()),
                defaults().withConsole(false)));
    }

    /** CDK's deploy-time copy function for the console (ADR 0054): its function, role, policy and log group. */
    static boolean consoleCopyFunction(String logicalId) {
        return logicalId.startsWith("CustomCDKBucketDeployment");
    }

    static DeploymentOptions defaults() {
        return DeploymentOptions.defaults(FunctionArtifact.defaultPath());
    }

    private static Synthesized synth(String key, EnvironmentConfig config, DeploymentOptions options) {
        App app = new App(AppProps.builder()
                .context(cdkJsonContext())
                .outdir(Path.of("target", "cdk-test-out", key).toAbsolutePath().toString())
                .build());
        StateApiStack stack = StateApiApp.stack(app, config, options);
        return new Synthesized(stack, Template.fromStack(stack), config, options);
    }

    /** The feature flags {@code cdk synth} runs with, so the tests see the template a deploy would. */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JsonMapper.builder().build()
                    .readValue(Path.of("cdk.json").toFile(), new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cdk.json must be in the infra module's directory", e);
        }
    }

    /** The resources of one type, by logical id. */
    Map<String, Map<String, Object>> resources(String type) {
        return template.findResources(type);
    }

    /** The logical id of the one resource of {@code type} whose {@code nameProperty} is {@code name}. */
    String idOf(String type, String nameProperty, String name) {
        List<String> matches = resources(type).entrySet().stream()
                .filter(e -> name.equals(properties(e.getValue()).get(nameProperty)))
                .map(Map.Entry::getKey)
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type + " with " + nameProperty + "=" + name + ", found "
                    + matches.size());
        }
        return matches.get(0);
    }

    /** The resource with this logical id. */
    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        return (Map<String, Object>) resources.get(logicalId);
    }

    /** The properties of the resource with this logical id. */
    Map<String, Object> props(String logicalId) {
        return properties(resource(logicalId));
    }

    /** The state table (there is also the idempotency table). */
    Map<String, Object> stateTable() {
        return resource(idOf("AWS::DynamoDB::Table", "TableName", config.resources().tableName()));
    }

    /** The idempotency table. */
    Map<String, Object> idempotencyTable() {
        return resource(idOf("AWS::DynamoDB::Table", "TableName", config.resources().idempotencyTableName()));
    }

    /** The catalog table: namespaces, principals, quotas (ADR 0013). */
    Map<String, Object> catalogTable() {
        return resource(idOf("AWS::DynamoDB::Table", "TableName", config.resources().catalogTableName()));
    }

    /** The change log: every key's changes, for its history (ADR 0036). */
    Map<String, Object> changeLogTable() {
        return resource(idOf("AWS::DynamoDB::Table", "TableName", config.resources().changeLogTableName()));
    }

    /** The logical id of the function with this physical name. */
    String function(String functionName) {
        return idOf("AWS::Lambda::Function", "FunctionName", functionName);
    }

    /** The environment variables of the function with this physical name. */
    @SuppressWarnings("unchecked")
    Map<String, Object> environmentOf(String functionName) {
        return (Map<String, Object>) ((Map<String, Object>) props(function(functionName)).get("Environment"))
                .get("Variables");
    }

    /** The only resource of a type. */
    Map<String, Object> only(String type) {
        Map<String, Map<String, Object>> all = resources(type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + all.keySet());
        }
        return all.values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** A CloudFormation {@code Ref} to a logical id. */
    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** A CloudFormation {@code Fn::GetAtt} of a logical id's attribute. */
    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }
}
