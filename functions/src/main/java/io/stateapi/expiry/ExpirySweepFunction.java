package io.stateapi.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.stateapi.domain.ExpirySweeper;
import io.stateapi.domain.SweepReport;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The expiry sweeper function ({@code io.stateapi.expiry.ExpirySweepFunction::handleRequest}),
 * run on a schedule ({@link StateApiResources.ExpirySweep}): one sweep per invocation, then
 * its figures as metrics ({@code ExpiredKeysSwept}, {@code ExpirySweepLag}).
 *
 * <p>A plain handler, no framework, like the fan-out function. The schedule's event is
 * ignored: what to sweep follows from the time and the sweeper's checkpoint. A failed run
 * (DynamoDB unavailable) throws; the next scheduled run does its work, since a sweep that
 * did not finish moves no checkpoint.
 *
 * <p>Configuration from the environment: {@code STATE_ENVIRONMENT}, {@code STATE_TABLE_NAME},
 * and {@code STATE_AWS_ENDPOINT} for an emulator.
 */
public class ExpirySweepFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {

    /** A run stops sweeping this long before the function's timeout, to report and return. */
    static final Duration RESERVE = Duration.ofSeconds(10);
    /** At most one schedule interval less the reserve, so runs rarely overlap (they may: it is safe). */
    static final Duration LONGEST_RUN =
            Duration.ofMinutes(StateApiResources.ExpirySweep.INTERVAL_MINUTES).minus(RESERVE);

    /**
     * What the function needs to run.
     *
     * @param endpoint     an emulator's endpoint, or {@code null} on AWS
     * @param interceptors added to the DynamoDB client (fault injection, call recording in tests)
     */
    public record Configuration(String environment, String tableName, URI endpoint,
                                List<ExecutionInterceptor> interceptors) {
        public Configuration {
            Objects.requireNonNull(environment, StateApiResources.ENV_ENVIRONMENT);
            Objects.requireNonNull(tableName, StateApiResources.ENV_TABLE_NAME);
            interceptors = List.copyOf(interceptors);
        }

        public static Configuration fromEnvironment() {
            String endpoint = System.getenv(StateApiResources.ENV_AWS_ENDPOINT);
            return new Configuration(required(StateApiResources.ENV_ENVIRONMENT),
                    required(StateApiResources.ENV_TABLE_NAME),
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), List.of());
        }

        private static String required(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + name + " is not set");
            }
            return value;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final ExpirySweeper sweeper;
    private final EmbeddedMetrics metrics;
    private final Clock clock;

    /** Used by the Lambda runtime: configuration comes from the environment. */
    public ExpirySweepFunction() {
        this(Configuration.fromEnvironment());
    }

    public ExpirySweepFunction(Configuration configuration) {
        this(configuration, EmbeddedMetrics.toStandardOutput(configuration.environment()), Clock.systemUTC());
    }

    /** Used by the local stack and tests: where metrics go, and what time it is. */
    public ExpirySweepFunction(Configuration configuration, EmbeddedMetrics metrics, Clock clock) {
        this.dynamoDb = DynamoDbClients.create(configuration.endpoint(), configuration.interceptors());
        this.sweeper = new DynamoDbExpirySweeper(dynamoDb, configuration.tableName());
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        SweepReport report = sweeper.sweep(clock.instant(), budget(context));
        metrics.emit(List.of(
                EmbeddedMetrics.Datum.count(StateApiResources.Metrics.EXPIRED_KEYS_SWEPT, report.swept()),
                EmbeddedMetrics.Datum.seconds(StateApiResources.Metrics.EXPIRY_SWEEP_LAG, report.lag().toSeconds())),
                Map.of("alreadyChanged", Integer.toString(report.alreadyChanged()),
                        "finished", Boolean.toString(report.finished())));
        return Map.of("swept", report.swept(), "alreadyChanged", report.alreadyChanged(),
                "finished", report.finished(), "lagSeconds", report.lag().toSeconds());
    }

    private static Duration budget(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return LONGEST_RUN;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESERVE);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(LONGEST_RUN) < 0 ? left : LONGEST_RUN;
    }

    @Override
    public void close() {
        dynamoDb.close();
    }
}
