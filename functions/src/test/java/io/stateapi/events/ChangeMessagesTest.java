package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the fan-out counts of the values it leaves out of events (ADR 0025, 0048): every event
 * of a namespace set not to carry values, and the events whose values do not fit in a message,
 * counted apart, for the record they belong to.
 */
class ChangeMessagesTest {

    private static final TenantNamespace SHOP = TenantNamespace.of("acme", "shop");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog((ns, now) -> false);
    private final ChangeMessages messages = new ChangeMessages(new ChangeEventFormat("dev"),
            new NamespaceEventValues(new NamespaceSettingsCache(catalog, clock), warning -> { }));

    @Test
    void eventsOfANamespaceThatCarriesValuesOmitNone() {
        catalog.createIfAbsent(SHOP, clock.instant());

        ChangeMessages.Batch batch = messages.prepare(List.of(StreamRecordMapperTest.record("insert.json")));

        assertThat(batch.omissions()).containsExactly(ChangeMessages.Omissions.NONE);
    }

    @Test
    void everyEventOfANamespaceSetNotToCarryValuesIsOmittedButNotForItsSize() {
        catalog.putSettings(SHOP, new NamespaceSettings(Optional.empty(), 1024, false), clock.instant());

        ChangeMessages.Batch batch = messages.prepare(List.of(StreamRecordMapperTest.record("insert.json"),
                StreamRecordMapperTest.record("modify-update.json")));

        assertThat(batch.omissions()).containsExactly(new ChangeMessages.Omissions(1, 0),
                new ChangeMessages.Omissions(1, 0));
        assertThat(ChangeMessages.Omissions.of(batch.omissions())).isEqualTo(new ChangeMessages.Omissions(2, 0));
    }

    @Test
    void anEventWhoseValuesDoNotFitInAMessageIsOmittedForItsSize() {
        catalog.createIfAbsent(SHOP, clock.instant());
        DynamodbStreamRecord large = StreamRecordMapperTest.record("insert.json");
        large.getDynamodb().getNewImage().put("value",
                new AttributeValue().withS("\"" + "x".repeat(ChangeEventFormat.MAX_MESSAGE_BYTES) + "\""));

        ChangeMessages.Batch batch = messages.prepare(List.of(StreamRecordMapperTest.record("insert.json"), large));

        assertThat(batch.omissions()).containsExactly(ChangeMessages.Omissions.NONE, new ChangeMessages.Omissions(1, 1));
    }
}
