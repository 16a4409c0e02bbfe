package io.stateapi.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.StateJson;
import io.stateapi.resources.StateApiResources;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes change events as CloudEvents 1.0 in structured JSON mode: the envelope and the
 * {@code data} object in one JSON document, which is the SQS message body. The schema is
 * {@code contracts/events/change-event.schema.json}.
 */
public final class ChangeEventFormat {

    /** SQS's limit for one message, and for one {@code SendMessageBatch} call in total. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    public static final String DATA_CONTENT_TYPE = "application/json";

    /** The one JSON configuration, taught to write CloudEvents. */
    private static final JsonMapper MAPPER = StateJson.mapper().rebuild()
            .addModule(JsonFormat.getCloudEventJacksonModule())
            .build();

    /**
     * SQS accepts message bodies of XML 1.0 characters only; JSON may carry U+FFFE and U+FFFF
     * literally. Writing those two as JSON escapes keeps every value sendable without
     * escaping all non-ASCII text (which would double the size of, say, Japanese values).
     */
    private static final ObjectWriter WRITER = MAPPER.writer().with(new CharacterEscapes() {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0xFFFE || ch == 0xFFFF ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    });

    /** CloudEvents extension attribute naming the tenant that owns the changed key's namespace. */
    public static final String TENANT_EXTENSION = "tenant";

    /**
     * CloudEvents extension attribute naming the namespace schema version the event's value was
     * checked against when written (ADR 0056); absent without a schema and on a delete. A String of
     * decimal digits: the SDK's JSON format writes an Integer extension as a string anyway, and a
     * string reads the same in every binding.
     */
    public static final String SCHEMA_VERSION_EXTENSION = "schemaversion";

    /**
     * The SNS message attributes of an event published to a tenant's topics (String each), what
     * subscription filter policies match (ADR 0038): the tenant, the namespace, the key and the
     * CloudEvents type.
     */
    public static final String ATTRIBUTE_TENANT = "tenant";
    public static final String ATTRIBUTE_NAMESPACE = "namespace";
    public static final String ATTRIBUTE_KEY = "key";
    public static final String ATTRIBUTE_TYPE = "type";

    private final String environment;

    /** @param environment the deployment's name, as in {@link StateApiResources} */
    public ChangeEventFormat(String environment) {
        this.environment = StateApiResources.forEnvironment(environment).environment();
    }

    /** The CloudEvents {@code source} of a namespace's events: the deployment, the tenant and the namespace. */
    public URI source(TenantNamespace namespace) {
        return URI.create("/" + StateApiResources.PREFIX + "/" + environment + "/tenants/" + namespace.tenant().value()
                + "/namespaces/" + namespace.name());
    }

    /**
     * The message body for a change: with values, unless that would exceed SQS's limit; then
     * without them and with {@code valueOmitted: true} (subscribers read the key instead).
     */
    public String toMessageBody(ChangeEvent change) {
        return toMessageBody(change, true);
    }

    /**
     * The message body for a change of a namespace whose events carry values ({@code carryValues})
     * or not ({@code eventValues: false}, ADR 0025). Without values the event has no {@code value}
     * and {@code previousValue} and says {@code valueOmitted: true}, as an event over SQS's limit
     * does: a subscriber handles both alike, by reading the key if it needs the value.
     */
    public String toMessageBody(ChangeEvent change, boolean carryValues) {
        return toMessageBody(change, carryValues, MAX_MESSAGE_BYTES);
    }

    /**
     * As {@link #toMessageBody(ChangeEvent, boolean)}, with values only if the body stays within
     * {@code maxBytes}: a topic's message carries its attributes within the same 256 KiB (ADR 0038).
     */
    public String toMessageBody(ChangeEvent change, boolean carryValues, int maxBytes) {
        return messageBody(change, carryValues, maxBytes).text();
    }

    /**
     * A message body, and why its values are not in it, if they are not: the fan-out counts
     * both (ADR 0048).
     */
    public record MessageBody(String text, boolean valuesOmitted, boolean tooLarge) {
    }

    /** As {@link #toMessageBody(ChangeEvent, boolean, int)}, saying whether and why the values were left out. */
    public MessageBody messageBody(ChangeEvent change, boolean carryValues, int maxBytes) {
        if (!carryValues) {
            return new MessageBody(write(toCloudEvent(change, true)), true, false);
        }
        String body = write(toCloudEvent(change, false));
        if (body.length() * 4L <= maxBytes || utf8Length(body) <= maxBytes) {
            return new MessageBody(body, false, false);
        }
        return new MessageBody(write(toCloudEvent(change, true)), true, true);
    }

    public CloudEvent toCloudEvent(ChangeEvent change, boolean omitValues) {
        ObjectNode data = MAPPER.createObjectNode()
                .put("namespace", change.namespace().name())
                .put("key", change.key().value())
                .put("version", change.version().value());
        change.previousVersion().ifPresentOrElse(v -> data.put("previousVersion", v.value()),
                () -> data.putNull("previousVersion"));
        if (!omitValues) {
            data.set("value", json(change.value()));
            data.set("previousValue", json(change.previousValue()));
        }
        data.put("valueOmitted", omitValues);
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(change.id())
                .withSource(source(change.namespace()))
                .withType(change.type().cloudEventType())
                .withSubject(change.key().value())
                .withTime(change.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withExtension(TENANT_EXTENSION, change.namespace().tenant().value())
                .withData(JsonCloudEventData.wrap(data));
        change.schemaVersion().ifPresent(version -> event.withExtension(SCHEMA_VERSION_EXTENSION, Long.toString(version)));
        return event.build();
    }

    public static String write(CloudEvent event) {
        try {
            return WRITER.writeValueAsString(Objects.requireNonNull(event, "event"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Optional<JsonDocument> document) {
        return document.map(d -> StateJson.parse(d.json().getBytes(StandardCharsets.UTF_8)))
                .orElse(MAPPER.nullNode());
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
