package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.PathDecoding;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key stored is the key sent (ADR 0009). Each row PUTs, GETs and DELETEs one key over HTTP
 * through the local gateway, once with paths decoded as API Gateway HTTP APIs decode them and
 * once with paths handed over as sent, each gateway in front of an api function configured to
 * match. A row either stores exactly its key (read back through the API's representation, its
 * {@code Location}, and directly in DynamoDB) or is refused with a 400; either way nothing
 * else is written to its namespace.
 */
class KeyPathMatrixTest {

    private static final String INVALID_KEY = "https://stateapi.io/problems/invalid-key";
    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<PathDecoding, LocalGateway> GATEWAYS = new EnumMap<>(PathDecoding.class);
    private static final List<ApiFunction> FUNCTIONS = new ArrayList<>();

    private final TestStack stack = TestStack.shared();

    /** What a row must come to. */
    sealed interface Outcome {
        /** Stored under exactly this key (the key sent, or its NFC form: keys are normalised). */
        record Stored(String key) implements Outcome {
        }

        /** Refused with 400 {@code invalid-key} by the function, or (decoding gateway only) 400 by the gateway itself. */
        record Refused(boolean gatewayMayRefuse) implements Outcome {
        }
    }

    /** A key and the key part of the path it is sent with. */
    record Row(String name, String key, String sentAs, Outcome outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A key sent as docs/api.md says: each segment percent-encoded twice, everything but unreserved characters. */
    static String encodedTwice(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '/' || Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append(String.format("%%25%02X", c));
            }
        }
        return out.toString();
    }

    private static Row stored(String name, String key) {
        return new Row(name, key, encodedTwice(key), new Outcome.Stored(Normalizer.normalize(key, Normalizer.Form.NFC)));
    }

    private static Row refused(String name, String key) {
        return new Row(name, key, encodedTwice(key), new Outcome.Refused(false));
    }

    private static Row refusedAsSent(String name, String sentAs, boolean gatewayMayRefuse) {
        return new Row(name, null, sentAs, new Outcome.Refused(gatewayMayRefuse));
    }

    static List<Row> rows() {
        return List.of(
                stored("hierarchical key", "users/42/cart"),
                stored("question mark", "r?1"),
                stored("hash", "h#1"),
                stored("percent sign", "100%"),
                stored("the text %2F (not the separator it decodes to)", "a%2Fb"),
                stored("the text %252F", "x%252Fy"),
                stored("the text %41 (not the A it decodes to)", "%41"),
                stored("the text %3F (not the ? it decodes to)", "x%3Fy"),
                stored("plus sign (not a space)", "a+b"),
                stored("spaces", " a b  c "),
                stored("Unicode, NFC", "café/naïve"),
                stored("Unicode, NFD (stored as its NFC form)", "cafe\u0301/nai\u0308ve"),
                stored("astral plane", "😀/𝄞"),
                stored("dots inside segments", "a..b/.../.x/x./..y"),
                stored("every awkward character at once", "x?y#z%25+ &=;:@,$!'()*[]{}|^`\"<>\\"),
                stored("1024 bytes of astral characters", "😀".repeat(256)),
                refused("trailing slash", "a/"),
                refused("leading slash", "/a"),
                refused("empty segment", "a//b"),
                refused("dot segment", "a/./b"),
                refused("dot-dot segment", "a/../b"),
                refused("dot-dot as the last segment", "a/.."),
                refused("1025 bytes", "😀".repeat(256) + "x"),
                refusedAsSent("dot-dot segment, encoded", "a/%252E%252E/b", false),
                refusedAsSent("a '%' encoded only once", "100%25", true),
                refusedAsSent("invalid UTF-8 after two decodings", "x%25FFy", true),
                refusedAsSent("malformed escape", "x%25zzy", true));
    }

    static Stream<Arguments> rowsInBothModes() {
        return rows().stream().flatMap(row -> Stream.of(PathDecoding.values()).map(mode -> Arguments.of(mode, row)));
    }

    @BeforeAll
    static void startGateways() throws Exception {
        TestStack stack = TestStack.shared();
        for (PathDecoding mode : PathDecoding.values()) {
            ApiFunction function = ApiFunction.withProperties(
                    LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES, mode));
            FUNCTIONS.add(function);
            GATEWAYS.put(mode, LocalGateway.start(function, 0, mode, JwtAuthorizer.trusting(TestStack.issuer())));
        }
    }

    @AfterAll
    static void stopGateways() {
        GATEWAYS.values().forEach(LocalGateway::close);
        FUNCTIONS.forEach(ApiFunction::close);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rowsInBothModes")
    void theKeyStoredIsTheKeySentOrTheRequestIsRefused(PathDecoding mode, Row row) {
        String ns = TestStack.uniqueNamespace("paths");
        String path = "/v1/namespaces/" + ns + "/keys/" + row.sentAs();
        switch (row.outcome()) {
            case Outcome.Stored stored -> storesExactly(mode, ns, path, stored.key());
            case Outcome.Refused refused -> {
                for (String method : List.of("PUT", "GET", "DELETE")) {
                    isRefused(mode, method, path, refused.gatewayMayRefuse());
                }
                assertThat(items(ns)).as("nothing written").isEmpty();
            }
        }
    }

    private void storesExactly(PathDecoding mode, String ns, String path, String key) {
        Http http = new Http(GATEWAYS.get(mode).endpoint());

        HttpResponse<String> created = http.put(path, "{\"value\":{\"n\":1}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("key").asText()).isEqualTo(key);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/v1/namespaces/" + ns + "/keys/" + encodedTwice(key));
        assertThat(storedKeys(ns)).containsExactly(key);

        HttpResponse<String> read = http.get(path);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("key").asText()).isEqualTo(key);
        HttpResponse<String> viaLocation = http.get(location);
        assertThat(viaLocation.statusCode()).isEqualTo(200);
        assertThat(json(viaLocation).get("key").asText()).isEqualTo(key);

        assertThat(http.delete(path).statusCode()).isEqualTo(204);
        assertThat(http.get(path).statusCode()).isEqualTo(404);
        assertThat(storedKeys(ns)).as("only the key's tombstone").containsExactly(key);
        assertThat(items(ns).get(0).get("tombstone").bool()).isTrue();
    }

    private void isRefused(PathDecoding mode, String method, String path, boolean gatewayMayRefuse) {
        URI uri = URI.create(GATEWAYS.get(mode).endpoint() + path);
        HttpResponse<String> response = send(method, uri);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(400);
        boolean byGateway = !response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json");
        if (byGateway) {
            // API Gateway's own answer to a path it cannot decode: the function never saw the request.
            assertThat(mode == PathDecoding.HTTP_API && gatewayMayRefuse).as("refused by the gateway: %s", response.body()).isTrue();
            assertThat(response.body()).isEqualTo("{\"message\":\"Bad Request\"}");
        } else {
            assertThat(json(response).get("type").asText()).isEqualTo(INVALID_KEY);
        }
    }

    /**
     * The one request API Gateway itself makes address another key: a '?' encoded once is
     * decoded by API Gateway's first decoding and the path is cut there, before the function
     * sees it. Where the function sees the path, it refuses it; the SDK and the documented
     * encoding never send it (ADR 0009).
     */
    @ParameterizedTest
    @EnumSource(PathDecoding.class)
    void aQuestionMarkEncodedOnlyOnceIsRefusedUnlessApiGatewayCutsThePathFirst(PathDecoding mode) {
        String ns = TestStack.uniqueNamespace("paths");
        HttpResponse<String> response = new Http(GATEWAYS.get(mode).endpoint())
                .put("/v1/namespaces/" + ns + "/keys/r%3F1", "{\"value\":1}");
        if (mode == PathDecoding.HTTP_API) {
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(storedKeys(ns)).containsExactly("r");
        } else {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("type").asText()).isEqualTo(INVALID_KEY);
            assertThat(items(ns)).isEmpty();
        }
    }

    private static HttpResponse<String> send(String method, URI uri) {
        HttpRequest.BodyPublisher body = method.equals("PUT")
                ? HttpRequest.BodyPublishers.ofString("{\"value\":1}") : HttpRequest.BodyPublishers.noBody();
        try {
            return RAW.send(HttpRequest.newBuilder(uri).method(method, body).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + TestStack.testToken()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Map<String, AttributeValue>> items(String ns) {
        return stack.dynamoDb().query(q -> q.tableName(stack.tableName())
                .keyConditionExpression("pk = :ns")
                .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(TestStack.partitionKey(ns))))
                .consistentRead(true)).items();
    }

    private List<String> storedKeys(String ns) {
        return items(ns).stream().map(item -> item.get("sk").s()).toList();
    }
}
