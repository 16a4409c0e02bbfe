package io.stateapi.local.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Go side of {@link PeerBenchmark}: builds a Go module of localstack/bench/dapr into
 * localstack/target/peer with the Go toolchain on the PATH, its dependencies from the Go module
 * proxy as go.sum pins them ({@code -mod=readonly}: the build never edits go.mod or go.sum), and
 * runs the in-process driver. Nothing of it enters a Maven artifact.
 */
final class GoDriver {

    private static final long BUILD_MINUTES = 30;

    private final Path root;
    private final Path binary;

    private GoDriver(Path root, Path binary) {
        this.root = root;
        this.binary = binary;
    }

    /** The Go toolchain's version line, or empty when there is no {@code go} on the PATH. */
    static Optional<String> toolchain() {
        try {
            Process go = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            String version = new String(go.getInputStream().readAllBytes()).trim();
            return go.waitFor() == 0 ? Optional.of(version) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Builds the in-process driver (localstack/bench/dapr). */
    static GoDriver build(Path root) throws Exception {
        return new GoDriver(root, buildModule(root, root.resolve("localstack/bench/dapr"), "dapr-peer", List.of()));
    }

    /** Builds {@code module} with {@code go build} into localstack/target/peer/{@code name}; its path. */
    static Path buildModule(Path root, Path module, String name, List<String> flags) throws Exception {
        Path binary = root.resolve("localstack/target/peer").resolve(name).toAbsolutePath().normalize();
        Files.createDirectories(binary.getParent());
        List<String> command = new ArrayList<>(List.of("go", "build", "-mod=readonly"));
        command.addAll(flags);
        command.addAll(List.of("-o", binary.toString(), "."));
        long start = System.nanoTime();
        Process build = new ProcessBuilder(command).directory(module.toFile()).inheritIO().start();
        if (!build.waitFor(BUILD_MINUTES, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + module);
        }
        System.out.printf("built %s in %.0f s%n", root.toAbsolutePath().normalize().relativize(binary.normalize()),
                (System.nanoTime() - start) / 1e9);
        return binary;
    }

    /** One run of the driver against {@code endpoint}'s {@code table} (created when missing). */
    PeerFigures run(URI endpoint, String table, int warmup, int samples, int increments, List<Integer> writers)
            throws Exception {
        Path out = binary.resolveSibling(table + ".json");
        List<String> command = List.of(binary.toString(), "-endpoint", endpoint.toString(), "-table", table,
                "-warmup", Integer.toString(warmup), "-samples", Integer.toString(samples),
                "-increments", Integer.toString(increments),
                "-writers", writers.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "-out", out.toString());
        // The driver's own text table goes to stderr: left out here, PeerBenchmark prints its figures.
        Process driver = new ProcessBuilder(command).redirectError(binary.resolveSibling(table + ".txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!driver.waitFor(30, TimeUnit.MINUTES) || driver.exitValue() != 0) {
            driver.destroyForcibly();
            throw new IllegalStateException("the Go driver failed: " + Files.readString(binary.resolveSibling(table + ".txt")));
        }
        return PeerFigures.fromJson(Files.readString(out));
    }
}
