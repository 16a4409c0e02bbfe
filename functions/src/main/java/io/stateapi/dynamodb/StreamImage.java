package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One image (old or new) of a state item as a DynamoDB stream record carries it, read with
 * the layout and liveness rule of {@link StateItem}, so the fan-out function never learns
 * attribute names of its own.
 *
 * @param value     the stored JSON text; absent on a tombstone
 * @param updatedAt commit time of the image's last change
 * @param expiresAt when the value expires, if it does
 */
public record StreamImage(TenantNamespace namespace, Key key, Version version, Optional<JsonDocument> value,
                          Instant updatedAt, Optional<Instant> expiresAt, boolean tombstone,
                          Map<String, AttributeValue> item) {

    /**
     * Reads an image in the Lambda event model; empty when there is none or it is not a state
     * item (no version).
     *
     * @throws UnreadableStateException when the image is a state item that breaks the layout
     */
    public static Optional<StreamImage> of(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = new HashMap<>();
        image.forEach((name, value) -> item.put(name, convert(value)));
        if (!item.containsKey(StateItem.PK) || !item.containsKey(StateItem.SK) || !item.containsKey(StateItem.VERSION)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamImage(
                    StateItem.namespace(StateItem.string(item, StateItem.PK)),
                    Key.of(StateItem.string(item, StateItem.SK)),
                    StateItem.version(item).orElseThrow(),
                    StateItem.value(item),
                    StateItem.optionalNumber(item, StateItem.UPDATED_AT).map(Instant::ofEpochMilli).orElse(Instant.EPOCH),
                    StateItem.optionalNumber(item, StateItem.EXPIRES_AT).map(Instant::ofEpochSecond),
                    StateItem.isTombstone(item),
                    Map.copyOf(item)));
        } catch (UnreadableStateException e) {
            throw e;
        } catch (StateApiException | DateTimeException e) {
            // A key, namespace or value the API would have refused, or a time out of range.
            throw StateItem.unreadable(item, e.getMessage());
        }
    }

    /**
     * The trace header of the request that wrote an image ({@link StateItem#TRACE_HEADER}), read
     * without the rest of the image: empty when there is none.
     */
    public static Optional<String> traceHeader(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return Optional.ofNullable(image).map(i -> i.get(StateItem.TRACE_HEADER))
                .map(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue::getS);
    }

    /**
     * When the value expired, if this image is a tombstone the expiry sweeper wrote
     * ({@link StateItem#isExpiryTombstone}); empty for every other image.
     */
    public Optional<Instant> sweptExpiry() {
        if (!StateItem.isExpiryTombstone(item)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(item.get(StateItem.EXPIRED_AT).n())));
    }

    /** The schema version the image's value was checked against when written (ADR 0056); empty: none. */
    public OptionalLong schemaVersion() {
        return StateItem.optionalNumber(item, StateItem.SCHEMA_VERSION).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Whether the image held a value at {@code instant}: the same rule the store's conditions use. */
    public boolean isLiveAt(Instant instant) {
        return StateItem.isLive(item, instant);
    }

    private static AttributeValue convert(
            com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
        }
        if (v.getNULL() != null) {
            return AttributeValue.fromNul(v.getNULL());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        if (v.getM() != null) {
            Map<String, AttributeValue> map = new HashMap<>();
            v.getM().forEach((name, member) -> map.put(name, convert(member)));
            return AttributeValue.fromM(map);
        }
        if (v.getL() != null) {
            List<AttributeValue> list = v.getL().stream().map(StreamImage::convert).toList();
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromNul(true);
    }
}
