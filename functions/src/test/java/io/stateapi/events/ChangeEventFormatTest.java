package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChangeEventFormatTest {

    private final ChangeEventFormat format = new ChangeEventFormat("prod");

    @Test
    void valuesAreEmbeddedAsJsonNotAsStrings() {
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(
                updated("{\"price\":19.990,\"big\":123456789012345678901234567890}", "[1,2]")));

        assertThat(event.path("data").path("value").isObject()).isTrue();
        assertThat(event.path("data").path("previousValue").isArray()).isTrue();
    }

    @Test
    void numbersInValuesKeepEveryDigit() {
        String body = format.toMessageBody(updated("{\"price\":19.990,\"big\":123456789012345678901234567890}", "1"));

        assertThat(body).contains("\"price\":19.990").contains("\"big\":123456789012345678901234567890");
    }

    @Test
    void charactersSqsRefusesAreEscapedAndTheValueSurvives() {
        String body = format.toMessageBody(updated("\"a\\uffffb\\ufffe\"", "\"日本\""));

        assertThat(body).doesNotContain("\uffff", "\ufffe").contains("\\uffff", "日本");
        JsonNode event = ValidChangeEvent.of(body);
        assertThat(event.path("data").path("value").asText()).isEqualTo("a\uffffb\ufffe");
    }

    @Test
    void anEventOverSqsLimitOmitsValuesAndSaysSo() {
        String large = "\"" + "x".repeat(200 * 1024) + "\"";
        String body = format.toMessageBody(updated(large, large));

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ChangeEventFormat.MAX_MESSAGE_BYTES);
        JsonNode event = ValidChangeEvent.of(body);
        assertThat(event.path("data").path("valueOmitted").asBoolean()).isTrue();
        assertThat(event.path("data").has("value")).isFalse();
        assertThat(event.path("data").has("previousValue")).isFalse();
        assertThat(event.path("data").path("version").asLong()).isEqualTo(7);
    }

    @Test
    void anEventJustUnderTheLimitKeepsItsValues() {
        String value = "\"" + "x".repeat(120 * 1024) + "\"";
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(updated(value, value)));

        assertThat(event.path("data").path("valueOmitted").asBoolean()).isFalse();
        assertThat(event.path("data").path("value").asText()).hasSize(120 * 1024);
    }

    @Test
    void aNamespaceThatKeepsValuesOutOfItsEventsGetsEventsWithoutThemMarkedValueOmitted() {
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(updated("{\"secret\":1}", "{\"secret\":0}"), false));

        JsonNode data = event.path("data");
        assertThat(data.path("valueOmitted").asBoolean()).isTrue();
        assertThat(data.has("value")).isFalse();
        assertThat(data.has("previousValue")).isFalse();
        assertThat(data.path("version").asLong()).isEqualTo(7);
        assertThat(data.path("previousVersion").asLong()).isEqualTo(6);
        assertThat(event.toString()).doesNotContain("secret");
    }

    @Test
    void anEventWithoutValuesKeepsItsIdentitySoARetryWithTheOtherSettingIsStillDeduplicated() {
        ChangeEvent change = updated("1", "2");

        assertThat(ValidChangeEvent.of(format.toMessageBody(change, false)).path("id").asText())
                .isEqualTo(ValidChangeEvent.of(format.toMessageBody(change, true)).path("id").asText())
                .isEqualTo(change.id());
    }

    @Test
    void sourceNamesTheDeploymentTheTenantAndTheNamespace() {
        assertThat(format.source(TenantNamespace.of("acme", "shop")).toString()).isEqualTo("/state-api/prod/tenants/acme/namespaces/shop");
    }

    @Test
    void theCloudEventsIdIsTheChangesIdentity() {
        ChangeEvent change = updated("1", "2");

        JsonNode event = ValidChangeEvent.of(format.toMessageBody(change));

        assertThat(event.path("id").asText()).isEqualTo(change.id());
    }

    @Test
    void differentVersionsOfOneKeyShareAGroupButNotAnIdentity() {
        ChangeEvent v7 = updated("1", "2");
        ChangeEvent v8 = new ChangeEvent(ChangeType.UPDATED, v7.namespace(), v7.key(), Version.of(8),
                Optional.of(Version.of(7)), v7.value(), v7.value(), v7.time());

        assertThat(v8.messageGroupId()).isEqualTo(v7.messageGroupId());
        assertThat(v8.id()).isNotEqualTo(v7.id());
    }

    @Test
    void aValueWrittenUnderASchemaNamesItsVersionInTheSchemaversionExtension() {
        ChangeEvent plain = updated("{}", "{}");
        ChangeEvent stamped = new ChangeEvent(plain.type(), plain.namespace(), plain.key(), plain.version(),
                plain.previousVersion(), plain.value(), plain.previousValue(), plain.time(), OptionalLong.of(3));

        JsonNode event = ValidChangeEvent.of(format.toMessageBody(stamped));

        assertThat(event.path("schemaversion").asText()).isEqualTo("3");
        assertThat(event.path("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void aValueWrittenWithoutASchemaHasNoSchemaversionExtension() {
        JsonNode event = ValidChangeEvent.of(format.toMessageBody(updated("{}", "{}")));

        assertThat(event.has("schemaversion")).isFalse();
    }

    private static ChangeEvent updated(String value, String previousValue) {
        return new ChangeEvent(ChangeType.UPDATED, TenantNamespace.of("acme", "shop"), Key.of("carts/42"), Version.of(7),
                Optional.of(Version.of(6)), Optional.of(new JsonDocument(value)),
                Optional.of(new JsonDocument(previousValue)), Instant.parse("2026-11-30T08:00:00.123Z"));
    }
}
