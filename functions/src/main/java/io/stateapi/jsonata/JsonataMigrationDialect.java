package io.stateapi.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidMigrationException;
import io.stateapi.domain.schemas.CompiledMigration;
import io.stateapi.domain.schemas.MigrationDialect;
import io.stateapi.domain.schemas.TransformFailedException;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Migrations written in JSONata (ADR 0057), run by dashjoin's Java port of the reference
 * implementation: {@code {"jsonata": "<expression>"}}, where the expression's input is the value
 * at the previous version and its result is the value at the new one.
 *
 * <p>Bounds, so that a transform a tenant wrote cannot hold a request: each run stops after
 * {@link #RUN_TIME} or {@link #MAX_DEPTH} nested evaluations (the library's runtime bounds,
 * checked at every step), the library caps a range ({@code [1..n]}) at a million items, a result
 * deeper than the service's nesting limit fails, a stack or heap overflow inside a run fails only
 * that run, and the caller checks the result's size. {@code $now()} and {@code $millis()} are
 * refused: a migration runs again on every read of an old value and must give the same answer.
 */
public final class JsonataMigrationDialect implements MigrationDialect {

    /** The one member a migration has: the language's name, so another language can be added beside it. */
    static final String LANGUAGE = "jsonata";
    /**
     * The longest one run of a transform on one value may take: a warm run of a usual migration
     * takes microseconds; the margin is for a built-in function's first use in an instance.
     */
    static final Duration RUN_TIME = Duration.ofMillis(250);
    /** The deepest a run may nest evaluations (recursive functions included). */
    static final int MAX_DEPTH = 500;
    private static final String NOT_REPEATABLE = "%s is refused in a migration: it must give the same result on every read";

    @Override
    public CompiledMigration compile(JsonDocument migration) {
        JsonNode root = StateJson.parse(migration.json().getBytes(StandardCharsets.UTF_8));
        return Engine.compile(expression(root));
    }

    private static String expression(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidMigrationException(List.of("a migration is an object: {\"" + LANGUAGE + "\": \"<expression>\"}"));
        }
        List<String> reasons = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(LANGUAGE)) {
                reasons.add("unknown member \"" + name + "\"; the one transform language is \"" + LANGUAGE + "\"");
            }
        }
        JsonNode expression = root.get(LANGUAGE);
        if (expression == null || !expression.isTextual() || expression.asText().isBlank()) {
            reasons.add("member \"" + LANGUAGE + "\" must be a JSONata expression (a non-empty string)");
        }
        if (!reasons.isEmpty()) {
            throw new InvalidMigrationException(reasons);
        }
        return expression.asText();
    }

    /**
     * Everything that touches the library, apart so that the function's classes load none of it:
     * the library is loaded with the first migration compiled, not at a cold start.
     */
    private static final class Engine {

        static {
            // A cold JVM takes some 0.5 s over its first evaluation (the evaluator and the built-in
            // functions load), which would spend a first run's time bound on class loading. One
            // unbounded run of a small expression that touches them pays it here, once per instance.
            try {
                Jsonata.jsonata("$merge([$sift({'a': 1, 'b': [1, 2]}, function($v, $k) {$k = 'a'}),"
                        + " {'c': $string($sum([1, 2].($ * 2)))}])").evaluate(null);
            } catch (RuntimeException warmUpFailed) {
                // Only slower first runs follow.
            }
        }

        private static final Jsonata.Fn0<Object> REFUSED_NOW = () -> {
            throw new JException(NOT_REPEATABLE.formatted("$now()"), 0);
        };
        private static final Jsonata.Fn0<Object> REFUSED_MILLIS = () -> {
            throw new JException(NOT_REPEATABLE.formatted("$millis()"), 0);
        };

        static CompiledMigration compile(String expression) {
            Jsonata compiled;
            try {
                compiled = Jsonata.jsonata(expression);
            } catch (JException e) {
                throw new InvalidMigrationException(List.of("the JSONata expression does not compile: " + reason(e)));
            } catch (RuntimeException | StackOverflowError e) {
                // The parser is recursive: an expression nested thousands deep overflows it.
                throw new InvalidMigrationException(List.of("the JSONata expression does not compile: "
                        + e.getClass().getSimpleName()));
            }
            return value -> run(compiled, value);
        }

        private static JsonDocument run(Jsonata expression, JsonDocument value) {
            Object result;
            try {
                Object input = JsonataValues.toJsonata(StateJson.parse(value.json().getBytes(StandardCharsets.UTF_8)));
                try {
                    result = bounded(expression, input);
                } catch (JException e) {
                    if (!String.valueOf(e.getMessage()).contains("timeout")) {
                        throw e;
                    }
                    // The bound is wall-clock time: a garbage collection or a busy CPU can spend it
                    // on a run that is not runaway. A runaway one runs out of time again.
                    result = bounded(expression, input);
                }
            } catch (JException e) {
                throw new TransformFailedException("the JSONata expression failed: " + reason(e));
            } catch (StackOverflowError | OutOfMemoryError e) {
                // Only this run's own objects are lost: nothing outside it holds them.
                throw new TransformFailedException("the JSONata expression ran out of "
                        + (e instanceof StackOverflowError ? "stack" : "memory"));
            } catch (RuntimeException e) {
                throw new TransformFailedException("the JSONata expression failed: " + e);
            }
            return JsonataValues.toDocument(result);
        }

        private static Object bounded(Jsonata expression, Object input) {
            Jsonata.Frame frame = expression.createFrame();
            frame.bind("now", REFUSED_NOW);
            frame.bind("millis", REFUSED_MILLIS);
            // The clock starts here: the bounds are the transform's, not the conversion's.
            frame.setRuntimeBounds(RUN_TIME.toMillis(), MAX_DEPTH);
            return expression.evaluate(input, frame);
        }

        private static String reason(JException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return message.replace("JSonataException ", "");
        }
    }
}
