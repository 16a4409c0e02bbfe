package io.stateapi.expiry;

import io.stateapi.resources.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.stateapi.domain.ExpirySweeper;
import io.stateapi.domain.NamespacePurger;
import io.stateapi.domain.PurgeReport;
import io.stateapi.domain.SweepReport;
import io.stateapi.domain.TombstonePurgeReport;
import io.stateapi.domain.TombstonePurger;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.dynamodb.DynamoDbNamespacePurger;
import io.stateapi.dynamodb.DynamoDbTombstonePurger;
import io.stateapi.domain.backfill.BackfillReport;
import io.stateapi.domain.backfill.FormatBackfiller;
import io.stateapi.domain.backfill.SchemaBackfiller;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.SchemaMigrations;
import io.stateapi.jsonata.JsonataMigrationDialect;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.dynamodb.DynamoDbLayoutUpgrades;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbSchemaCatalog;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.metrics.StoreMetrics;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import io.stateapi.logging.LogFields;
import io.stateapi.tracing.TraceSpan;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The expiry sweeper function ({@code io.stateapi.expiry.ExpirySweepFunction::handleRequest}),
 * run on a schedule ({@link Housekeeping#SWEEP_INTERVAL_MINUTES}): the service's housekeeping. Each
 * invocation sweeps expired values (ADR 0008; up to half the run), advances the running
 * namespace purges, the running schema backfills (ADR 0058), then purges tombstones older than the
 * retention (ADR 0019), and reports its
 * figures as metrics ({@code ExpiredKeysSwept}, {@code ExpirySweepLag}, {@code KeysPurged},
 * {@code TombstonesPurged}). One job failing does not keep the others from their turn; the run
 * then fails, and the next one carries on where each job stopped.
 *
 * <p>A plain handler, no framework, like the fan-out function. The schedule's event is
 * ignored: what to sweep follows from the time and the sweeper's checkpoint. A failed run
 * (DynamoDB unavailable) throws; the next scheduled run does its work, since a sweep that
 * did not finish moves no checkpoint.
 *
 * <p>Configuration from the environment: {@code STATE_ENVIRONMENT}, {@code STATE_TABLE_NAME},
 * {@code STATE_IDEMPOTENCY_TABLE_NAME} and {@code STATE_CATALOG_TABLE_NAME} (named from the
 * environment when unset), optionally {@code STATE_TOMBSTONE_RETENTION}, and
 * {@code STATE_AWS_ENDPOINT} for an emulator.
 */
public class ExpirySweepFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {

    /** A run stops sweeping this long before the function's timeout, to report and return. */
    static final Duration RESERVE = Duration.ofSeconds(10);
    /** At most one schedule interval less the reserve, so runs rarely overlap (they may: it is safe). */
    static final Duration LONGEST_RUN =
            Duration.ofMinutes(Housekeeping.SWEEP_INTERVAL_MINUTES).minus(RESERVE);

    /**
     * What the function needs to run.
     *
     * @param endpoint     an emulator's endpoint, or {@code null} on AWS
     * @param interceptors added to the DynamoDB client (fault injection, call recording in tests)
     */
    public record Configuration(String environment, String tableName, String idempotencyTableName,
                                String catalogTableName, Duration tombstoneRetention, URI endpoint,
                                List<ExecutionInterceptor> interceptors, ItemLayout itemLayout) {
        public Configuration {
            Objects.requireNonNull(itemLayout, StateApiResources.ENV_ITEM_WRITE_FORMAT);
            Objects.requireNonNull(environment, StateApiResources.ENV_ENVIRONMENT);
            Objects.requireNonNull(tableName, StateApiResources.ENV_TABLE_NAME);
            Objects.requireNonNull(idempotencyTableName, StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME);
            Objects.requireNonNull(catalogTableName, StateApiResources.ENV_CATALOG_TABLE_NAME);
            Objects.requireNonNull(tombstoneRetention, StateApiResources.ENV_TOMBSTONE_RETENTION);
            if (tombstoneRetention.compareTo(Housekeeping.MIN_TOMBSTONE_RETENTION) < 0) {
                throw new IllegalArgumentException(StateApiResources.ENV_TOMBSTONE_RETENTION + " must be at least "
                        + Housekeeping.MIN_TOMBSTONE_RETENTION + " (the change queues' retention): "
                        + tombstoneRetention);
            }
            interceptors = List.copyOf(interceptors);
        }

        /** Writing the default item format. */
        public Configuration(String environment, String tableName, String idempotencyTableName,
                             String catalogTableName, Duration tombstoneRetention, URI endpoint,
                             List<ExecutionInterceptor> interceptors) {
            this(environment, tableName, idempotencyTableName, catalogTableName, tombstoneRetention, endpoint,
                    interceptors, ItemLayout.DEFAULT);
        }

        /** The environment's other tables by their names (StateApiResources), and the default retention. */
        public Configuration(String environment, String tableName, URI endpoint, List<ExecutionInterceptor> interceptors) {
            this(environment, tableName, StateApiResources.forEnvironment(environment).idempotencyTableName(),
                    StateApiResources.forEnvironment(environment).catalogTableName(),
                    Housekeeping.DEFAULT_TOMBSTONE_RETENTION, endpoint, interceptors);
        }

        public static Configuration fromEnvironment() {
            String endpoint = System.getenv(StateApiResources.ENV_AWS_ENDPOINT);
            String environment = required(StateApiResources.ENV_ENVIRONMENT);
            StateApiResources resources = StateApiResources.forEnvironment(environment);
            return new Configuration(environment, required(StateApiResources.ENV_TABLE_NAME),
                    optional(StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, resources.idempotencyTableName()),
                    optional(StateApiResources.ENV_CATALOG_TABLE_NAME, resources.catalogTableName()),
                    retention(System.getenv(StateApiResources.ENV_TOMBSTONE_RETENTION)),
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), List.of(),
                    ItemLayout.parse(System.getenv(StateApiResources.ENV_ITEM_WRITE_FORMAT)));
        }

        /** An ISO-8601 duration ({@code P30D}); the default when blank. */
        static Duration retention(String value) {
            if (value == null || value.isBlank()) {
                return Housekeeping.DEFAULT_TOMBSTONE_RETENTION;
            }
            try {
                return Duration.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(StateApiResources.ENV_TOMBSTONE_RETENTION
                        + " is not an ISO-8601 duration such as P30D: " + value, e);
            }
        }

        private static String optional(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
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
    private final NamespacePurger namespacePurger;
    private final TombstonePurger tombstonePurger;
    private final SchemaBackfiller backfiller;
    private final FormatBackfiller formatBackfiller;
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
        this.namespacePurger = new DynamoDbNamespacePurger(dynamoDb, configuration.tableName(),
                configuration.idempotencyTableName(), configuration.catalogTableName());
        this.tombstonePurger = new DynamoDbTombstonePurger(dynamoDb, configuration.tableName(),
                configuration.catalogTableName(), configuration.tombstoneRetention());
        // The backfill upgrades values as reads do (ADR 0057's migrations) and writes them as the api function does.
        DynamoDbSchemaCatalog schemaCatalog = new DynamoDbSchemaCatalog(dynamoDb, configuration.catalogTableName());
        ValueSchemas schemas = new ValueSchemas(schemaCatalog, new NetworkntSchemaDialect());
        this.backfiller = new SchemaBackfiller(new DynamoDbBackfillLedger(dynamoDb, configuration.catalogTableName()),
                new DynamoDbNamespaceCatalog(dynamoDb, configuration.catalogTableName(), configuration.tableName()),
                new DynamoDbStateStore(dynamoDb, configuration.tableName(), configuration.idempotencyTableName(),
                        StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE,
                        configuration.itemLayout()),
                new SchemaMigrations(schemaCatalog, new JsonataMigrationDialect(), schemas), schemas);
        // The format backfill (ADR 0062) on the same ledger, rewriting items in place into the format it names.
        this.formatBackfiller = new FormatBackfiller(new DynamoDbBackfillLedger(dynamoDb, configuration.catalogTableName()),
                new DynamoDbNamespaceCatalog(dynamoDb, configuration.catalogTableName(), configuration.tableName()),
                new DynamoDbStateStore(dynamoDb, configuration.tableName(), configuration.idempotencyTableName(),
                        StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE,
                        configuration.itemLayout()),
                new DynamoDbLayoutUpgrades(dynamoDb, configuration.tableName()));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        // One span per run (ADR 0059): its DynamoDB calls are children, so a slow sweep shows where it went.
        try (LogFields.Scope fields = LogFields.open(context == null ? null : context.getAwsRequestId(), null);
             TraceSpan span = LogFields.startSpan("housekeeping")) {
            Map<String, Object> result = runJobs(context, span);
            result.forEach((name, value) -> {
                if (value instanceof Number number) {
                    span.attribute("stateapi." + name, number.longValue());
                }
            });
            return result;
        }
    }

    private Map<String, Object> runJobs(Context context, TraceSpan span) {
        Instant now = clock.instant();
        Duration budget = budget(context);
        long started = System.nanoTime();
        Failures failures = new Failures();
        SweepReport report = failures.run(() -> sweeper.sweep(now, budget.dividedBy(2)),
                new SweepReport(0, 0, false, Duration.ZERO));
        PurgeReport purges = failures.run(() -> namespacePurger.advance(now, left(budget, started).dividedBy(2)),
                new PurgeReport(0, 0, 0));
        BackfillReport backfills = failures.run(() -> advanceBackfills(now,
                left(budget, started).multipliedBy(2).dividedBy(3)), BackfillReport.NONE);
        TombstonePurgeReport tombstones = failures.run(() -> tombstonePurger.purge(now, left(budget, started)),
                new TombstonePurgeReport(0, 0, false));
        metrics.emit(List.of(
                EmbeddedMetrics.Datum.count(Metrics.EXPIRED_KEYS_SWEPT, report.swept()),
                EmbeddedMetrics.Datum.seconds(Metrics.EXPIRY_SWEEP_LAG, report.lag().toSeconds()),
                EmbeddedMetrics.Datum.count(Metrics.KEYS_PURGED, purges.keysPurged()),
                EmbeddedMetrics.Datum.count(Metrics.TOMBSTONES_PURGED, tombstones.purged()),
                EmbeddedMetrics.Datum.count(Metrics.UPGRADES_FAILED, backfills.failed())),
                Map.of("alreadyChanged", Integer.toString(report.alreadyChanged()),
                        "finished", Boolean.toString(report.finished()),
                        "purgesRunning", Integer.toString(purges.running()),
                        "purgesFinished", Integer.toString(purges.finished()),
                        "floorsRaised", Integer.toString(tombstones.floorsRaised()),
                        "itemsBackfilled", Long.toString(backfills.upgraded()),
                        "backfillFailures", Long.toString(backfills.failed()),
                        "backfillsRunning", Integer.toString(backfills.running())));
        failures.ifAny(failure -> span.failed(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        failures.rethrow();
        Map<String, Object> result = new HashMap<>(Map.of("swept", report.swept(),
                "alreadyChanged", report.alreadyChanged(), "finished", report.finished(),
                "lagSeconds", report.lag().toSeconds()));
        result.putAll(Map.of("keysPurged", purges.keysPurged(), "purgesFinished", purges.finished(),
                "purgesRunning", purges.running(), "tombstonesPurged", tombstones.purged(),
                "floorsRaised", tombstones.floorsRaised(), "itemsBackfilled", backfills.upgraded(),
                "backfillsRunning", backfills.running()));
        return result;
    }

    /**
     * Advances the running namespace purges only: what the local stack runs every few seconds
     * besides the scheduled runs, so a purge there finishes in about {@link Housekeeping#SETTLE}.
     */
    public PurgeReport advancePurges() {
        return namespacePurger.advance(clock.instant(), LONGEST_RUN);
    }

    /**
     * Advances the running schema and format backfills only, within {@code budget}: what the local stack runs
     * every few seconds besides the scheduled runs.
     */
    public BackfillReport advanceBackfills(Duration budget) {
        return advanceBackfills(clock.instant(), budget);
    }

    /**
     * The schema backfills within half the budget, then the format backfills (ADR 0062) within
     * what is left: each kind has its turn even when the other fails (the first failure is thrown).
     */
    private BackfillReport advanceBackfills(Instant now, Duration budget) {
        long started = System.nanoTime();
        BackfillReport schema = BackfillReport.NONE;
        RuntimeException failure = null;
        try {
            schema = backfiller.advance(now, budget.dividedBy(2));
        } catch (RuntimeException e) {
            failure = e;
        }
        BackfillReport format = formatBackfiller.advance(now, left(budget, started));
        if (failure != null) {
            throw failure;
        }
        return schema.plus(format);
    }

    private static Duration left(Duration budget, long startedNanos) {
        Duration left = budget.minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The first failure of a run's jobs, thrown once every job had its turn. */
    private static final class Failures {
        private RuntimeException first;

        <T> T run(Supplier<T> job, T otherwise) {
            try {
                return job.get();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                return otherwise;
            }
        }

        void ifAny(Consumer<RuntimeException> action) {
            if (first != null) {
                action.accept(first);
            }
        }

        void rethrow() {
            if (first != null) {
                throw first;
            }
        }
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
