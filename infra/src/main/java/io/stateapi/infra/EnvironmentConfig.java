package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What differs between deployments of State API, as one typed value per environment. The
 * stack is the same code for every environment; only this record varies.
 *
 * @param name                 the environment's name; also the suffix of every physical resource name
 * @param authentication       how callers authenticate and the api function finds their tenant (ADR 0015)
 * @param apiFunction          memory and timeout of the api function
 * @param fanOutFunction       memory and timeout of the stream fan-out function
 * @param fanOutReservedConcurrency concurrency reserved for the fan-out, so the API can never starve it;
 *                             at least the stream's shard count (one batch per shard at a time)
 * @param stream               how the stream's event source mapping batches and retries
 * @param throttle             stage-wide request rate and burst of the HTTP API
 * @param tenantRequestsPerSecond requests per second a tenant may send unless its registration says
 *                             otherwise (ADR 0013); at most the stage's rate
 * @param alarms               thresholds of the alarms
 * @param logRetention         how long function and access logs are kept
 * @param idempotencyRetention how long a write's outcome is replayed for its Idempotency-Key
 * @param protectData          deletion protection on the table and {@code RETAIN} on every stateful
 *                             resource; when false, {@code cdk destroy} removes everything
 * @param terminationProtection CloudFormation termination protection on the stack
 * @param itemWriteFormat      the item format the functions write state items in
 *                             ({@code STATE_ITEM_WRITE_FORMAT}, ADR 0062): 1 or 2; raised to 2 only
 *                             after a release that reads 2 runs everywhere (docs/migrations.md)
 */
