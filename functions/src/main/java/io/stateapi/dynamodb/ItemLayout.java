package io.stateapi.dynamodb;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.JsonDocument;
import io.stateapi.resources.StateApiResources;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item format a store writes (ADR 0062, {@code STATE_ITEM_WRITE_FORMAT}), and where that
 * format puts a value. Every write of a value writes exactly one format: it sets
 * {@code itemFormat} and one value attribute, and removes the other value attributes in the same
 * conditional write, so switching the setting back and forth leaves every item in one format.
 *
 * <ul>
 *   <li>format 1: an exact integer in {@code numberValue} (N), anything else in {@code value} (S);</li>
 *   <li>format 2 (ADR 0068): as format 1, except that a value whose compact JSON is at least
 *       {@link CompressedValues#THRESHOLD_BYTES} is gzip-compressed in {@code valueZ} (B).</li>
 * </ul>
 *
 * @param writeFormat the format written; one this code reads ({@link ItemFormats})
 */
public record ItemLayout(int writeFormat) {

    /** What a store writes when the deployment does not say. */
    public static final ItemLayout DEFAULT = new ItemLayout(StateApiResources.DEFAULT_ITEM_WRITE_FORMAT);

    /** The value placeholders of a write: exactly one of them is set, the others' attributes removed. */
    static final String NUMBER = ":num";
    static final String TEXT = ":val";
    static final String COMPRESSED = ":valz";

    public ItemLayout {
        if (writeFormat < ItemFormats.OLDEST_READABLE || writeFormat > ItemFormats.NEWEST_READABLE) {
            throw new IllegalArgumentException("item write format must be " + ItemFormats.OLDEST_READABLE + " to "
                    + ItemFormats.NEWEST_READABLE + " (ADR 0062): " + writeFormat);
        }
    }

    /** The layout of the format named by a setting's text ({@code STATE_ITEM_WRITE_FORMAT}); blank: the default. */
    public static ItemLayout parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT;
        }
        try {
            return new ItemLayout(Integer.parseInt(setting.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("item write format must be an integer: '" + setting + "'", e);
        }
    }

    /** Puts the value under the one placeholder this format stores it in, and the format under {@code :fmt}. */
    void putValue(Map<String, AttributeValue> values, JsonDocument value) {
        OptionalLong integer = ExactInteger.of(value);
        if (integer.isPresent()) {
            values.put(NUMBER, AttributeValue.fromN(Long.toString(integer.getAsLong())));
        } else if (writeFormat >= ItemFormats.COMPRESSED && CompressedValues.compresses(value)) {
            values.put(COMPRESSED, AttributeValue.fromB(CompressedValues.compress(value)));
        } else {
            values.put(TEXT, AttributeValue.fromS(value.json()));
        }
        values.put(":fmt", AttributeValue.fromN(Integer.toString(writeFormat)));
    }

    /** The SET clause of the value a write's {@code values} hold ({@link #putValue}). */
    static String valueSet(Map<String, AttributeValue> values) {
        return values.containsKey(NUMBER) ? "#num = :num" : values.containsKey(COMPRESSED) ? "#valz = :valz" : "#val = :val";
    }

    /** The value attributes a write does not use, removed so an item holds one value in one format. */
    static String otherValues(Map<String, AttributeValue> values) {
        return values.containsKey(NUMBER) ? "#val, #valz" : values.containsKey(COMPRESSED) ? "#val, #num" : "#num, #valz";
    }

    /**
     * Puts the value into a whole item (a {@code PutItem}'s, ADR 0067) in the one attribute this
     * format stores it in, and the format: the item an update with {@link #putValue} leaves.
     */
    void putItemValue(Map<String, AttributeValue> item, JsonDocument value) {
        Map<String, AttributeValue> values = new HashMap<>();
        putValue(values, value);
        item.put(values.containsKey(NUMBER) ? StateItem.NUMBER_VALUE
                : values.containsKey(COMPRESSED) ? StateItem.VALUE_Z : StateItem.VALUE,
                values.getOrDefault(NUMBER, values.getOrDefault(COMPRESSED, values.get(TEXT))));
        item.put(StateItem.ITEM_FORMAT, values.get(":fmt"));
    }
}
