package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The item layout's expiry attributes: what the sparse expiry index and the sweeper rely on. */
class StateItemTest {

    private static final TenantNamespace NS = TenantNamespace.of("acme", "shop");

    @Test
    void theExpiryBucketIsTheUtcHourOfTheExpiryAndAShard() {
        String bucket = StateItem.expiryBucket(NS, Key.of("carts/42"), Instant.parse("2026-12-02T07:59:59Z"));

        assertThat(bucket).matches("2026-12-02T07#([0-9]|1[0-5])");
    }

    @Test
    void oneKeyAlwaysLandsInTheSameShardSoARetriedWriteWritesTheSameBucket() {
        Instant at = Instant.parse("2026-12-02T07:00:00Z");

        assertThat(StateItem.expiryBucket(NS, Key.of("k"), at)).isEqualTo(StateItem.expiryBucket(NS, Key.of("k"), at));
    }

    @Test
    void keysSpreadOverEveryShard() {
        Instant at = Instant.parse("2026-12-02T07:00:00Z");
        Set<String> buckets = new HashSet<>();
        IntStream.range(0, 2000).forEach(i -> buckets.add(StateItem.expiryBucket(NS, Key.of("sessions/" + i), at)));

        assertThat(buckets).hasSize(StateItem.EXPIRY_BUCKET_SHARDS);
    }

    @Test
    void aShardOutsideTheShardCountIsRefused() {
        assertThatThrownBy(() -> StateItem.expiryBucket(Instant.EPOCH, StateItem.EXPIRY_BUCKET_SHARDS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExpiryAttributesAreTheExpiryIndexKeys() {
        assertThat(StateItem.EXPIRY_BUCKET).isEqualTo(StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY);
        assertThat(StateItem.EXPIRES_AT).isEqualTo(StateApiResources.Table.EXPIRY_INDEX_SORT_KEY);
    }

    @Test
    void onlyATombstoneWithAnExpiryIsTheSweepersTombstone() {
        Map<String, AttributeValue> deleted = Map.of(StateItem.VERSION, AttributeValue.fromN("3"),
                StateItem.TOMBSTONE, AttributeValue.fromBool(true));
        Map<String, AttributeValue> swept = Map.of(StateItem.VERSION, AttributeValue.fromN("3"),
                StateItem.TOMBSTONE, AttributeValue.fromBool(true), StateItem.EXPIRED_AT, AttributeValue.fromN("9"));

        assertThat(StateItem.isExpiryTombstone(deleted)).isFalse();
        assertThat(StateItem.isExpiryTombstone(swept)).isTrue();
        assertThat(StateItem.isLive(swept, Instant.EPOCH)).isFalse();
    }

    /** ADR 0062, step 0 of a layout change: code meeting a newer layout fails loudly on that key, it never misreads it. */
    @Test
    void anItemOfANewerFormatThanThisCodeReadsIsUnreadableNamingItsKey() {
        Map<String, AttributeValue> item = Map.of(StateItem.PK, AttributeValue.fromS("acme#shop"),
                StateItem.SK, AttributeValue.fromS("carts/42"), StateItem.VERSION, AttributeValue.fromN("3"),
                StateItem.VALUE, AttributeValue.fromS("{\"a\":1}"), StateItem.CREATED_AT, AttributeValue.fromN("1"),
                StateItem.UPDATED_AT, AttributeValue.fromN("1"),
                StateItem.ITEM_FORMAT, AttributeValue.fromN(Integer.toString(ItemFormats.NEWEST_READABLE + 1)));

        assertThatThrownBy(() -> StateItem.toRecord(item, Instant.EPOCH))
                .isInstanceOf(io.stateapi.domain.exceptions.UnreadableStateException.class)
                .hasMessageContaining("carts/42").hasMessageContaining("item format " + (ItemFormats.NEWEST_READABLE + 1))
                .hasMessageContaining("1 to 2");
    }

    @Test
    void anItemOfTheCurrentFormatOrWithoutOneIsRead() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(StateItem.PK, AttributeValue.fromS("acme#shop"),
                StateItem.SK, AttributeValue.fromS("carts/42"), StateItem.VERSION, AttributeValue.fromN("3"),
                StateItem.VALUE, AttributeValue.fromS("{\"a\":1}"), StateItem.CREATED_AT, AttributeValue.fromN("1"),
                StateItem.UPDATED_AT, AttributeValue.fromN("1")));

        assertThat(StateItem.toRecord(item, Instant.EPOCH)).isPresent();
        item.put(StateItem.ITEM_FORMAT, AttributeValue.fromN(Integer.toString(StateItem.CURRENT_FORMAT)));
        assertThat(StateItem.toRecord(item, Instant.EPOCH)).isPresent();
        item.put(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
        assertThat(StateItem.toRecord(item, Instant.EPOCH)).isPresent();
    }
}
