package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stateapi.local.auth.AuthorizerDecision;
import io.stateapi.local.auth.GatewayAuthorizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small stand-in for API Gateway's HTTP API: turns each HTTP request into a payload 2.0
 * event, invokes the very handler class Lambda runs, and writes its response back.
 * Listens on 127.0.0.1 only. The request path reaches the function as sent, or decoded as API
 * Gateway HTTP APIs decode it ({@link PathDecoding}), as chosen when the gateway starts. Every
 * request passes the gateway's authorizer first ({@link GatewayAuthorizer}; the local stack's is
 * the JWT authorizer, ADR 0014), which refuses it with API Gateway's 401 or hands the function
 * its authorizer context. Every answer, the gateway's own included, carries the request's id in
 * {@code apigw-requestid}, as API Gateway's do (the event's {@code requestContext.requestId}; the
 * SDK puts it on its exceptions, ADR 0035).
 *
 * <p>The JDK's server takes request headers up to {@code sun.net.httpserver.maxReqHeaderSize}
 * bytes (380 KiB by default on JDK 25), so an oversized token still reaches the authorizer and
 * gets API Gateway's 401, not an answer of the server's own (past that limit the server resets
 * the connection).
 */
public final class LocalGateway implements AutoCloseable {

    /** The response header in which API Gateway HTTP APIs name the request (their access log's {@code requestId}). */
    static final String REQUEST_ID_HEADER = "apigw-requestid";

    /** API Gateway HTTP APIs accept request bodies up to 10 MB. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final PathDecoding paths;
    private final GatewayAuthorizer authorizer;

    private LocalGateway(HttpServer server, ExecutorService executor,
                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, PathDecoding paths,
                         GatewayAuthorizer authorizer) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.paths = paths;
        this.authorizer = authorizer;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0 picks a free port), handing paths over as sent,
     * each request authorized by {@code authorizer}.
     */
    public static LocalGateway start(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, int port,
                                     GatewayAuthorizer authorizer) throws IOException {
        return start(handler, port, PathDecoding.AS_SENT, authorizer);
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0 picks a free port), handing paths over as
     * {@code paths} says, each request authorized by {@code authorizer}.
     */
    public static LocalGateway start(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, int port,
                                     PathDecoding paths, GatewayAuthorizer authorizer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalGateway gateway = new LocalGateway(server, executor, handler, paths, authorizer);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Serves the console's built files ({@code console/dist}) under {@code /console/}, beside the
     * API and without its authorizer (the page's own requests carry the token). Once per gateway.
     */
    public URI serveConsole(Path dist) {
        server.createContext(ConsoleAssets.PREFIX, new ConsoleAssets(dist));
        return endpoint().resolve(ConsoleAssets.PREFIX + "/");
    }

    public PathDecoding paths() {
        return paths;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set(REQUEST_ID_HEADER, requestId);
        // The exchange is closed only after the catch below has answered: a try-with-resources
        // closes it before its own catch block runs, which would leave the client without an answer.
        try (exchange) {
            try {
                invoke(exchange, requestId);
            } catch (RuntimeException e) {
                // The handler itself failed (not an error response): API Gateway answers 500 then.
                gatewayAnswer(exchange, 500, "Internal Server Error");
            }
        }
    }

    private void invoke(HttpExchange exchange, String requestId) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        }
        if (body.length > MAX_PAYLOAD_BYTES) {
            // What API Gateway itself answers; the function never sees such a request.
            gatewayAnswer(exchange, 413, "Request Entity Too Large");
            return;
        }
        Optional<String> path = paths.rawPath(exchange.getRequestURI().getRawPath());
        if (path.isEmpty()) {
            // A path API Gateway cannot decode: it answers itself (ADR 0009).
            gatewayAnswer(exchange, 400, "Bad Request");
            return;
        }
        switch (authorizer.authorize(exchange.getRequestHeaders())) {
            case AuthorizerDecision.Refused refused -> {
                // API Gateway's JWT authorizer: one answer for every refusal, the reason in the header only.
                exchange.getResponseHeaders().add("www-authenticate", refused.wwwAuthenticate());
                gatewayAnswer(exchange, 401, "Unauthorized");
            }
            case AuthorizerDecision.Allowed allowed -> {
                APIGatewayV2HTTPEvent event = toEvent(exchange, path.get(), body, allowed.context(), requestId);
                write(exchange, handler.handleRequest(event, new LocalContext()));
            }
        }
    }

    /** An answer of the gateway itself, in API Gateway's shape. */
    private static void gatewayAnswer(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, String path, byte[] body,
                                         APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizerContext,
                                         String requestId) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                // API Gateway joins repeated headers with commas.
                headers.put(lower, String.join(",", values));
            }
        });
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withDomainPrefix("local")
                        .withRequestId(requestId)
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withAuthorizer(authorizerContext)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        }
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode();
        boolean noBody = status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : (body.length == 0 ? -1 : body.length));
        if (!noBody && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
