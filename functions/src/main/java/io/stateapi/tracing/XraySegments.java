package io.stateapi.tracing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span as an X-Ray segment document (AWS X-Ray developer guide, "X-Ray segment documents"), the
 * shape the X-Ray SDKs send to the daemon (ADR 0059):
 *
 * <ul>
 *   <li>a span of the function's own work ({@link SpanRole#INVOCATION}) and every span under it is
 *       an independent subsegment ({@code "type":"subsegment"}) of its parent, the first of them of
 *       the invocation's Lambda segment, whose id is the {@code Parent} of the invocation's header;</li>
 *   <li>an AWS SDK call's span is a subsegment in the {@code aws} namespace named for the service
 *       ({@code DynamoDB}, {@code SQS}, {@code SNS}), with the operation, the table, queue or topic,
 *       the request id and the HTTP status;</li>
 *   <li>a span continuing another request's trace ({@link SpanRole#CONTINUATION}) is a segment
 *       named for the function, a child of that request's span, so X-Ray shows the function as a node
 *       of the request's trace.</li>
 * </ul>
 */
public final class XraySegments {

    private static final JsonFactory JSON = new JsonFactory();
    /** What X-Ray accepts in a name, besides letters, digits and white space. */
    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^\\p{L}\\p{N}\\s_.:/%&#=+\\\\\\-@]");
    private static final int MAX_NAME = 200;
    /** The names the X-Ray SDKs give these services' calls. */
    private static final Map<String, String> SERVICES = Map.of("DynamoDb", "DynamoDB", "Sqs", "SQS", "Sns", "SNS");

    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("aws.request_id");
    private static final AttributeKey<String> TABLE = AttributeKey.stringKey("aws.table.name");
    private static final AttributeKey<List<String>> TABLES = AttributeKey.stringArrayKey("aws.dynamodb.table_names");
    private static final AttributeKey<String> QUEUE_URL = AttributeKey.stringKey("aws.queue.url");
    private static final AttributeKey<String> TOPIC_ARN = AttributeKey.stringKey("aws.sns.topic.arn");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final Pattern SERVICE_STATUS = Pattern.compile("\\(Service: [^,]+, Status Code: (\\d{3}),");

    private final String functionName;
    private final String region;

    /**
     * @param functionName the function's name, the name of its segments
     * @param region       the function's region, or null
     */
    public XraySegments(String functionName, String region) {
        this.functionName = functionName;
        this.region = region;
    }

    /** The span's document, UTF-8 JSON. */
    public byte[] document(SpanData span) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(span, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(SpanData span, JsonGenerator json) throws IOException {
        Attributes attributes = span.getAttributes();
        boolean segment = span.getKind() == SpanKind.CONSUMER;
        boolean awsCall = "aws-api".equals(attributes.get(RPC_SYSTEM));
        json.writeStartObject();
        json.writeStringField("name", name(segment ? functionName : awsCall
                ? SERVICES.getOrDefault(attributes.get(RPC_SERVICE), attributes.get(RPC_SERVICE)) : span.getName()));
        json.writeStringField("id", span.getSpanId());
        String traceId = span.getTraceId();
        json.writeStringField("trace_id", "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8));
        if (span.getParentSpanContext().isValid()) {
            json.writeStringField("parent_id", span.getParentSpanId());
        }
        json.writeNumberField("start_time", span.getStartEpochNanos() / 1e9);
        json.writeNumberField("end_time", span.getEndEpochNanos() / 1e9);
        if (segment) {
            json.writeStringField("origin", "AWS::Lambda::Function");
        } else {
            json.writeStringField("type", "subsegment");
        }
        if (awsCall) {
            json.writeStringField("namespace", "aws");
            json.writeObjectFieldStart("aws");
            writeIfPresent(json, "operation", attributes.get(RPC_METHOD));
            writeIfPresent(json, "region", region);
            writeIfPresent(json, "request_id", attributes.get(REQUEST_ID));
            List<String> tables = attributes.get(TABLES);
            writeIfPresent(json, "table_name", attributes.get(TABLE) != null ? attributes.get(TABLE)
                    : tables != null && tables.size() == 1 ? tables.getFirst() : null);
            writeIfPresent(json, "queue_url", attributes.get(QUEUE_URL));
            writeIfPresent(json, "topic_arn", attributes.get(TOPIC_ARN));
            json.writeEndObject();
        }
        Long status = attributes.get(STATUS) != null ? attributes.get(STATUS) : failedCallStatus(span);
        if (status != null || attributes.get(METHOD) != null) {
            json.writeObjectFieldStart("http");
            if (attributes.get(METHOD) != null) {
                json.writeObjectFieldStart("request");
                json.writeStringField("method", attributes.get(METHOD));
                json.writeEndObject();
            }
            if (status != null) {
                json.writeObjectFieldStart("response");
                json.writeNumberField("status", status);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        if (attributes.get(ROUTE) != null) {
            // Searchable in X-Ray (annotation.route = "..."): the name cannot hold a template's braces.
            json.writeObjectFieldStart("annotations");
            json.writeStringField("route", attributes.get(ROUTE));
            json.writeEndObject();
        }
        writeOutcome(json, status, span.getStatus().getStatusCode());
        json.writeEndObject();
    }

    /** X-Ray's flags: {@code throttle} and {@code error} for a 429, {@code error} for a 4xx, {@code fault} for a 5xx or a failure. */
    private static void writeOutcome(JsonGenerator json, Long status, StatusCode code) throws IOException {
        if (status != null && status == 429) {
            json.writeBooleanField("throttle", true);
        }
        if (status != null && status >= 400 && status < 500) {
            json.writeBooleanField("error", true);
        } else if (status != null && status >= 500 || code == StatusCode.ERROR) {
            json.writeBooleanField("fault", true);
        }
    }

    /**
     * The HTTP status of a call the service refused: the instrumentation records the exception, not
     * the status, and the AWS SDK's service exceptions say it in their message ({@code Status Code: 400}).
     * A refused conditional write is then an error (4xx), as the X-Ray SDK reports it, not a fault.
     */
    private static Long failedCallStatus(SpanData span) {
        for (EventData event : span.getEvents()) {
            String message = event.getAttributes().get(EXCEPTION_MESSAGE);
            Matcher status = message == null ? null : SERVICE_STATUS.matcher(message);
            if (status != null && status.find()) {
                return Long.parseLong(status.group(1));
            }
        }
        return null;
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            json.writeStringField(field, value);
        }
    }

    static String name(String name) {
        String allowed = NOT_IN_A_NAME.matcher(name == null || name.isBlank() ? "span" : name).replaceAll("");
        return allowed.length() <= MAX_NAME ? allowed : allowed.substring(0, MAX_NAME);
    }
}
