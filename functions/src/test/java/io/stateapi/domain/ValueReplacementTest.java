package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link StateStore#replace}'s default is the put the backfill made before ADR 0067: the next
 * version on the version read, the creation time and the expiry kept (this in-memory store does
 * not keep schema versions; {@code ItemReplacementTest} checks the DynamoDB store's, and its
 * {@code replace} against its own put).
 */
class ValueReplacementTest {

    private static final TenantNamespace ORDERS = TenantNamespace.of("acme", "orders");
    private static final Instant WRITTEN = Instant.parse("2026-06-01T11:59:30Z");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final InMemoryStateStore store = new InMemoryStateStore();

    @Test
    void aReplacementIsTheNextVersionWithItsSchemaVersionAndTheSameCreationAndExpiry() {
        StateRecord read = store.put(ORDERS, Key.of("o-1"), new JsonDocument("{\"i\":1}"), OptionalLong.of(1),
                new TimeToLive(3600), Precondition.NONE, WriteIdentity.fresh(), 0, WRITTEN).record();

        store.replace(ORDERS, new ValueReplacement(read.key(), read.version(), read.createdAt(), read.expiry(),
                new JsonDocument("{\"i\":1,\"v\":2}"), 2), WriteIdentity.fresh(), NOW);

        StateRecord replaced = store.get(ORDERS, Key.of("o-1"), ReadConsistency.STRONG, NOW).orElseThrow();
        assertThat(replaced.version()).isEqualTo(Version.of(2));
        assertThat(replaced.value().json()).isEqualTo("{\"i\":1,\"v\":2}");
        assertThat(replaced.createdAt()).isEqualTo(read.createdAt());
        assertThat(replaced.expiry()).isEqualTo(read.expiry());
    }

    @Test
    void aWriteAfterTheReadWins() {
        StateRecord read = store.put(ORDERS, Key.of("o-1"), new JsonDocument("{\"i\":1}"), OptionalLong.of(1), null,
                Precondition.NONE, WriteIdentity.fresh(), 0, WRITTEN).record();
        store.put(ORDERS, Key.of("o-1"), new JsonDocument("{\"i\":1,\"v\":2,\"w\":1}"), OptionalLong.of(2), null,
                Precondition.NONE, WriteIdentity.fresh(), 0, NOW);

        assertThatThrownBy(() -> store.replace(ORDERS, new ValueReplacement(read.key(), read.version(), read.createdAt(),
                read.expiry(), new JsonDocument("{\"i\":1,\"v\":2}"), 2), WriteIdentity.fresh(), NOW))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.get(ORDERS, Key.of("o-1"), ReadConsistency.STRONG, NOW).orElseThrow().value().json())
                .isEqualTo("{\"i\":1,\"v\":2,\"w\":1}");
    }
}
