package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.UnreadableStateException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How an item's value is read from either value attribute (ADR 0034). */
class StateItemValuesTest {

    private static Map<String, AttributeValue> item(String attribute, AttributeValue value) {
        return Map.of(StateItem.PK, AttributeValue.fromS("acme#stats"), StateItem.SK, AttributeValue.fromS("k"),
                attribute, value);
    }

    @ParameterizedTest
    @CsvSource({"5, 5", "-5, -5", "0, 0", "1E+1, 10", "10.000, 10", "9007199254740991, 9007199254740991"})
    void aNumberIsRenderedAsCanonicalJsonWhateverNotationDynamoDbAnswersIn(String stored, String json) {
        assertThat(StateItem.value(item(StateItem.NUMBER_VALUE, AttributeValue.fromN(stored))))
                .contains(new JsonDocument(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "9007199254740992", "-9007199254740992", "1E+40"})
    void aNumberThatIsNoCounterIsUnreadable(String stored) {
        assertThatThrownBy(() -> StateItem.value(item(StateItem.NUMBER_VALUE, AttributeValue.fromN(stored))))
                .isInstanceOf(UnreadableStateException.class);
    }

    @Test
    void textIsReadAsItIsAndATombstoneHasNoValue() {
        assertThat(StateItem.value(item(StateItem.VALUE, AttributeValue.fromS("{\"a\":1}"))))
                .contains(new JsonDocument("{\"a\":1}"));
        assertThat(StateItem.value(item(StateItem.TOMBSTONE, AttributeValue.fromBool(true)))).isEmpty();
    }
}
