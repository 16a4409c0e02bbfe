package io.stateapi.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.stateapi.events.SqsClients;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.http.Http;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.StateApiResources;
import io.stateapi.tracing.OpenTelemetryTracing;
import io.stateapi.tracing.Traces;
import io.stateapi.tracing.Tracing;
import io.stateapi.tracing.XraySegments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The AWS calls the functions make are child spans of the work they do for, and a change keeps
 * its request's trace from the API call through the stream and the fan-out to the queues (issue
 * 14, ADR 0059): a PUT's DynamoDB calls are children of its request span; the fan-out publishes
 * the change to the tenant's topics in a span of that trace, a child of the request's span; and
 * the messages on the tenant's queue and on a subscription's queue name that trace. The functions
 * record into the trace SDK's in-memory exporter, against the emulator.
 */
class AwsCallSpansTest {

    private static final String LAMBDA_SEGMENT = "53995c3f42cd8ad8";
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("spans");
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where Lambda's Java runtime puts the invocation's trace header. */
    private static final String LAMBDA_TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static LocalStack stack;
    private static Http http;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        Traces.use(OpenTelemetryTracing.exportingTo(spans));
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, ChangePipeline.Options.defaults(),
                TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        http = new Http(stack.apiEndpoint());
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        Traces.use(Tracing.OFF);
    }

    /** A new X-Ray trace id, {@code 1-<epoch seconds>-<96 random bits>}. */
    private static String newRoot() {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }

    private static String header(String root) {
        return "Root=" + root + ";Parent=" + LAMBDA_SEGMENT + ";Sampled=1";
    }

    private static List<SpanData> spansOf(String root) {
        String traceId = root.substring(2).replace("-", "");
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData requestSpan(String root) {
        return spansOf(root).stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    /** The span as X-Ray will be sent it. */
    private static JsonNode xray(SpanData span) {
        try {
            return JSON.readTree(new XraySegments("state-api-spans-api", "us-east-1").document(span));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(String namespace, String key, String root) {
        assertThat(http.put(Http.keyPath(namespace, key), "{\"value\":1}", "X-Amzn-Trace-Id", header(root))
                .statusCode()).isEqualTo(201);
    }

    private static Optional<String> traceHeaderOfFirstMessage(String queueUrl) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)).messages();
        assertThat(messages).as("a message on " + queueUrl).isNotEmpty();
        return Optional.ofNullable(messages.getFirst().attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER));
    }

    @Test
    void aPutIsARequestSpanInTheLambdaSegmentWithItsDynamoDbCallsAsChildren() {
        String root = newRoot();
        put(TestStack.uniqueNamespace("spans"), "k", root);

        SpanData request = requestSpan(root);
        assertThat(request.getParentSpanId()).isEqualTo(LAMBDA_SEGMENT);
        assertThat(request.getName()).isEqualTo("PUT /v1/namespaces/{namespace}/keys/{+key}");
        List<SpanData> children = spansOf(root).stream()
                .filter(span -> span.getParentSpanId().equals(request.getSpanId())).toList();
        // Its calls, and, once the pipeline got to the change, the fan-out's publish of it (a CONSUMER
        // span: theFanOutPublishesTheChangeInTheRequestsTraceUnderTheRequestsSpan).
        assertThat(children).allSatisfy(child -> assertThat(child.getKind()).isIn(SpanKind.CLIENT, SpanKind.CONSUMER));
        List<SpanData> calls = children.stream().filter(child -> child.getKind() == SpanKind.CLIENT).toList();
        assertThat(calls).as("the state table's UpdateItem").isNotEmpty().anySatisfy(call -> {
            JsonNode document = xray(call);
            assertThat(document.path("name").asText()).isEqualTo("DynamoDB");
            assertThat(document.path("namespace").asText()).isEqualTo("aws");
            assertThat(document.path("aws").path("operation").asText()).isEqualTo("UpdateItem");
            assertThat(document.path("aws").path("table_name").asText()).isEqualTo(RESOURCES.tableName());
            assertThat(document.path("aws").path("request_id").asText()).isNotBlank();
            assertThat(document.path("http").path("response").path("status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void aWriteTheTableRefusesIsAnErrorOfItsCallNotAFault() {
        String namespace = TestStack.uniqueNamespace("spans");
        put(namespace, "k", newRoot());
        String root = newRoot();

        assertThat(http.put(Http.keyPath(namespace, "k"), "{\"value\":2}", "If-Match", "\"7\"",
                "X-Amzn-Trace-Id", header(root)).statusCode()).isEqualTo(412);

        String request = requestSpan(root).getSpanId();
        assertThat(spansOf(root)).filteredOn(span -> span.getParentSpanId().equals(request))
                .anySatisfy(call -> {
                    JsonNode document = xray(call);
                    assertThat(document.path("aws").path("table_name").asText()).isEqualTo(RESOURCES.tableName());
                    assertThat(document.path("http").path("response").path("status").asInt()).isEqualTo(400);
                    assertThat(document.path("error").asBoolean()).isTrue();
                    assertThat(document.has("fault")).isFalse();
                });
    }

    @Test
    void theFanOutPublishesTheChangeInTheRequestsTraceUnderTheRequestsSpan() {
        String root = newRoot();
        put(TestStack.uniqueNamespace("spans"), "k", root);
        SpanData request = requestSpan(root);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SpanData publish = spansOf(root).stream().filter(span -> span.getKind() == SpanKind.CONSUMER)
                    .findFirst().orElseThrow(() -> new AssertionError("no publish span in " + spansOf(root)));
            assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(spansOf(root)).anySatisfy(call -> {
                assertThat(call.getParentSpanId()).isEqualTo(publish.getSpanId());
                assertThat(attribute(call, "rpc.service")).isEqualTo("Sns");
                assertThat(attribute(call, "rpc.method")).isEqualTo("PublishBatch");
            });
        });
    }

    @Test
    void theMessageOnTheTenantsQueueNamesTheRequestsTrace() {
        String root = newRoot();
        String namespace = TestStack.uniqueNamespace("spans-queue");
        put(namespace, "k", root);
        String queueUrl = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sqs.getQueueUrl(b ->
                b.queueName(RESOURCES.tenantEventsQueueName(TestStack.TENANT))).queueUrl(), url -> url != null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)).messages();
            assertThat(messages).filteredOn(message -> message.body().contains("/namespaces/" + namespace + "\""))
                    .singleElement().satisfies(message ->
                            assertThat(message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER))
                                    .startsWith("Root=" + root + ";"));
        });
    }

    @Test
    void theMessageOnASubscriptionsQueueNamesTheRequestsTrace() {
        String namespace = TestStack.uniqueNamespace("spans-subs");
        assertThat(http.put("/v1/namespaces/" + namespace, "{}").statusCode()).isEqualTo(201);
        var created = http.send("POST", "/v1/namespaces/" + namespace + "/subscriptions",
                "{\"name\":\"traced\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String queueUrl = Http.json(created).path("queueUrl").asText();
        String root = newRoot();

        put(namespace, "k", root);

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(traceHeaderOfFirstMessage(queueUrl)).hasValueSatisfying(header ->
                        assertThat(header).startsWith("Root=" + root + ";")));
    }

    @Test
    void aHousekeepingRunIsASpanInTheLambdaSegmentWithItsDynamoDbCallsAsChildren() {
        String root = newRoot();
        EmbeddedMetrics quiet = new EmbeddedMetrics(RESOURCES.environment(), line -> { }, Clock.systemUTC());
        System.setProperty(LAMBDA_TRACE_HEADER_PROPERTY, header(root));
        try (ExpirySweepFunction housekeeping = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                RESOURCES.environment(), RESOURCES.tableName(), TestStack.emulator().endpoint(), List.of()),
                quiet, Clock.systemUTC())) {
            housekeeping.handleRequest(Map.of(), null);
        } finally {
            System.clearProperty(LAMBDA_TRACE_HEADER_PROPERTY);
        }

        SpanData run = spansOf(root).stream().filter(span -> span.getName().equals("housekeeping")).findFirst()
                .orElseThrow(() -> new AssertionError("no housekeeping span in " + spansOf(root)));
        assertThat(run.getParentSpanId()).isEqualTo(LAMBDA_SEGMENT);
        assertThat(run.getAttributes().get(AttributeKey.longKey("stateapi.swept"))).isNotNull();
        List<SpanData> children = spansOf(root).stream()
                .filter(span -> span.getParentSpanId().equals(run.getSpanId())).toList();
        // Its calls, and the fan-out's publish of any change the run wrote (a CONSUMER span).
        assertThat(children).allSatisfy(child -> assertThat(child.getKind()).isIn(SpanKind.CLIENT, SpanKind.CONSUMER));
        List<SpanData> calls = children.stream().filter(child -> child.getKind() == SpanKind.CLIENT).toList();
        assertThat(calls).as("the sweep's reads of the state table").isNotEmpty().anySatisfy(call -> {
            JsonNode document = xray(call);
            assertThat(document.path("name").asText()).isEqualTo("DynamoDB");
            assertThat(document.path("aws").path("table_name").asText()).isEqualTo(RESOURCES.tableName());
        });
    }
}
