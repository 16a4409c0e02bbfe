package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The compressed value of item format 2 (ADR 0068): a value whose compact JSON is at least
 * {@link #THRESHOLD_BYTES} long is stored gzip-compressed in the binary attribute
 * {@link StateItem#VALUE_Z}, with the JDK's {@code java.util.zip} (no dependency). DynamoDB bills
 * reads, writes and storage by item bytes, and JSON documents of that size compress several
 * times over; smaller values would gain too little for the CPU, and integers stay numbers.
 */
final class CompressedValues {

    /** Compact UTF-8 JSON of at least this many bytes is compressed at format 2. */
    static final int THRESHOLD_BYTES = 4096;

    private CompressedValues() {
    }

    /** Whether a writer of format 2 stores this (non-integer) value compressed. */
    static boolean compresses(JsonDocument value) {
        return value.utf8Bytes() >= THRESHOLD_BYTES;
    }

    static SdkBytes compress(JsonDocument value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.utf8Bytes() / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(value.json().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip failed", e);
        }
        return SdkBytes.fromByteArrayUnsafe(out.toByteArray());
    }

    /**
     * The value of an item that holds it compressed ({@link StateItem#VALUE_Z}).
     *
     * @throws io.stateapi.domain.exceptions.UnreadableStateException when the item records format 1,
     *         the attribute is no binary, or its bytes are no value ({@link #decompress})
     */
    static JsonDocument read(Map<String, AttributeValue> item) {
        long format = ItemFormats.of(item);
        if (format < ItemFormats.COMPRESSED) {
            throw StateItem.unreadable(item, "attribute '" + StateItem.VALUE_Z + "' on an item of format " + format);
        }
        AttributeValue compressed = item.get(StateItem.VALUE_Z);
        if (compressed.type() != AttributeValue.Type.B) {
            throw StateItem.unreadable(item, "attribute '" + StateItem.VALUE_Z + "' is of type " + compressed.type()
                    + ", not B");
        }
        try {
            return new JsonDocument(decompress(compressed.b()));
        } catch (IllegalArgumentException e) {
            throw StateItem.unreadable(item, "attribute '" + StateItem.VALUE_Z + "': " + e.getMessage());
        }
    }

    /**
     * The JSON text a compressed value holds.
     *
     * @throws IllegalArgumentException when the bytes are no gzip stream, or inflate beyond the
     *         largest value the API accepts (a corrupt or hostile item, never one the API wrote)
     */
    static String decompress(SdkBytes compressed) {
        try (InputStream in = new GZIPInputStream(compressed.asInputStream())) {
            byte[] json = in.readNBytes(JsonDocument.MAX_UTF8_BYTES + 1);
            if (json.length > JsonDocument.MAX_UTF8_BYTES) {
                throw new IllegalArgumentException("compressed value inflates beyond " + JsonDocument.MAX_UTF8_BYTES
                        + " bytes");
            }
            return new String(json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("compressed value is no gzip stream: " + e.getMessage(), e);
        }
    }
}
