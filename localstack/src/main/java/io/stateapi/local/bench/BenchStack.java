package io.stateapi.local.bench;

import io.stateapi.local.LocalAws;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The start-up every HTTP bench main shares: a moto emulator and the local stack on it for
 * {@code environment}'s resources, trusting an in-memory {@link LocalIssuer} whose token (tenant
 * {@value #TENANT}) every request carries, the change poller and the expiry sweeps paused (they
 * would compete for the one emulator process), and an HTTP/1.1 client that retries as clients do.
 * Closing it stops the stack,
 * then the emulator.
 */
final class BenchStack implements AutoCloseable {

    static final String TENANT = "bench";

    private final StateApiResources resources;
    private final MotoEmulator emulator;
    private final LocalStack stack;
    private final String authorization;
    private final RetryingHttp http;

    private BenchStack(StateApiResources resources, MotoEmulator emulator, LocalStack stack, String authorization,
                       RetryCounts retries) {
        this.resources = resources;
        this.emulator = emulator;
        this.stack = stack;
        this.authorization = authorization;
        this.http = new RetryingHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), retries);
    }

    /** {@link #start(BenchReport, String, String)} whose retries no report counts. */
    static BenchStack start(String environment, String scopes) throws Exception {
        return start(environment, scopes, new RetryCounts());
    }

    /** Starts the stack as {@link #start(String, String)} does; {@code report} counts its client's retries. */
    static BenchStack start(BenchReport report, String environment, String scopes) throws Exception {
        return start(environment, scopes, report.retries());
    }

    /** Starts the stack for {@code environment}'s resources; its token grants {@code scopes} to {@value #TENANT}. */
    private static BenchStack start(String environment, String scopes, RetryCounts retries) throws Exception {
        StateApiResources resources = StateApiResources.forEnvironment(environment);
        LocalIssuer issuer = LocalIssuer.inMemory();
        String authorization = "Bearer " + issuer.token(TokenGrant.of(TENANT, scopes).lasting(Duration.ofHours(12)));
        LocalAws.useEmulatorDefaults();
        MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        try {
            LocalStack stack = LocalStack.start(emulator, resources, 0, issuer);
            stack.changes().poller().setEnabled(false);
            stack.expirySweeps().setEnabled(false);
            return new BenchStack(resources, emulator, stack, authorization, retries);
        } catch (Exception | Error e) {
            emulator.close();
            throw e;
        }
    }

    StateApiResources resources() {
        return resources;
    }

    MotoEmulator emulator() {
        return emulator;
    }

    LocalStack stack() {
        return stack;
    }

    /** The local gateway's base address. */
    URI api() {
        return stack.apiEndpoint();
    }

    /** The {@code Authorization} header's value: {@code Bearer <token>}. */
    String authorization() {
        return authorization;
    }

    /** An HTTP/1.1 client (as API Gateway's clients mostly are) that sends 503 and 429 again ({@link RetryingHttp}). */
    RetryingHttp http() {
        return http;
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            emulator.close();
        }
    }
}
