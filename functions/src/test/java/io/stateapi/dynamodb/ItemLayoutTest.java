package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.UnreadableStateException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item formats 1 and 2 (ADR 0062, 0068): where each puts a value, and that the reader reads both. */
class ItemLayoutTest {

    private static final ItemLayout FORMAT_1 = new ItemLayout(1);
    private static final ItemLayout FORMAT_2 = new ItemLayout(2);

    /** A JSON document of about {@code bytes} bytes, as repetitive as real documents are. */
    static JsonDocument document(int bytes) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        for (int i = 0; json.length() < bytes - 80; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i)
                    .append("\",\"qty\":").append(i % 7 + 1).append(",\"note\":\"gift wrap\"}");
        }
        return new JsonDocument(json.append("]}").toString());
    }

    private static Map<String, AttributeValue> written(ItemLayout layout, JsonDocument value) {
        Map<String, AttributeValue> values = new HashMap<>();
        layout.putValue(values, value);
        Map<String, AttributeValue> item = new HashMap<>(Map.of(StateItem.PK, AttributeValue.fromS("acme#shop"),
                StateItem.SK, AttributeValue.fromS("carts/42"), StateItem.ITEM_FORMAT, values.get(":fmt")));
        values.forEach((placeholder, attribute) -> {
            switch (placeholder) {
                case ItemLayout.NUMBER -> item.put(StateItem.NUMBER_VALUE, attribute);
                case ItemLayout.TEXT -> item.put(StateItem.VALUE, attribute);
                case ItemLayout.COMPRESSED -> item.put(StateItem.VALUE_Z, attribute);
                default -> { }
            }
        });
        return item;
    }

    @Test
    void format2StoresALargeValueCompressedAndReadsItBack() {
        JsonDocument large = document(20 * 1024);

        Map<String, AttributeValue> item = written(FORMAT_2, large);

        assertThat(item).containsKey(StateItem.VALUE_Z).doesNotContainKeys(StateItem.VALUE, StateItem.NUMBER_VALUE)
                .containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
        assertThat(item.get(StateItem.VALUE_Z).b().asByteArray().length).isLessThan(large.utf8Bytes() / 3);
        assertThat(StateItem.value(item)).contains(large);
    }

    @Test
    void format2KeepsSmallValuesAsTextAndIntegersAsNumbersLikeFormat1() {
        JsonDocument small = document(CompressedValues.THRESHOLD_BYTES - 1);

        assertThat(written(FORMAT_2, small)).containsEntry(StateItem.VALUE, AttributeValue.fromS(small.json()))
                .doesNotContainKey(StateItem.VALUE_Z);
        assertThat(written(FORMAT_2, new JsonDocument("42"))).containsEntry(StateItem.NUMBER_VALUE, AttributeValue.fromN("42"));
        assertThat(written(FORMAT_2, document(CompressedValues.THRESHOLD_BYTES + 100))).containsKey(StateItem.VALUE_Z);
    }

    @Test
    void format1NeverCompresses() {
        JsonDocument large = document(20 * 1024);

        Map<String, AttributeValue> item = written(FORMAT_1, large);

        assertThat(item).containsEntry(StateItem.VALUE, AttributeValue.fromS(large.json()))
                .doesNotContainKey(StateItem.VALUE_Z).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("1"));
    }

    @Test
    void everyWriteRemovesTheValueAttributesItDoesNotSetSoAnItemHoldsOneFormat() {
        Map<String, AttributeValue> compressed = new HashMap<>();
        FORMAT_2.putValue(compressed, document(8 * 1024));
        Map<String, AttributeValue> text = new HashMap<>();
        FORMAT_1.putValue(text, document(8 * 1024));
        Map<String, AttributeValue> number = new HashMap<>();
        FORMAT_2.putValue(number, new JsonDocument("7"));

        assertThat(ItemLayout.valueSet(compressed)).isEqualTo("#valz = :valz");
        assertThat(ItemLayout.otherValues(compressed)).isEqualTo("#val, #num");
        assertThat(ItemLayout.valueSet(text)).isEqualTo("#val = :val");
        assertThat(ItemLayout.otherValues(text)).isEqualTo("#num, #valz");
        assertThat(ItemLayout.valueSet(number)).isEqualTo("#num = :num");
        assertThat(ItemLayout.otherValues(number)).isEqualTo("#val, #valz");
    }

    @Test
    void onlyFormatsThisCodeReadsMayBeWritten() {
        assertThat(ItemLayout.parse(null)).isEqualTo(ItemLayout.DEFAULT);
        assertThat(ItemLayout.parse(" 2 ")).isEqualTo(FORMAT_2);
        assertThatThrownBy(() -> ItemLayout.parse("3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 2");
        assertThatThrownBy(() -> ItemLayout.parse("two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemLayout(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCompressedValueOnAFormat1ItemOrOneThatIsNoGzipIsUnreadableNotMisread() {
        Map<String, AttributeValue> item = written(FORMAT_2, document(8 * 1024));
        item.put(StateItem.ITEM_FORMAT, AttributeValue.fromN("1"));
        assertThatThrownBy(() -> StateItem.value(item)).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("carts/42").hasMessageContaining(StateItem.VALUE_Z);

        item.put(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
        item.put(StateItem.VALUE_Z, AttributeValue.fromB(SdkBytes.fromUtf8String("{\"not\":\"gzip\"}")));
        assertThatThrownBy(() -> StateItem.value(item)).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("no gzip stream");
    }

    @Test
    void aCompressedValueThatInflatesBeyondTheLargestValueIsUnreadable() {
        String bomb = "[" + "0,".repeat(JsonDocument.MAX_UTF8_BYTES / 2 + 10) + "0]";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(bomb.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, AttributeValue> item = new HashMap<>(Map.of(StateItem.PK, AttributeValue.fromS("acme#shop"),
                StateItem.SK, AttributeValue.fromS("k"), StateItem.ITEM_FORMAT, AttributeValue.fromN("2"),
                StateItem.VALUE_Z, AttributeValue.fromB(SdkBytes.fromByteArray(out.toByteArray()))));

        assertThatThrownBy(() -> StateItem.value(item)).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("inflates beyond");
    }
}