public record EnvironmentConfig(
        String name,
        Authentication authentication,
        FunctionSize apiFunction,
        FunctionSize fanOutFunction,
        int fanOutReservedConcurrency,
        StreamProcessing stream,
        Throttle throttle,
        int tenantRequestsPerSecond,
        AlarmThresholds alarms,
        RetentionDays logRetention,
        Duration idempotencyRetention,
        boolean protectData,
        boolean terminationProtection,
        int itemWriteFormat) {

    /** The environments {@code -c env=...} accepts. */
    public static final List<String> NAMES = List.of("dev", "staging", "prod");

    public EnvironmentConfig {
        StateApiResources.forEnvironment(name); // validates the name the same way resource names do
        if (itemWriteFormat < 1 || itemWriteFormat > 2) {
            throw new IllegalArgumentException("itemWriteFormat must be 1 or 2 (ADR 0062): " + itemWriteFormat);
        }
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(apiFunction, "apiFunction");
        Objects.requireNonNull(fanOutFunction, "fanOutFunction");
        if (fanOutReservedConcurrency < 1) {
            // 0 is how Lambda switches a function off: change events would stop
            throw new IllegalArgumentException("fanOutReservedConcurrency must be at least 1: " + fanOutReservedConcurrency);
        }
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(throttle, "throttle");
        if (tenantRequestsPerSecond < 1) {
            throw new IllegalArgumentException("tenantRequestsPerSecond must be at least 1: " + tenantRequestsPerSecond);
        }
        if (tenantRequestsPerSecond > throttle.rateLimit()) {
            throw new IllegalArgumentException("tenantRequestsPerSecond " + tenantRequestsPerSecond
                    + " is more than the stage's rate limit " + throttle.rateLimit() + ": it could never be reached");
        }
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(logRetention, "logRetention");
        if (idempotencyRetention == null || idempotencyRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("idempotencyRetention must be at least one minute: " + idempotencyRetention);
        }
    }

    /**
     * A developer's sandbox: small, quick feedback from the stream, nothing kept on destroy. One
     * tenant, {@code default}, over IAM: it deploys and answers without an identity provider.
     */
    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev",
                new Authentication.Iam(Optional.of("default")),
                new FunctionSize(1024, Duration.ofSeconds(10)),
                new FunctionSize(512, Duration.ofSeconds(30)),
                2,
                new StreamProcessing(10, Duration.ZERO, 3, Duration.ofHours(1)),
                new Throttle(50, 100),
                20,
                new AlarmThresholds(5, Duration.ofSeconds(3), Duration.ofMinutes(5)),
                RetentionDays.ONE_WEEK,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                false,
                false,
                StateApiResources.DEFAULT_ITEM_WRITE_FORMAT);
    }

    /**
     * Production's shape at a smaller scale: data is protected so a release can be rehearsed on it.
     * JWTs for its own audience; the issuer is the deployer's identity provider.
     */
    public static EnvironmentConfig staging() {
        return new EnvironmentConfig("staging",
                jwtForThisEnvironment("staging"),
                new FunctionSize(1769, Duration.ofSeconds(10)),
                new FunctionSize(1024, Duration.ofSeconds(60)),
                10,
                new StreamProcessing(100, Duration.ofSeconds(1), 10, Duration.ofHours(24)),
                new Throttle(200, 400),
                50,
                new AlarmThresholds(5, Duration.ofSeconds(2), Duration.ofMinutes(2)),
                RetentionDays.ONE_MONTH,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                true,
                true,
                StateApiResources.DEFAULT_ITEM_WRITE_FORMAT);
    }

    /**
     * Production: one full vCPU for the api function (1769 MB), retained data, tight alarms; JWTs
     * for its own audience, from the deployer's identity provider.
     */
    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod",
                jwtForThisEnvironment("prod"),
                new FunctionSize(1769, Duration.ofSeconds(10)),
                new FunctionSize(1024, Duration.ofSeconds(60)),
                50,
                new StreamProcessing(100, Duration.ofSeconds(1), 10, Duration.ofHours(24)),
                new Throttle(1000, 2000),
                200,
                new AlarmThresholds(1, Duration.ofSeconds(1), Duration.ofMinutes(1)),
                RetentionDays.THREE_MONTHS,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                true,
                true,
                StateApiResources.DEFAULT_ITEM_WRITE_FORMAT);
    }

    /** The configuration of a named environment. */
    public static EnvironmentConfig named(String environment) {
        return switch (Objects.requireNonNull(environment, "environment")) {
            case "dev" -> dev();
            case "staging" -> staging();
            case "prod" -> prod();
            default -> throw new IllegalArgumentException(
                    "unknown environment '" + environment + "'; use one of " + NAMES);
        };
    }

    public StateApiResources resources() {
        return StateApiResources.forEnvironment(name);
    }

    /**
     * JWTs for the audience named like the environment's API ({@code state-api-prod}): when one
     * identity provider serves several environments, a token for one opens no other. No issuer:
     * the deployer names it ({@code -c jwtIssuer=}, or here).
     */
    private static Authentication.Jwt jwtForThisEnvironment(String environment) {
        return Authentication.Jwt.forAudience(List.of(StateApiResources.forEnvironment(environment).httpApiName()));
    }

    public EnvironmentConfig withAuthentication(Authentication choice) {
        return new EnvironmentConfig(name, choice, apiFunction, fanOutFunction, fanOutReservedConcurrency, stream,
                throttle, tenantRequestsPerSecond, alarms, logRetention, idempotencyRetention, protectData,
                terminationProtection, itemWriteFormat);
    }

    public EnvironmentConfig withTenantRequestsPerSecond(int rate) {
        return new EnvironmentConfig(name, authentication, apiFunction, fanOutFunction, fanOutReservedConcurrency,
                stream, throttle, rate, alarms, logRetention, idempotencyRetention, protectData, terminationProtection,
                itemWriteFormat);
    }

    public EnvironmentConfig withFanOutReservedConcurrency(int concurrency) {
        return new EnvironmentConfig(name, authentication, apiFunction, fanOutFunction, concurrency, stream,
                throttle, tenantRequestsPerSecond, alarms, logRetention, idempotencyRetention, protectData,
                terminationProtection, itemWriteFormat);
    }

    /** The same, writing state items in {@code format} (step 2 of docs/migrations.md's rolling deploy). */
    public EnvironmentConfig withItemWriteFormat(int format) {
        return new EnvironmentConfig(name, authentication, apiFunction, fanOutFunction, fanOutReservedConcurrency,
                stream, throttle, tenantRequestsPerSecond, alarms, logRetention, idempotencyRetention, protectData,
                terminationProtection, format);
    }

    public RemovalPolicy removalPolicy() {
        return protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /**
     * Memory (which also buys CPU) and timeout of a function. Lambda gives CPU in proportion to
     * memory, one full vCPU at 1769 MB (Lambda developer guide, "Configure Lambda function memory").
     * The api function needs far less memory than it is given: 220 MiB resident after 10,000
     * requests in {@code make bench} (ADR 0041). Its size buys CPU: a cold start without SnapStart
     * costs it about 1.9 CPU-seconds, about 3.2 s at 1024 MB's 0.58 vCPU and 1.9 s at 1769 MB.
     */
    public record FunctionSize(int memoryMb, Duration timeout) {
        public FunctionSize {
            if (memoryMb < 128 || memoryMb > 10_240) {
                throw new IllegalArgumentException("Lambda memory must be 128..10240 MB: " + memoryMb);
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The stream event source mapping's batching and failure handling.
     *
     * @param batchSize      records per invocation (DynamoDB Streams allows up to 10,000)
     * @param batchingWindow how long Lambda gathers records before invoking; adds latency to events
     * @param retryAttempts  retries of a failing batch (after bisecting) before its records go to the DLQ
     * @param maxRecordAge   records older than this go to the DLQ unprocessed rather than block the shard
     */
    public record StreamProcessing(int batchSize, Duration batchingWindow, int retryAttempts, Duration maxRecordAge) {
        public StreamProcessing {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batch size must be 1..10000: " + batchSize);
            }
            if (batchingWindow.isNegative() || batchingWindow.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("batching window must be 0..300 s: " + batchingWindow);
            }
            if (retryAttempts < 0 || retryAttempts > 10_000) {
                throw new IllegalArgumentException("retry attempts must be 0..10000 (bounded): " + retryAttempts);
            }
            if (maxRecordAge.compareTo(Duration.ofMinutes(1)) < 0 || maxRecordAge.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("maximum record age must be 60 s..7 days: " + maxRecordAge);
            }
        }
    }

    /** Stage-wide throttling of the HTTP API: steady requests per second and burst. */
    public record Throttle(int rateLimit, int burstLimit) {
    }

    /**
     * @param api5xxPerPeriod  server errors in five minutes that page someone
     * @param apiLatencyP99    p99 latency (API Gateway's, end to end) above which the API is slow
     * @param maxIteratorAge   age of the oldest unprocessed stream record: how far events lag behind writes
     */
    public record AlarmThresholds(int api5xxPerPeriod, Duration apiLatencyP99, Duration maxIteratorAge) {
    }
}
