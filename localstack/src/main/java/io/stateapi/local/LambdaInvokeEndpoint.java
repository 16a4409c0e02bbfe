package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API for the local stack's fan-out function (ADR 0049): {@code POST
 * /2015-03-31/functions/{FunctionName}/invocations} with the event JSON, answered with the
 * handler's JSON, and an unhandled error as Lambda reports it (status 200, header
 * {@code X-Amz-Function-Error: Unhandled}, {@code errorMessage} and {@code errorType}). The
 * emulator cannot run functions, so this is where the replay CLI's real Lambda client invokes
 * the in-process handler, exactly as it invokes the deployed function on AWS.
 */
public final class LambdaInvokeEndpoint implements AutoCloseable {

    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionName;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;

    private LambdaInvokeEndpoint(HttpServer server, ExecutorService executor, String functionName,
                                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.server = server;
        this.executor = executor;
        this.functionName = functionName;
        this.handler = handler;
    }

    /** Serves {@code functionName} (by name or ARN) on 127.0.0.1, on a free port. */
    public static LambdaInvokeEndpoint start(String functionName,
                                             RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LambdaInvokeEndpoint endpoint = new LambdaInvokeEndpoint(server, executor,
                    Objects.requireNonNull(functionName, "functionName"), Objects.requireNonNull(handler, "handler"));
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the local Lambda Invoke API: " + e.getMessage(), e);
        }
    }

    /** What a Lambda client takes as its endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!invoke.matches() || !"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 404, "UnknownOperationException", "only Invoke is served here");
                return;
            }
            String name = URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8);
            if (!name.equals(functionName) && !name.endsWith(":function:" + functionName)) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
                return;
            }
            String answer;
            boolean unhandled = false;
            try {
                StreamsEventResponse response = handler.handleRequest(
                        StreamEventJson.fromEventJson(new String(body, StandardCharsets.UTF_8)), new LocalContext());
                answer = StateJson.write(toJson(response));
            } catch (RuntimeException | Error e) {
                // What Lambda answers when a function throws: 200, the error in the payload and a header.
                unhandled = true;
                answer = StateJson.write(StateJson.mapper().createObjectNode()
                        .put("errorMessage", String.valueOf(e.getMessage()))
                        .put("errorType", e.getClass().getName()));
            }
            if (unhandled) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
            exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
            send(exchange, 200, answer);
        }
    }

    private static ObjectNode toJson(StreamsEventResponse response) {
        ObjectNode json = StateJson.mapper().createObjectNode();
        ArrayNode failures = json.putArray("batchItemFailures");
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
        }
        return json;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, StateJson.write(StateJson.mapper().createObjectNode()
                .put("Type", "User").put("message", message)));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
