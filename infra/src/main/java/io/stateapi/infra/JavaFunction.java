package io.stateapi.infra;

import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One of State API's Lambda functions, with the settings they share: Java 21 on Graviton
 * (arm64), active X-Ray tracing, JSON logs in its own log group with a retention, and its own role that
 * starts with no permissions at all. The role gets write access to its log group only; every
 * other permission is granted explicitly by the stack.
 */
final class JavaFunction extends Construct {

    /** The Java runtime the functions are compiled for ({@code --release 21}). */
    static final Runtime RUNTIME = Runtime.JAVA_21;

    /** @param reservedConcurrency the function's own share of the account's concurrency; empty: the shared pool */
    record Spec(String functionName, String handler, String description, EnvironmentConfig.FunctionSize size,
                Map<String, String> environment, boolean snapStart, OptionalInt reservedConcurrency,
                RetentionDays logRetention, RemovalPolicy logRemovalPolicy) {
    }

    private final Function function;
    private final Role role;
    private final LogGroup logGroup;

    JavaFunction(Construct scope, String id, Code code, Spec spec) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + spec.functionName())
                .retention(spec.logRetention())
                .removalPolicy(spec.logRemovalPolicy())
                .build();
        // Not AWSLambdaBasicExecutionRole: that allows writing to any log group in the account.
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of " + spec.functionName())
                .build();
        logGroup.grantWrite(role);
        this.function = Function.Builder.create(this, "Function")
                .functionName(spec.functionName())
                .description(spec.description())
                .runtime(RUNTIME)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(code)
                .memorySize(spec.size().memoryMb())
                .timeout(Duration.millis(spec.size().timeout().toMillis()))
                .environment(spec.environment())
                .role(role)
                .logGroup(logGroup)
                // Lambda's own lines (START, REPORT, platform events) as JSON, like the functions'
                // lines; the application level reaches logback as AWS_LAMBDA_LOG_LEVEL (ADR 0048)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.INFO)
                // Also grants xray:PutTraceSegments and runs the X-Ray daemon endpoint the functions send
                // their spans to (ADR 0059). The HTTP API cannot trace (only REST APIs do), so a
                // trace starts here, and a change carries it through the stream (ADR 0050).
                .tracing(Tracing.ACTIVE)
                .snapStart(spec.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .reservedConcurrentExecutions(spec.reservedConcurrency().isPresent()
                        ? spec.reservedConcurrency().getAsInt() : null)
                .build();
    }

    Function function() {
        return function;
    }

    Role role() {
        return role;
    }

    LogGroup logGroup() {
        return logGroup;
    }
}
