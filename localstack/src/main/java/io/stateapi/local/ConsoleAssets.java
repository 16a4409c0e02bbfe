package io.stateapi.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's built files ({@code console/dist}, ADR 0054) under {@code /console/} on the local
 * gateway, as CloudFront serves them from S3 on AWS: without the authorizer (the page is public;
 * its API requests carry the token), read-only, nothing outside the directory.
 */
final class ConsoleAssets implements HttpHandler {

    /** Where the console lives on the gateway; the API has no route under it. */
    static final String PREFIX = "/console";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "map", "application/json",
            "txt", "text/plain; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon");
    /** Plain file names in at most one folder: no "..", no "\", no hidden files, nothing encoded. */
    private static final Pattern SAFE_PATH = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)?[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** The same policy the CDK app's CloudFront response headers give the console (ConsoleHosting). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Path root;

    ConsoleAssets(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(PREFIX)) {
                // Relative asset links need the trailing slash; the fragment (#token=) survives a redirect.
                exchange.getResponseHeaders().set("Location", PREFIX + "/");
                exchange.sendResponseHeaders(301, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "Method Not Allowed");
                return;
            }
            Optional<Path> file = resolve(path);
            if (file.isEmpty()) {
                text(exchange, 404, path.startsWith(PREFIX + "/") && !Files.isDirectory(root)
                        ? "The console is not built: run make console (npm ci and the esbuild bundle)" : "Not Found");
                return;
            }
            serve(exchange, file.get(), method.equals("HEAD"));
        }
    }

    /** The file a request path names, if it is one of the console's files. */
    Optional<Path> resolve(String rawPath) {
        if (!rawPath.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        String relative = rawPath.substring(PREFIX.length() + 1);
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        if (!SAFE_PATH.matcher(relative).matches()) {
            return Optional.empty();
        }
        Path file = root.resolve(relative).normalize();
        return file.startsWith(root) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static void serve(HttpExchange exchange, Path file, boolean head) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", CONTENT_TYPES.getOrDefault(extension(file), "application/octet-stream"));
        // The file names carry no hash: the browser revalidates each time (a 304 when unchanged).
        headers.set("Cache-Control", "no-cache");
        headers.set("Last-Modified", HTTP_DATE.format(modified));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (notModifiedSince(exchange.getRequestHeaders().getFirst("If-Modified-Since"), modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        byte[] body = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static boolean notModifiedSince(String header, Instant modified) {
        if (header == null) {
            return false;
        }
        try {
            return !modified.isAfter(Instant.from(HTTP_DATE.parse(header)));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
        if (!exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseBody().write(body);
        }
    }
}
