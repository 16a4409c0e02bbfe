package io.stateapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files on the local gateway: what is served, as what, and nothing outside dist/. */
class ConsoleAssetsTest {

    @TempDir
    Path project;
    private HttpServer server;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws IOException {
        Path dist = Files.createDirectories(project.resolve("console/dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>console</title>");
        Files.writeString(dist.resolve("app.js"), "export {};");
        Files.writeString(project.resolve("console/secret.txt"), "outside dist");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ConsoleAssets.PREFIX, new ConsoleAssets(dist));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFolderServesItsIndexPageAsHtmlThatTheBrowserRevalidates() throws Exception {
        HttpResponse<String> page = get("/console/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>console</title>");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");
    }

    @Test
    void scriptsAreServedAsJavaScript() throws Exception {
        assertThat(get("/console/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void theBareConsolePathRedirectsToTheFolderSoRelativeLinksResolve() throws Exception {
        HttpResponse<String> answer = get("/console");

        assertThat(answer.statusCode()).isEqualTo(301);
        assertThat(answer.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void anUnchangedFileIsNotSentAgain() throws Exception {
        String modified = get("/console/app.js").headers().firstValue("Last-Modified").orElseThrow();

        assertThat(get("/console/app.js", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    }

    @Test
    void nothingOutsideTheBuiltFolderIsServed() throws Exception {
        for (String path : new String[] {"/console/../secret.txt", "/console/%2e%2e/secret.txt",
                "/console/..%2fsecret.txt", "/console/.%2e/secret.txt", "/console/..\\secret.txt", "/console/missing.js"}) {
            // 404 from the assets, or 400 from the JDK's server for a path it cannot parse (the backslash).
            assertThat(raw(path)).as(path).matches("(?s)HTTP/1\\.1 40[04] .*").doesNotContain("outside dist");
        }
    }

    @Test
    void onlyReadsAreAllowed() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/console/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(405);
    }

    /** Sends the path exactly as written: HttpClient would normalise the dot segments away. */
    private String raw(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
