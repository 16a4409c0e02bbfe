package io.stateapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.dynamodb.DynamoDbPrincipalRegistry;
import io.stateapi.dynamodb.DynamoDbQuotaLedger;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operators' registry CLI run against the emulator, on the catalog table of environment
 * "test" (the shared stack's), through {@code --endpoint}. Each test has principals and a
 * tenant of its own.
 */
class RegistryCliTest {

    private final TestStack stack = TestStack.shared();
    private final DynamoDbPrincipalRegistry registry =
            new DynamoDbPrincipalRegistry(stack.dynamoDb(), TestStack.RESOURCES.catalogTableName());
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "cli-" + id;
    private final String role = "arn:aws:iam::123456789012:role/orders-" + id;

    record Run(int exitCode, String out, String err) {

        JsonNode json() {
            return StateJson.parse(out.strip().getBytes(StandardCharsets.UTF_8));
        }

        List<JsonNode> lines() {
            return out.lines().map(line -> StateJson.parse(line.getBytes(StandardCharsets.UTF_8))).toList();
        }
    }

    /** The command as {@code make registry ENV=test ARGS="..."} runs it against the emulator. */
    private Run registry(String... args) {
        CommandLine command = RegistryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] target = {"--env", "test", "--endpoint", stack.emulatorEndpoint().toString()};
        int exitCode = command.execute(Stream.concat(Arrays.stream(args), Arrays.stream(target)).toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void registerStoresTheRegistrationAndPrintsItAsTheApiShowsIt() {
        Run run = registry("register", "--principal", role, "--tenant", tenant, "--scopes", "state:write,state:read",
                "--namespaces", "orders,cart-*");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().toString()).isEqualTo("{\"principal\":\"" + role + "\",\"tenant\":\"" + tenant
                + "\",\"scopes\":[\"state:read\",\"state:write\"],\"namespaces\":[\"orders\",\"cart-*\"]}");
        assertThat(run.err()).contains("created " + role).contains(TestStack.RESOURCES.catalogTableName());
        Registration stored = registry.find(role).orElseThrow();
        assertThat(stored.tenant()).contains(TenantId.of(tenant));
        assertThat(stored.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
    }

    @Test
    void registeringAgainReplacesTheRegistration() {
        registry("register", "--principal", role, "--tenant", tenant, "--scopes", "state:read", "--namespaces", "orders");

        Run run = registry("register", "--principal", role, "--tenant", tenant, "--scopes", "state:admin");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("replaced");
        assertThat(registry.find(role).orElseThrow().grants().coversAll()).isTrue();
    }

    @Test
    void anOperatorIsRegisteredWithoutATenantAndASessionAsItsRole() {
        Run run = registry("register", "--principal", "arn:aws:sts::123456789012:assumed-role/orders-" + id + "/alice",
                "--scopes", "state:operator");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("principal").asText()).isEqualTo(role);
        assertThat(run.json().has("tenant")).isFalse();
        assertThat(registry.find(role).orElseThrow().caller().has(Scope.OPERATOR)).isTrue();
    }

    @Test
    void aRegistrationWithNoScopeKeepsAPrincipalKnownAndPowerless() {
        Run run = registry("register", "--principal", role, "--tenant", tenant, "--scopes=");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(registry.find(role).orElseThrow().scopes()).isEmpty();
    }

    @Test
    void showPrintsTheRegistrationAndSaysWhenThereIsNone() {
        registry("register", "--principal", role, "--tenant", tenant, "--scopes", "state:read");

        Run shown = registry("show", "--principal", role);
        Run absent = registry("show", "--principal", role + "-nobody");

        assertThat(shown.exitCode()).isZero();
        assertThat(shown.json().get("tenant").asText()).isEqualTo(tenant);
        assertThat(absent.exitCode()).isEqualTo(RegistryCli.NOT_REGISTERED);
        assertThat(absent.out()).isEmpty();
        assertThat(absent.err()).contains("no registration for principal " + role + "-nobody");
    }

    @Test
    void removeRemovesTheRegistrationAndSaysWhenThereWasNone() {
        registry("register", "--principal", role, "--tenant", tenant, "--scopes", "state:read");

        Run removed = registry("remove", "--principal", role);
        Run again = registry("remove", "--principal", role);

        assertThat(removed.exitCode()).isZero();
        assertThat(removed.err()).contains("removed " + role);
        assertThat(registry.find(role)).isEmpty();
        assertThat(again.exitCode()).isEqualTo(RegistryCli.NOT_REGISTERED);
    }

    @Test
    void listPrintsEveryRegistrationOfTheTenantOnePerLineInPrincipalOrder() {
        for (String suffix : List.of("c", "a", "b")) {
            registry("register", "--principal", role + "-" + suffix, "--tenant", tenant, "--scopes", "state:read");
        }
        registry("register", "--principal", role + "-x", "--tenant", "other-" + id, "--scopes", "state:read");

        Run run = registry("list", "--tenant", tenant);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> principals = new ArrayList<>();
        run.lines().forEach(line -> principals.add(line.get("principal").asText()));
        assertThat(principals).containsExactly(role + "-a", role + "-b", role + "-c");
    }

    @Test
    void invalidInputIsRefusedWithExitCode2AndChangesNothing() {
        List<String[]> invalid = List.of(
                new String[] {"register", "--principal", "arn:aws:iam::123456789012:root", "--tenant", tenant, "--scopes", "state:read"},
                new String[] {"register", "--principal", role, "--tenant", tenant, "--scopes", "state:read,state:all"},
                new String[] {"register", "--principal", role, "--tenant", "acme#" + id, "--scopes", "state:read"},
                new String[] {"register", "--principal", role, "--scopes", "state:read"},
                new String[] {"register", "--principal", role, "--tenant", tenant, "--scopes", "state:read", "--namespaces", "*"},
                new String[] {"register", "--principal", role, "--tenant", tenant},
                new String[] {"list", "--tenant", "acme#orders"},
                new String[] {"forget", "--principal", role});
        for (String[] args : invalid) {
            Run run = registry(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(RegistryCli.INVALID);
            assertThat(run.err()).isNotEmpty();
        }
        assertThat(registry.find(role)).isEmpty();
    }

    @Test
    void anEnvironmentWithoutACatalogTableIsReportedWithoutAStackTrace() {
        CommandLine command = RegistryCli.commandLine();
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));

        int exitCode = command.execute("show", "--principal", role, "--env", "nowhere",
                "--endpoint", stack.emulatorEndpoint().toString());

        assertThat(exitCode).isEqualTo(RegistryCli.FAILED);
        assertThat(err.toString()).contains("no catalog table").doesNotContain("\tat ");
    }

    @Test
    void aRegistryThatDoesNotAnswerIsReportedWithoutAStackTrace() {
        CommandLine command = RegistryCli.commandLine();
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));

        int exitCode = command.execute("show", "--principal", role, "--env", "test", "--endpoint", "http://127.0.0.1:1");

        assertThat(exitCode).isEqualTo(RegistryCli.FAILED);
        assertThat(err.toString()).contains("the registry did not answer").doesNotContain("\tat ");
    }

    /** A tenant's own request quota (ADR 0017), on the item the quota ledger reads. */
    @Test
    void quotaSetsPrintsAndRemovesATenantsOwnLimit() {
        DynamoDbQuotaLedger ledger = new DynamoDbQuotaLedger(stack.dynamoDb(), TestStack.RESOURCES.catalogTableName(),
                java.time.Duration.ofSeconds(5));

        Run unset = registry("quota", "--tenant", tenant);
        Run set = registry("quota", "--tenant", tenant, "--requests-per-second", "500");
        assertThat(ledger.requestsPerSecond(TenantId.of(tenant))).hasValue(500);
        Run shown = registry("quota", "--tenant", tenant);
        Run reset = registry("quota", "--tenant", tenant, "--default");

        assertThat(unset.json().toString()).isEqualTo("{\"tenant\":\"" + tenant + "\",\"requestsPerSecond\":null}");
        assertThat(unset.err()).contains("default");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(shown.json().get("requestsPerSecond").asInt()).isEqualTo(500);
        assertThat(reset.json().get("requestsPerSecond").isNull()).isTrue();
        assertThat(ledger.requestsPerSecond(TenantId.of(tenant))).isEmpty();
        assertThat(registry("quota", "--tenant", tenant, "--requests-per-second", "0").exitCode()).isEqualTo(RegistryCli.INVALID);
        assertThat(registry("quota", "--tenant", tenant, "--requests-per-second", "5", "--default").exitCode())
                .isEqualTo(RegistryCli.INVALID);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("register", "remove", "show", "list", "quota")) {
            CommandLine cli = RegistryCli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).contains("--env").contains("--endpoint").contains("--region");
        }
    }
}
