package io.stateapi.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.LocalAws;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis (pinned in localstack/requirements-test.txt) fuzzes the running local stack from
 * the OpenAPI document with every check enabled: positive and negative data, status codes,
 * content types, headers, response schemas, unsupported methods, stateful links. It must
 * find nothing. The seed is fixed so a failure reproduces; -Dstateapi.schemathesis.seed=
 * explores other inputs.
 *
 * <p>A module of its own (ADR 0070): its two minutes run beside the other modules' tests in make
 * test's parallel build rather than alone at the end of the local stack's. It starts its own
 * emulator (moto) and local stack, as make run does.
 */
class SchemathesisTest {

    private static final long SEED = Long.getLong("stateapi.schemathesis.seed", 20261130L);
    private static final int MAX_EXAMPLES = Integer.getInteger("stateapi.schemathesis.examples", 60);
    private static final String TENANT = "fuzz";
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String OPERATING_TENANT_TOKEN = ISSUER.token(TokenGrant
            .of(TENANT, "state:read state:write state:admin state:operator").lasting(Duration.ofHours(1)));

    @Test
    void fuzzingTheRunningStackFromTheContractFindsNoFailure() throws IOException, InterruptedException {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, StateApiResources.forEnvironment("fuzz"), 0, ISSUER)) {
            fuzz(stack);
        }
    }

    private static void fuzz(LocalStack stack) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("stateapi.root", "..")).toAbsolutePath().normalize();
        Path schemathesis = MotoEmulator.venvPython().resolveSibling("schemathesis");
        Path report = Files.createTempFile("schemathesis", ".log");
        // schemathesis keeps a cache in its working directory: keep it out of the checkout
        Path workDir = Files.createTempDirectory("schemathesis");

        ProcessBuilder command = new ProcessBuilder(List.of(schemathesis.toString(),
                "--config-file", root.resolve("contracts/schemathesis.toml").toString(),
                "run", root.resolve("contracts/openapi/state-api.yaml").toString(),
                "--url", stack.apiEndpoint().toString(),
                // The test tenant's token, an operator's too: the gateway refuses every request
                // without one (ADR 0014), and the admin routes refuse every other (ADR 0018).
                "--header", "Authorization: Bearer " + OPERATING_TENANT_TOKEN,
                "--checks", "all",
                // All but use-after-free: a DELETE repeated with its Idempotency-Key replays 204
                // without deleting a key re-created since (ADR 0007), which the check takes for a
                // deleted key still served (its stateful walk: DELETE 204, POST counters 201, the
                // same DELETE 204 replayed, GET 200). `--checks all` overrides the configuration
                // file, so the check cannot be turned off there for one operation. Deletes are
                // shown by KeysApiEndToEndTest (204 then 404), NamespacesApiEndToEndTest and
                // SubscriptionLifecycleTest, the replay by ExactlyOnceWritesTest.
                "--exclude-checks", "use_after_free",
                "--max-examples", Integer.toString(MAX_EXAMPLES),
                "--seed", Long.toString(SEED),
                "--generation-database", "none",
                // One worker: Python 3.11's ast.parse is not thread-safe, and Hypothesis parses
                // source to describe lambdas; two workers failed with "SystemError: AST constructor
                // recursion depth mismatch" about one run in two (one worker is as fast here).
                "--workers", "1",
                "--no-color"));
        // What schemathesis must know about the key's double encoding (see the file's docstring).
        command.environment().put("SCHEMATHESIS_HOOKS", root.resolve("contracts/schemathesis_hooks.py").toString());
        Process run = command
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.toFile())
                .start();
        boolean finished = run.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(finished).as("schemathesis finished within 10 minutes").isTrue();
        assertThat(run.exitValue()).as("schemathesis exit code; its report:%n%s", output).isZero();
        // Exit code 0 means every check passed in every phase. Warnings may stand beside that:
        // once the stateful walk has given a namespace a JSON Schema (ADR 0052), most values it
        // generates for that namespace are refused with 422 schema-violation, which Schemathesis
        // reports as a "schema validation mismatch" warning, not a failure.
        assertThat(output).doesNotContain("❌").containsAnyOf("No issues found", "Warnings:");
    }
}
