package io.stateapi.jsonata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidMigrationException;
import io.stateapi.domain.schemas.CompiledMigration;
import io.stateapi.domain.schemas.TransformFailedException;
import org.junit.jupiter.api.Test;

/** JSONata migrations (ADR 0057): what compiles, what a run gives, and how a runaway run is stopped. */
class JsonataMigrationDialectTest {

    private final JsonataMigrationDialect dialect = new JsonataMigrationDialect();

    private CompiledMigration compile(String expression) {
        return dialect.compile(new JsonDocument("{\"jsonata\":" + quoted(expression) + "}"));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void aTransformAddsAndRenamesMembers() {
        CompiledMigration migration = compile("$merge([$sift($, function($v, $k) {$k != 'qty'}), {'quantity': qty, 'currency': 'EUR'}])");

        JsonDocument upgraded = migration.apply(new JsonDocument("{\"id\":\"a\",\"qty\":2}"));

        assertThat(upgraded.json()).isEqualTo("{\"id\":\"a\",\"quantity\":2,\"currency\":\"EUR\"}");
    }

    @Test
    void numbersPassedThroughKeepEveryDigit() {
        JsonDocument value = new JsonDocument("{\"big\":123456789012345678901234567890,\"price\":1.10,\"n\":null}");

        assertThat(compile("$").apply(value).json()).isEqualTo(value.json());
    }

    @Test
    void computedWholeNumbersAreIntegers() {
        assertThat(compile("{'cents': price * 100}").apply(new JsonDocument("{\"price\":2.5}")).json())
                .isEqualTo("{\"cents\":250}");
    }

    @Test
    void anExpressionThatDoesNotCompileIsRefusedWithItsReason() {
        assertThatThrownBy(() -> compile("$merge([$, {'a': ]"))
                .isInstanceOfSatisfying(InvalidMigrationException.class,
                        e -> assertThat(e.reasons()).singleElement().asString().startsWith("the JSONata expression does not compile"));
    }

    @Test
    void aMigrationIsAnObjectWithTheOneMemberJsonata() {
        assertThatThrownBy(() -> dialect.compile(new JsonDocument("{\"jslt\":\".\"}")))
                .isInstanceOf(InvalidMigrationException.class).hasMessageContaining("jsonata");
        assertThatThrownBy(() -> dialect.compile(new JsonDocument("\"$\"")))
                .isInstanceOf(InvalidMigrationException.class);
        assertThatThrownBy(() -> dialect.compile(new JsonDocument("{\"jsonata\":\" \"}")))
                .isInstanceOf(InvalidMigrationException.class);
    }

    @Test
    void aTransformThatGivesNoValueFails() {
        assertThatThrownBy(() -> compile("missing").apply(new JsonDocument("{\"id\":\"a\"}")))
                .isInstanceOf(TransformFailedException.class).hasMessageContaining("no value");
    }

    @Test
    void aTransformThatGivesAFunctionFails() {
        assertThatThrownBy(() -> compile("function($x) {$x}").apply(new JsonDocument("{}")))
                .isInstanceOf(TransformFailedException.class).hasMessageContaining("no JSON value");
    }

    @Test
    void endlessRecursionIsStoppedByTheRunBounds() {
        CompiledMigration endless = compile("($f := function($x) {$f($x + 1)}; $f(0))");

        assertThatThrownBy(() -> endless.apply(new JsonDocument("{}"))).isInstanceOf(TransformFailedException.class);
    }

    @Test
    void exponentialWorkIsStoppedByTheRunTime() {
        CompiledMigration doubling = compile("($f := function($n) {$n = 0 ? 1 : $f($n - 1) + $f($n - 1)}; $f(40))");
        long started = System.nanoTime();

        assertThatThrownBy(() -> doubling.apply(new JsonDocument("{}"))).isInstanceOf(TransformFailedException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aResultNestedDeeperThanAStoredValueMayBeFails() {
        CompiledMigration deep = compile("($f := function($n) {$n = 0 ? 1 : {'a': $f($n - 1)}}; $f(70))");

        assertThatThrownBy(() -> deep.apply(new JsonDocument("{}")))
                .isInstanceOf(TransformFailedException.class).hasMessageContaining("nests deeper");
    }

    @Test
    void theClockIsRefusedSoThatEveryReadGivesTheSameValue() {
        assertThatThrownBy(() -> compile("{'at': $now()}").apply(new JsonDocument("{}")))
                .isInstanceOf(TransformFailedException.class).hasMessageContaining("$now()");
        assertThatThrownBy(() -> compile("{'at': $millis()}").apply(new JsonDocument("{}")))
                .isInstanceOf(TransformFailedException.class).hasMessageContaining("$millis()");
    }
}
