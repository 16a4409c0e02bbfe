package io.stateapi.client.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP/1.1 proxy on 127.0.0.1 between a client and the local gateway, which injects
 * faults into the next requests in order: throttling, unavailability, gateway failures, canned
 * idempotency problems, and TCP connection resets before or after the request reached the
 * service (the latter drops the service's answer: a lost answer). Every request is recorded with what the
 * proxy did to it. Not a mock: the client under test speaks HTTP over sockets to it.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Fault {
        /** Forward the request and relay the answer. */
        NONE,
        /** Answer 503 service-unavailable (problem+json, Retry-After) without forwarding. */
        UNAVAILABLE,
        /**
         * Forward the request, let the service apply it, then answer 503 {@code outcome-unknown}
         * (problem+json, Retry-After) as the service does when it lost DynamoDB's answer (ADR 0065).
         */
        OUTCOME_UNKNOWN_AFTER_FORWARDING,
        /** Answer 429 as API Gateway's throttling does, without forwarding. */
        THROTTLED,
        /** Reset the connection (TCP RST) without forwarding: the service never sees the request. */
        RESET_BEFORE_FORWARDING,
        /** Forward the request, let the service apply it, then reset the connection: the answer is lost. */
        RESET_AFTER_FORWARDING,
        /** Never answer: hold the connection until the client gives up on it (or 60 s pass). */
        HOLD,
        /** Answer 502 as API Gateway does when the function failed, without forwarding. */
        BAD_GATEWAY,
        /** Answer 409 {@code idempotency-key-in-flight} (problem+json, Retry-After) without forwarding. */
        IDEMPOTENCY_KEY_IN_FLIGHT,
        /** Answer 422 {@code idempotency-key-reused} (problem+json) without forwarding. */
        IDEMPOTENCY_KEY_REUSED
    }

    /** One request the proxy saw, the status it answered (0 for a reset) and the service's answer headers, if any. */
    public record Exchange(String method, String target, Map<String, String> headers, byte[] body, Fault fault, int status,
                           Map<String, String> responseHeaders) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String responseHeader(String name) {
            return responseHeaders.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How the {@code apigw-requestid} of an injected answer starts. */
    public static final String INJECTED_REQUEST_ID_PREFIX = "injected-";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "upgrade", "expect",
            "keep-alive", "transfer-encoding", "http2-settings", "te", "proxy-connection");

    private final ServerSocket server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile String retryAfter = "0";
    private final java.util.concurrent.atomic.AtomicInteger abandoned = new java.util.concurrent.atomic.AtomicInteger();

    private FaultProxy(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    public static FaultProxy start(URI upstream) {
        try {
            ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(server, upstream);
            Thread.ofPlatform().daemon().name("fault-proxy-accept").start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next requests meet these faults, one each, in order; later requests pass through. */
    public FaultProxy inject(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public FaultProxy inject(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
        return this;
    }

    /** The {@code Retry-After} value of injected 503 and 429 answers ({@code null} for none). */
    public FaultProxy retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    /** Held connections the client closed: requests it gave up on (timeout, cancellation). */
    public int abandonedConnections() {
        return abandoned.get();
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public void clear() {
        exchanges.clear();
        faults.clear();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        http.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Fault fault = faults.poll();
            if (fault == null) {
                fault = Fault.NONE;
            }
            String method = requestLine[0];
            String target = requestLine[1];
            OutputStream out = socket.getOutputStream();
            switch (fault) {
                case UNAVAILABLE -> {
                    record(method, target, headers, body, fault, 503);
                    respond(out, 503, "application/problem+json", retryAfter,
                            "{\"type\":\"https://stateapi.io/problems/service-unavailable\",\"title\":\"Service temporarily unavailable\",\"status\":503,\"detail\":\"injected\"}");
                }
                case THROTTLED -> {
                    record(method, target, headers, body, fault, 429);
                    respond(out, 429, "application/json", retryAfter, "{\"message\":\"Too Many Requests\"}");
                }
                case BAD_GATEWAY -> {
                    record(method, target, headers, body, fault, 502);
                    respond(out, 502, "application/json", null, "{\"message\":\"Internal Server Error\"}");
                }
                case IDEMPOTENCY_KEY_IN_FLIGHT -> {
                    record(method, target, headers, body, fault, 409);
                    respond(out, 409, "application/problem+json", retryAfter,
                            "{\"type\":\"https://stateapi.io/problems/idempotency-key-in-flight\",\"title\":\"Idempotency key in flight\",\"status\":409,\"detail\":\"injected\"}");
                }
                case IDEMPOTENCY_KEY_REUSED -> {
                    record(method, target, headers, body, fault, 422);
                    respond(out, 422, "application/problem+json", null,
                            "{\"type\":\"https://stateapi.io/problems/idempotency-key-reused\",\"title\":\"Idempotency key reused\",\"status\":422,\"detail\":\"injected\"}");
                }
                case RESET_BEFORE_FORWARDING -> {
                    record(method, target, headers, body, fault, 0);
                    reset(socket);
                }
                case OUTCOME_UNKNOWN_AFTER_FORWARDING -> {
                    HttpResponse<byte[]> lost = forward(method, target, headers, body);
                    record(method, target, headers, body, fault, 503, lost);
                    respond(out, 503, "application/problem+json", retryAfter,
                            "{\"type\":\"https://stateapi.io/problems/outcome-unknown\",\"title\":\"The write may have been applied\",\"status\":503,\"detail\":\"injected\"}");
                }
                case RESET_AFTER_FORWARDING -> {
                    HttpResponse<byte[]> lost = forward(method, target, headers, body);
                    record(method, target, headers, body, fault, 0, lost);
                    reset(socket);
                }
                case HOLD -> {
                    record(method, target, headers, body, fault, 0);
                    socket.setSoTimeout(60_000);
                    try {
                        if (in.read() == -1) {
                            abandoned.incrementAndGet();
                        }
                    } catch (SocketException closedByClient) {
                        abandoned.incrementAndGet();
                    }
                }
                case NONE -> {
                    HttpResponse<byte[]> response = forward(method, target, headers, body);
                    record(method, target, headers, body, fault, response.statusCode(), response);
                    relay(out, response);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away; nothing to do
        }
    }

    private void record(String method, String target, Map<String, String> headers, byte[] body, Fault fault, int status) {
        exchanges.add(new Exchange(method, target, Map.copyOf(headers), body, fault, status, Map.of()));
    }

    private void record(String method, String target, Map<String, String> headers, byte[] body, Fault fault, int status,
                        HttpResponse<byte[]> answer) {
        Map<String, String> answered = new LinkedHashMap<>();
        answer.headers().map().forEach((name, values) -> answered.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        exchanges.add(new Exchange(method, target, Map.copyOf(headers), body, fault, status, Map.copyOf(answered)));
    }

    private HttpResponse<byte[]> forward(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name)) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void relay(OutputStream out, HttpResponse<byte[]> response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.statusCode()).append(' ').append("-\r\n");
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        boolean noBody = response.statusCode() == 204 || response.statusCode() == 304;
        if (!noBody) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody) {
            out.write(response.body());
        }
        out.flush();
    }

    private static void respond(OutputStream out, int status, String contentType, String retryAfter, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // API Gateway names every answer it gives, its own included; so do injected ones.
        String head = "HTTP/1.1 " + status + " -\r\nContent-Type: " + contentType + "\r\n"
                + "apigw-requestid: " + INJECTED_REQUEST_ID_PREFIX + UUID.randomUUID() + "\r\n"
                + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** SO_LINGER 0 makes close() send a TCP RST instead of an orderly FIN. */
    private static void reset(Socket socket) throws SocketException {
        socket.setSoLinger(true, 0);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

}
