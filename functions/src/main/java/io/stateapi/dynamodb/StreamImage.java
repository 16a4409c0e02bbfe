package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public record StreamImage(Namespace namespace, Key key, Version version, Optional<JsonDocument> value,
                          Instant updatedAt, Optional<Instant> expiresAt, boolean tombstone,
                          Map<String, AttributeValue> item) {

    /** Reads an image in the Lambda event model; empty when there is none or it is not a state item. */
    public static Optional<StreamImage> of(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = new HashMap<>();
        image.forEach((name, value) -> item.put(name, convert(value)));
        if (!item.containsKey(StateItem.PK) || !item.containsKey(StateItem.SK)
                || StateItem.version(item).isEmpty()) {
            return Optional.empty();
        }
        AttributeValue tombstone = item.get(StateItem.TOMBSTONE);
        AttributeValue value = item.get(StateItem.VALUE);
        AttributeValue updatedAt = item.get(StateItem.UPDATED_AT);
        AttributeValue expiresAt = item.get(StateItem.EXPIRES_AT);
        return Optional.of(new StreamImage(
                Namespace.of(item.get(StateItem.PK).s()),
                Key.of(item.get(StateItem.SK).s()),
                StateItem.version(item).orElseThrow(),
                Optional.ofNullable(value).map(v -> new JsonDocument(v.s())),
                updatedAt == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(updatedAt.n())),
                Optional.ofNullable(expiresAt).map(v -> Instant.ofEpochSecond(Long.parseLong(v.n()))),
                tombstone != null && Boolean.TRUE.equals(tombstone.bool()),
                Map.copyOf(item)));
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
