package io.stateapi.client.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers each request with the next canned answer, in
 * order, and records what it received. For what the local stack cannot be made to answer on
 * demand (API Gateway's own 401, a tenant's quota, routes another branch adds) and for the exact
 * shape of requests. Requests beyond the canned answers get a 500 that names the request, so a
 * test that sends more than it expected fails loudly.
 */
public final class CannedServer implements AutoCloseable {

    /**
     * One answer: status, headers, body (empty for none). {@code cutAfter} bytes of the body are
     * sent and the connection closed, the rest never (-1: the whole body); a {@code held} answer is
     * never sent: the request waits until the server closes.
     */
    public record Answer(int status, Map<String, String> headers, String body, int cutAfter, boolean held) {

        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, -1, false);
        }

        /** A request that gets no answer at all while the server runs (a long poll that never ends). */
        public static Answer hold() {
            return new Answer(200, Map.of(), "", -1, true);
        }

        /** This answer, with the connection closed after {@code bytes} of its body. */
        public Answer cutAfter(int bytes) {
            return new Answer(status, headers, body, bytes, held);
        }

        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        public static Answer empty(int status) {
            return new Answer(status, Map.of(), "");
        }

        /** An RFC 9457 problem of the service, {@code https://stateapi.io/problems/<slug>}. */
        public static Answer problem(int status, String slug) {
            return new Answer(status, Map.of("Content-Type", "application/problem+json"),
                    "{\"type\":\"https://stateapi.io/problems/" + slug + "\",\"title\":\"" + slug + "\",\"status\":" + status
                            + ",\"detail\":\"canned " + slug + "\"}");
        }

        public Answer header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, Map.copyOf(more), body, cutAfter, held);
        }
    }

    /** One request as it arrived: method, raw target (path and query as sent), headers (lower-case names), body. */
    public record Received(String method, String target, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private CannedServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static CannedServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CannedServer canned = new CannedServer(server, Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try {
                    canned.handle(exchange);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.setExecutor(canned.threads);
            server.start();
            return canned;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next requests get these answers, one each, in order. */
    public CannedServer answer(Answer... next) {
        answers.addAll(List.of(next));
        return this;
    }

    public CannedServer answer(int times, Answer answer) {
        for (int i = 0; i < times; i++) {
            answers.add(answer);
        }
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException, InterruptedException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            received.add(new Received(exchange.getRequestMethod(), target, Map.copyOf(headers), body));
            Answer answer = answers.poll();
            if (answer == null) {
                answer = Answer.json(500, "{\"message\":\"no canned answer left for " + exchange.getRequestMethod() + " " + target + "\"}");
            }
            if (answer.held()) {
                closed.await();
                return;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.cutAfter() >= 0) {
                // Announces the whole body, sends part of it and closes: the client reads a body cut short.
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                exchange.getResponseBody().write(bytes, 0, answer.cutAfter());
                exchange.getResponseBody().flush();
                throw new IOException("cut after " + answer.cutAfter() + " bytes (on purpose)");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
