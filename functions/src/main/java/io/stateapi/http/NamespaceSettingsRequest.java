package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.json.StateJson;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The body of {@code PUT /v1/namespaces/{namespace}}: {@code {"defaultTtlSeconds": 3600|null,
 * "maxValueBytes": 65536, "eventValues": true, "changeRetentionDays": 7}}, every member optional, an omitted one (or an
 * empty body) meaning its default. {@code schemaVersion} is not a setting this request changes
 * (creating a schema version does, ADR 0052); it may be sent back as a namespace was described,
 * and must then be the active version, so that a described namespace can be put again. Read strictly: an unknown member, a wrong type or a value out
 * of range is an invalid request, so a misspelt setting is never silently dropped.
 */
final class NamespaceSettingsRequest {

    static final String DEFAULT_TTL_SECONDS = "defaultTtlSeconds";
    static final String MAX_VALUE_BYTES = "maxValueBytes";
    static final String EVENT_VALUES = "eventValues";
    static final String CHANGE_RETENTION_DAYS = "changeRetentionDays";
    static final String SCHEMA_VERSION = "schemaVersion";
    private static final Set<String> MEMBERS =
            Set.of(DEFAULT_TTL_SECONDS, MAX_VALUE_BYTES, EVENT_VALUES, CHANGE_RETENTION_DAYS, SCHEMA_VERSION);

    private NamespaceSettingsRequest() {
    }

    static NamespaceSettings parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NamespaceSettings.DEFAULTS;
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object of namespace settings");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: "
                        + DEFAULT_TTL_SECONDS + ", " + MAX_VALUE_BYTES + ", " + EVENT_VALUES + ", " + CHANGE_RETENTION_DAYS
                        + ", " + SCHEMA_VERSION);
            }
        }
        NamespaceSettings defaults = NamespaceSettings.DEFAULTS;
        JsonNode ttl = root.get(DEFAULT_TTL_SECONDS);
        Optional<TimeToLive> defaultTtl = ttl == null || ttl.isNull() ? Optional.empty()
                : Optional.of(new TimeToLive(wholeNumber(ttl, DEFAULT_TTL_SECONDS, TimeToLive.MAX_SECONDS)));
        JsonNode max = root.get(MAX_VALUE_BYTES);
        long maxValueBytes = max == null ? defaults.maxValueBytes() : wholeNumber(max, MAX_VALUE_BYTES, JsonDocument.MAX_UTF8_BYTES);
        JsonNode events = root.get(EVENT_VALUES);
        if (events != null && !events.isBoolean()) {
            throw new InvalidRequestException(EVENT_VALUES + " must be true or false");
        }
        JsonNode retention = root.get(CHANGE_RETENTION_DAYS);
        int retentionDays = retention == null ? defaults.changeRetentionDays()
                : (int) wholeNumber(retention, CHANGE_RETENTION_DAYS, NamespaceSettings.MAX_CHANGE_RETENTION_DAYS);
        return new NamespaceSettings(defaultTtl, maxValueBytes, events == null ? defaults.eventValues() : events.booleanValue(),
                retentionDays);
    }

    /**
     * The active schema version the body says the namespace has: empty when it does not say;
     * an empty {@link OptionalLong} when it says none ({@code null}).
     */
    static Optional<OptionalLong> schemaVersion(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        JsonNode version = StateJson.parse(body).get(SCHEMA_VERSION);
        if (version == null) {
            return Optional.empty();
        }
        return Optional.of(version.isNull() ? OptionalLong.empty()
                : OptionalLong.of(wholeNumber(version, SCHEMA_VERSION, Integer.MAX_VALUE)));
    }

    /** An integer from 1 to {@code max}, in JSON Schema's sense (60 and 60.0 alike). */
    private static long wholeNumber(JsonNode node, String member, long max) {
        if (node.isNumber()) {
            try {
                long value = node.decimalValue().longValueExact();
                if (value >= 1 && value <= max) {
                    return value;
                }
            } catch (ArithmeticException notWholeOrTooBig) {
                // reported below
            }
        }
        throw new InvalidRequestException(member + " must be an integer from 1 to " + max);
    }
}
