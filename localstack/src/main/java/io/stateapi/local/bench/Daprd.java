package io.stateapi.local.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Dapr's sidecar for {@link PeerBenchmark}: daprd's runtime of the release localstack/bench/dapr/daprd
 * pins (cmd/daprd/app, copied unchanged but for the component registry: Dapr's DynamoDB state
 * store alone), run in standalone mode with that one component on the emulator. No app, no
 * placement, no scheduler, no sentry: the state API needs none of them. Closing it stops the
 * process.
 */
final class Daprd implements AutoCloseable {

    /** The component's name, the {@code {store}} of the state API's paths. */
    static final String STORE = "peer";

    private static final long START_SECONDS = 120;

    private final Process process;
    private final URI http;

    private Daprd(Process process, URI http) {
        this.process = process;
        this.http = http;
    }

    /** Builds daprd (minutes the first time; Go's build cache keeps later builds short). */
    static Path build(Path root) throws Exception {
        return GoDriver.buildModule(root, root.resolve("localstack/bench/dapr/daprd"), "daprd", List.of());
    }

    /** Starts {@code binary} on {@code table} (which must exist: the store checks it at start). */
    static Daprd start(Path binary, URI endpoint, String table) throws Exception {
        Path resources = Files.createDirectories(binary.resolveSibling("daprd-resources"));
        Files.writeString(resources.resolve("statestore.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: state.aws.dynamodb
                  version: v1
                  initTimeout: 60s
                  metadata:
                  - name: table
                    value: %s
                  - name: endpoint
                    value: %s
                  - name: region
                    value: us-east-1
                  - name: accessKey
                    value: test
                  - name: secretKey
                    value: test
                """.formatted(STORE, table, endpoint));
        int httpPort = freePort();
        Process process = new ProcessBuilder(binary.toString(), "--mode", "standalone", "--app-id", "peer-bench",
                "--resources-path", resources.toString(), "--dapr-http-port", Integer.toString(httpPort),
                "--dapr-grpc-port", Integer.toString(freePort()), "--dapr-internal-grpc-port", Integer.toString(freePort()),
                "--metrics-port", Integer.toString(freePort()), "--profile-port", Integer.toString(freePort()),
                "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(binary.resolveSibling("daprd.log").toFile()).start();
        Daprd daprd = new Daprd(process, URI.create("http://127.0.0.1:" + httpPort));
        try {
            daprd.awaitHealthy(binary.resolveSibling("daprd.log"));
            return daprd;
        } catch (Exception | Error e) {
            daprd.close();
            throw e;
        }
    }

    /** The sidecar's HTTP API. */
    URI http() {
        return http;
    }

    private void awaitHealthy(Path log) throws Exception {
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daprd exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> health = probe.send(HttpRequest.newBuilder(http.resolve("/v1.0/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 204) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("daprd was not healthy within " + START_SECONDS + " s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
