package io.stateapi.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto in server mode, from the project-local virtualenv ({@code make venv} installs the
 * pinned version). The server is bound to 127.0.0.1 and stops when this JVM exits, even
 * when it is killed (see {@code moto_guard.py}).
 */
public final class MotoEmulator implements Emulator {

    private static final long START_TIMEOUT_SECONDS = 60;

    private static final Pattern READY = Pattern.compile("moto ready on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    /** The port moto bound: the one asked for, or the one the system gave it for 0. */
    private volatile int port;

    private MotoEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts moto on {@code port}, or on a free port when {@code port} is 0: moto itself binds port 0
     * and reports the port it got, so that emulators starting at once (a parallel build's test JVMs)
     * never pick the same one, as a port found free here and bound later by moto could.
     */
    public static MotoEmulator start(Path python, int port) {
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no Python with moto at " + python
                    + "; run 'make venv' (make test and make run do it for you)");
        }
        try {
            // The guard imports its sibling modules (CloudWatch protocol bridge, expression cache, fast paths): one directory.
            Path scripts = Files.createTempDirectory("moto_guard");
            scripts.toFile().deleteOnExit();
            Path guard = scripts.resolve("moto_guard.py");
            for (String script : List.of("moto_guard.py", "smithy_cbor.py", "expression_cache.py", "fast_paths.py")) {
                Path copy = scripts.resolve(script);
                try (InputStream in = MotoEmulator.class.getResourceAsStream(script)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                copy.toFile().deleteOnExit();
            }
            Process process = new ProcessBuilder(python.toString(), "-u", guard.toString(), Integer.toString(port))
                    .redirectErrorStream(true)
                    .start();
            MotoEmulator emulator = new MotoEmulator(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "moto-shutdown"));
            emulator.awaitReady();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start moto", e);
        }
    }

    /** The python of the project-local virtualenv, found from {@code stateapi.root} or the working directory. */
    public static Path venvPython() {
        String override = System.getenv("STATE_API_PYTHON");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String root = System.getProperty("stateapi.root");
        Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path python = d.resolve(".venv/bin/python");
            if (Files.isExecutable(python)) {
                return python;
            }
        }
        return dir.resolve(".venv/bin/python");
    }

    private void awaitReady() {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        if (output.size() < 200) {
                            output.add(line);
                        }
                    }
                    Matcher bound = READY.matcher(line);
                    if (bound.lookingAt()) {
                        port = Integer.parseInt(bound.group(1));
                        ready.complete(true);
                    } else if (line.startsWith("moto slow")) {
                        // A stalled emulator explains a timed-out test: say so where the test output is.
                        System.err.println(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended; reported below
            }
            ready.complete(false);
        }, "moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                close();
                throw new IllegalStateException("moto exited before it was ready:\n" + String.join("\n", output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting moto", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("moto did not start within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String description() {
        return "moto on 127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
