package io.stateapi.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The functions' spans reach the X-Ray daemon as the X-Ray SDKs send theirs: one UDP datagram per
 * span, a preamble line then a segment document, in the trace and under the parent the Lambda
 * trace header names (ADR 0059). The daemon here is a UDP socket that reads what arrives.
 */
class XrayDaemonExporterTest {

    private static final String ROOT = "1-6756a1b2-0123456789abcdef01234567";
    private static final String LAMBDA_SEGMENT = "53995c3f42cd8ad8";
    private static final String HEADER = "Root=" + ROOT + ";Parent=" + LAMBDA_SEGMENT + ";Sampled=1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatagramSocket daemon;
    private Tracing tracing;

    @BeforeEach
    void daemon() throws IOException {
        daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        daemon.setSoTimeout(2_000);
        tracing = OpenTelemetryTracing.exportingTo(XrayDaemonExporter.to("127.0.0.1:" + daemon.getLocalPort(),
                new XraySegments("state-api-dev-api", "eu-west-1")));
    }

    @AfterEach
    void close() {
        daemon.close();
    }

    private JsonNode received() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        daemon.receive(packet);
        String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        assertThat(datagram).startsWith("{\"format\": \"json\", \"version\": 1}\n");
        return JSON.readTree(datagram.substring(datagram.indexOf('\n') + 1));
    }

    @Test
    void anInvocationsSpanIsASubsegmentOfTheLambdaSegmentItsHeaderNames() throws IOException {
        try (TraceSpan span = tracing.start("api request", SpanRole.INVOCATION, Optional.of(HEADER))) {
            span.rename("PUT /v1/namespaces/{namespace}/keys/{+key}");
            span.attribute("http.route", "/v1/namespaces/{namespace}/keys/{+key}");
            span.attribute("http.response.status_code", 201);
        }

        JsonNode document = received();
        assertThat(document.path("type").asText()).isEqualTo("subsegment");
        assertThat(document.path("trace_id").asText()).isEqualTo(ROOT);
        assertThat(document.path("parent_id").asText()).isEqualTo(LAMBDA_SEGMENT);
        assertThat(document.path("id").asText()).matches("[0-9a-f]{16}");
        assertThat(document.path("name").asText()).isEqualTo("PUT /v1/namespaces/namespace/keys/+key");
        assertThat(document.path("annotations").path("route").asText()).isEqualTo("/v1/namespaces/{namespace}/keys/{+key}");
        assertThat(document.path("http").path("response").path("status").asInt()).isEqualTo(201);
        assertThat(document.path("end_time").asDouble()).isGreaterThanOrEqualTo(document.path("start_time").asDouble());
        assertThat(document.has("fault")).isFalse();
    }

    @Test
    void theHeaderASpanHandsOnNamesItInTheSameTrace() throws IOException {
        String handedOn;
        try (TraceSpan span = tracing.start("api request", SpanRole.INVOCATION, Optional.of(HEADER))) {
            handedOn = span.traceHeader().orElseThrow();
        }
        String spanId = received().path("id").asText();

        assertThat(handedOn).isEqualTo("Root=" + ROOT + ";Parent=" + spanId + ";Sampled=1");
    }

    @Test
    void workContinuingARequestsTraceIsASegmentOfTheFunctionUnderTheRequestsSpan() throws IOException {
        String requestHeader;
        try (TraceSpan request = tracing.start("api request", SpanRole.INVOCATION, Optional.of(HEADER))) {
            requestHeader = request.traceHeader().orElseThrow();
        }
        String requestSpan = received().path("id").asText();

        try (TraceSpan publish = tracing.start("publish change", SpanRole.CONTINUATION, Optional.of(requestHeader))) {
            publish.failed("SNS refused 1 of 1 entries");
        }

        JsonNode document = received();
        assertThat(document.has("type")).as("a segment").isFalse();
        assertThat(document.path("name").asText()).isEqualTo("state-api-dev-api");
        assertThat(document.path("origin").asText()).isEqualTo("AWS::Lambda::Function");
        assertThat(document.path("trace_id").asText()).isEqualTo(ROOT);
        assertThat(document.path("parent_id").asText()).isEqualTo(requestSpan);
        assertThat(document.path("fault").asBoolean()).isTrue();
    }

    @Test
    void nothingIsSentForWorkWithoutATraceHeaderAndNoneIsHandedOn() {
        try (TraceSpan span = tracing.start("fan-out", SpanRole.INVOCATION, Optional.empty())) {
            assertThat(span.traceHeader()).isEmpty();
        }

        assertThatThrownBy(this::received).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void nothingIsSentForAnInvocationLambdaDidNotSample() {
        try (TraceSpan span = tracing.start("fan-out", SpanRole.INVOCATION,
                Optional.of("Root=" + ROOT + ";Parent=" + LAMBDA_SEGMENT + ";Sampled=0"))) {
            assertThat(span.traceHeader()).hasValueSatisfying(header -> assertThat(header)
                    .startsWith("Root=" + ROOT + ";").endsWith(";Sampled=0"));
        }

        assertThatThrownBy(this::received).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void theDaemonsUdpAddressIsReadFromEitherForm() {
        assertThat(XrayDaemonExporter.udpAddress("169.254.79.129:2000").getPort()).isEqualTo(2000);
        assertThat(XrayDaemonExporter.udpAddress("tcp:127.0.0.1:2000 udp:127.0.0.2:2001"))
                .satisfies(address -> {
                    assertThat(address.getHostString()).isEqualTo("127.0.0.2");
                    assertThat(address.getPort()).isEqualTo(2001);
                });
    }

    @Test
    void withoutTracingTheEnvironmentTurnsNothingOn() {
        assertThat(Traces.fromEnvironment(java.util.Map.of("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000")))
                .isSameAs(Tracing.OFF);
        assertThat(Traces.fromEnvironment(java.util.Map.of("STATE_TRACING", "xray"))).isSameAs(Tracing.OFF);
        assertThat(Traces.fromEnvironment(java.util.Map.of("STATE_TRACING", "xray",
                "AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"))).isInstanceOf(OpenTelemetryTracing.class);
    }
}
