package io.stateapi.local.bench;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.TracingSettings;
import io.stateapi.local.LocalContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold start of the api function against its framework-free baseline ({@code make bench}; ADR
 * 0041, docs/performance.md "Cold start"). Each start is a new JVM ({@link ColdStartChild}) that
 * builds its handler from the environment and answers one GET against the emulator: wall time
 * from process start to exit, and the process's own CPU time and peak resident memory. The starts
 * alternate ({@code bare}, {@code api}, ... per round) so a noisy neighbour hits both sides alike;
 * the figure to read is the ratio within one run.
 *
 * <p>JVM options: the JVM's defaults; then the Lambda Java 21 runtime's (tiered compilation
 * stopped at C1, the serial collector), on the jar and on the jar unpacked into a directory as
 * Lambda runs it, where a third row starts the api's context and does the GET's domain work
 * without its request path ({@code ColdStartChild context}, ADR 0073), and on the bench's own
 * class path without Micronaut's HTTP modules (the context with dependency injection alone); then
 * Lambda's flags plus an AppCDS archive made by one training start
 * ({@code -XX:ArchiveClassesAtExit}). The children run on the deployed artifact, the functions'
 * Lambda jar ({@code -Dbench.coldStart.jar}, else {@code functions/target/*-lambda.jar}), plus a jar
 * of the child's own classes; {@code -Dbench.coldStarts} is n per row; {@code -Dbench.coldStart.tracing=true}
 * starts the api as a traced Lambda invocation (ADR 0059).
 */
public final class ColdStartBenchmark {

    private static final int STARTS = Integer.getInteger("bench.coldStarts", 5);
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    /** What the Lambda Java 21 runtime starts the JVM with (docs: "Customize Java runtime startup behavior"). */
    private static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final Pattern REPORT = Pattern.compile(
            "cold-start cpu_ms=(\\d+) rss_peak_kb=(-?\\d+) rss_kb=(-?\\d+) heap_used_kb=(\\d+)");
    /**
     * {@code -Dbench.coldStart.tracing=true}: the api's starts trace as on Lambda with active tracing
     * (ADR 0059): {@code STATE_TRACING=xray}, a daemon address (nothing listens; the spans are sent
     * anyway) and a sampled trace header for the invocation.
     */
    private static final boolean TRACING = Boolean.getBoolean("bench.coldStart.tracing");
    private static final Map<String, String> TRACED_INVOCATION = Map.of(TracingSettings.ENV_TRACING, TracingSettings.XRAY,
            TracingSettings.ENV_XRAY_DAEMON_ADDRESS, "127.0.0.1:2000",
            "_X_AMZN_TRACE_ID", "Root=1-6756a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1");
    /**
     * {@code -Dbench.coldStart.sameCalls=true}: one more row, the baseline making as many DynamoDB
     * calls as the api's first GET ({@code ColdStartChild bare-calls}, ADR 0063), with Lambda's flags.
     */
    private static final boolean SAME_CALLS = Boolean.getBoolean("bench.coldStart.sameCalls");
    /** Micronaut's HTTP server side: the server, router, servlet layer, API Gateway proxy and its Reactor. */
    private static final Pattern HTTP_MODULES = Pattern.compile(
            "micronaut-(http-server|router|servlet-core|function-aws-api-proxy|reactor)-\\d");
    /** Requests the memory run answers after its first. */
    private static final int LOAD = Integer.getInteger("bench.load", 10_000);

    /** A start's JVM options and, when not null, a class path of its own (else the Lambda jar's). */
    private record Variant(String name, String mode, List<String> jvmOptions, String classpath) {
        Variant(String name, String mode, List<String> jvmOptions) {
            this(name, mode, jvmOptions, null);
        }
    }

    private record Start(long wallMillis, long cpuMillis, long peakRssKb, long rssKb, long heapUsedKb) {
        Start(long wallMillis, long cpuMillis, long peakRssKb) {
            this(wallMillis, cpuMillis, peakRssKb, 0, 0);
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path archives = Files.createTempDirectory("cold-start");
        Path childJar = childJar(archives);
        // Jars only: a class-data-sharing archive refuses class directories.
        String classpath = lambdaJar() + File.pathSeparator + childJar;
        // As Lambda runs a .zip or JAR package: unpacked into /var/task, its classes loaded from the directory.
        String unpacked = unpack(lambdaJar(), archives.resolve("task")) + File.pathSeparator + childJar;
        String withoutHttp = withoutHttpModules() + File.pathSeparator + childJar;
        try (BenchStack bench = BenchStack.start(RESOURCES.environment(), "state:read")) {
            URI emulator = bench.emulator().endpoint();
            System.out.printf("Cold start: %d starts per row, alternating,%s JDK %s, %d cores, classpath %s%n%n",
                    STARTS, TRACING ? " traced (STATE_TRACING=xray)," : "", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    classpath.length() > 80 ? classpath.substring(0, 77) + "..." : classpath);
            List<Variant> variants = new ArrayList<>();
            for (String mode : List.of("bare", "api")) {
                variants.add(new Variant(mode + ", JVM defaults", mode, List.of()));
            }
            for (String mode : SAME_CALLS ? List.of("bare", "bare-calls", "api") : List.of("bare", "api")) {
                variants.add(new Variant(mode + ", Lambda's flags", mode, LAMBDA_FLAGS));
            }
            for (String mode : List.of("bare", "context", "api")) {
                variants.add(new Variant(mode + ", Lambda's flags, package unpacked", mode, LAMBDA_FLAGS, unpacked));
            }
            for (String mode : List.of("bare", "context")) {
                variants.add(new Variant(mode + ", Lambda's flags, Maven class path without HTTP modules", mode,
                        LAMBDA_FLAGS, withoutHttp));
            }
            for (String mode : List.of("bare", "api")) {
                Path archive = archives.resolve(mode + ".jsa");
                List<String> training = new ArrayList<>(LAMBDA_FLAGS);
                training.add("-XX:ArchiveClassesAtExit=" + archive);
                start(classpath, emulator, new Variant("training " + mode, mode, training));
                List<String> withArchive = new ArrayList<>(LAMBDA_FLAGS);
                withArchive.add("-XX:SharedArchiveFile=" + archive);
                variants.add(new Variant(mode + ", Lambda's flags + AppCDS", mode, withArchive));
            }
            Map<Variant, List<Start>> starts = new LinkedHashMap<>();
            variants.forEach(v -> starts.put(v, new ArrayList<>()));
            for (int round = 0; round < STARTS; round++) {
                for (Variant variant : variants) {
                    starts.get(variant).add(start(classpath, emulator, variant));
                }
                System.out.printf("  round %d of %d done%n", round + 1, STARTS);
            }
            report(starts);
            // the memory of a function that has worked a while: what the Lambda memory setting must hold
            Start loaded = start(classpath, emulator, new Variant("api after load", "api-load " + LOAD, LAMBDA_FLAGS));
            System.out.printf("%n| api function after its first request and %,d more (PUT and GET), Lambda's flags"
                            + " | RSS %d MiB | peak RSS %d MiB | heap in use %d MiB | CPU %d ms | wall %d ms |%n",
                    LOAD, loaded.rssKb() / 1024, loaded.peakRssKb() / 1024, loaded.heapUsedKb() / 1024,
                    loaded.cpuMillis(), loaded.wallMillis());
        } finally {
            try (var files = Files.walk(archives)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** {@code -Dbench.coldStart.jar}, else the functions module's {@code *-lambda.jar} (the deployed artifact). */
    private static Path lambdaJar() throws IOException {
        String configured = System.getProperty("bench.coldStart.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path target = Path.of(System.getProperty("stateapi.root", "."), "functions", "target");
        try (var jars = Files.newDirectoryStream(target, "*-lambda.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no Lambda jar in " + target + ": mvn -pl functions -am package -DskipTests");
    }

    /**
     * This bench's own class path (the functions' classes and their dependencies as Maven resolves
     * them) without Micronaut's HTTP server modules, without which Micronaut skips the controllers and
     * builds no routes when the context starts, and without the bench's own classes (the child's are
     * in its jar): what the context costs with Micronaut's dependency injection alone (ADR 0073).
     */
    private static String withoutHttpModules() throws Exception {
        Path own = Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty() && !Path.of(entry).toAbsolutePath().equals(own.toAbsolutePath()))
                .filter(entry -> !HTTP_MODULES.matcher(Path.of(entry).getFileName().toString()).lookingAt())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The jar's entries written out under {@code directory}, as Lambda unpacks a function's package
     * into {@code /var/task}, whose runtime loads the classes from there (and from {@code lib/*.jar}).
     */
    private static Path unpack(Path jar, Path directory) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return directory;
    }

    /** A jar of the child's own classes (the child, its events, the local Lambda context). */
    private static Path childJar(Path directory) throws IOException {
        Path jar = directory.resolve("cold-start-child.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String type : List.of(ColdStartChild.class.getName(), ColdStartChild.ColdStartEvents.class.getName(),
                    LocalContext.class.getName(), LocalContext.class.getName() + "$1")) {
                String name = type.replace('.', '/') + ".class";
                try (InputStream in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(name)) {
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /**
     * One start; one that fails (on a busy machine the emulator can miss the function's 500 ms
     * attempt timeout, and the function then answers 503) is started again, up to three times, and said.
     */
    private static Start start(String classpath, URI emulator, Variant variant) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(classpath, emulator, variant);
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("  %s; starting it again%n", e.getMessage());
            }
        }
    }

    private static Start attempt(String classpath, URI emulator, Variant variant) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(variant.jvmOptions());
        command.addAll(List.of("-cp", variant.classpath() == null ? classpath : variant.classpath(),
                ColdStartChild.class.getName()));
        command.addAll(List.of(variant.mode().split(" ")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(ColdStartChild.environment(emulator, RESOURCES));
        if (TRACING && variant.mode().startsWith("api")) {
            // the baseline stays a bare handler: what tracing costs shows in the api's row and ratio
            builder.environment().putAll(TRACED_INVOCATION);
        }
        long begin = System.nanoTime();
        Process child = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
            }
        }
        if (!child.waitFor(600, TimeUnit.SECONDS) || child.exitValue() != 0) {
            output.stream().filter(line -> line.startsWith("Exception") || line.contains("WARN")).limit(3)
                    .forEach(line -> System.out.println("    " + line));
            throw new IllegalStateException("cold start " + variant.name() + " failed");
        }
        long wall = (System.nanoTime() - begin) / 1_000_000;
        for (String line : output) {
            Matcher report = REPORT.matcher(line);
            if (report.find()) {
                return new Start(wall, Long.parseLong(report.group(1)), Long.parseLong(report.group(2)),
                        Long.parseLong(report.group(3)), Long.parseLong(report.group(4)));
            }
        }
        output.forEach(System.out::println);
        throw new IllegalStateException("cold start " + variant.name() + " printed no report");
    }

    private static void report(Map<Variant, List<Start>> starts) {
        System.out.println();
        Samples.header("start (new JVM -> first response -> exit)", "wall p50", "wall min..max", "CPU p50",
                "peak RSS p50", "wall / bare", "CPU / bare");
        Map<List<String>, Start> bare = new LinkedHashMap<>();
        for (Map.Entry<Variant, List<Start>> entry : starts.entrySet()) {
            List<Start> list = entry.getValue();
            long[] wall = list.stream().mapToLong(Start::wallMillis).sorted().toArray();
            long[] cpu = list.stream().mapToLong(Start::cpuMillis).sorted().toArray();
            long[] rss = list.stream().mapToLong(Start::peakRssKb).sorted().toArray();
            Start median = new Start(median(wall), median(cpu), median(rss));
            Variant variant = entry.getKey();
            // the bare row of the same JVM options is this row's baseline
            List<String> options = new ArrayList<>(variant.jvmOptions().stream()
                    .map(o -> o.replaceAll("/[^ ]*\\.jsa", ".jsa")).toList());
            // a class path of its own is part of what the row's baseline shares with it
            options.add(String.valueOf(variant.classpath()));
            if (variant.mode().equals("bare")) {
                bare.put(options, median);
            }
            Start base = bare.get(options);
            System.out.printf("| %s | %d ms | %d..%d ms | %d ms | %d MiB | %.2fx | %.2fx |%n", variant.name(),
                    median.wallMillis(), wall[0], wall[wall.length - 1], median.cpuMillis(), median.peakRssKb() / 1024,
                    median.wallMillis() / (double) base.wallMillis(), median.cpuMillis() / (double) base.cpuMillis());
        }
        System.out.printf("%nn=%d per row; wall includes JVM start and exit; CPU (all threads) and peak RSS as the"
                + " process reports them in /proc/self at its end.%n", starts.values().iterator().next().size());
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
