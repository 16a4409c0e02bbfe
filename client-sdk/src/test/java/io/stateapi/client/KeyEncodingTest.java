package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.support.TestStack;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.PathDecoding;
import io.stateapi.local.auth.JwtAuthorizer;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SDK addresses exactly the key it is given, behind a gateway that decodes paths as API
 * Gateway HTTP APIs do and behind one that hands them over as sent (ADR 0009).
 */
class KeyEncodingTest {

    record Item(int n) {
    }

    private static final Map<PathDecoding, LocalGateway> GATEWAYS = new EnumMap<>(PathDecoding.class);
    private static final Map<PathDecoding, ApiFunction> FUNCTIONS = new EnumMap<>(PathDecoding.class);
    private static DynamoDbClient dynamoDb;

    static Stream<Arguments> keysInBothModes() {
        List<String> keys = List.of("users/42/cart", "r?1", "h#1", "100%", "a%2Fb", "x%252Fy", "%41", "a+b",
                " a b ", "café", "cafe\u0301", "😀/𝄞", "a..b/.../.x", "x?y#z%25+ &=;:@,$!'()*[]{}|^`\"<>\\",
                "😀".repeat(256));
        return keys.stream().flatMap(key -> Stream.of(PathDecoding.values()).map(mode -> Arguments.of(mode, key)));
    }

    @BeforeAll
    static void startGateways() throws Exception {
        TestStack stack = TestStack.get();
        for (PathDecoding mode : PathDecoding.values()) {
            ApiFunction function = ApiFunction.withProperties(
                    LocalStack.functionProperties(stack.emulatorEndpoint(), LocalStack.RESOURCES, mode));
            FUNCTIONS.put(mode, function);
            GATEWAYS.put(mode, LocalGateway.start(function, 0, mode, JwtAuthorizer.trusting(stack.issuer())));
        }
        dynamoDb = DynamoDbClients.create(stack.emulatorEndpoint(), List.of());
    }

    @AfterAll
    static void stopGateways() {
        GATEWAYS.values().forEach(LocalGateway::close);
        FUNCTIONS.values().forEach(ApiFunction::close);
        dynamoDb.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("keysInBothModes")
    void putGetAndDeleteAddressExactlyTheKeyGiven(PathDecoding mode, String key) {
        String stored = Normalizer.normalize(key, Normalizer.Form.NFC);
        try (StateClient client = TestStack.get().client(GATEWAYS.get(mode).endpoint()).build()) {
            StateNamespace ns = client.namespace(TestStack.uniqueNamespace("keys"));

            assertThat(ns.put(key, new Item(1)).key()).isEqualTo(stored);
            assertThat(storedKeys(ns.name())).containsExactly(stored);
            assertThat(ns.get(key, Item.class).key()).isEqualTo(stored);
            assertThat(ns.get(stored, Item.class).value()).isEqualTo(new Item(1));

            ns.delete(key);
            assertThat(ns.find(key, Item.class)).isEmpty();
            assertThat(storedKeys(ns.name())).as("only the key's tombstone").containsExactly(stored);
        }
    }

    @ParameterizedTest
    @EnumSource(PathDecoding.class)
    void aKeyNoRequestCouldCarryIsRefusedBeforeSending(PathDecoding mode) {
        try (StateClient client = TestStack.get().client(GATEWAYS.get(mode).endpoint()).build()) {
            StateNamespace ns = client.namespace(TestStack.uniqueNamespace("keys"));
            for (String key : List.of("lone\uD800surrogate", "a/../b", "a//b", "a/")) {
                assertThatThrownBy(() -> ns.put(key, new Item(1)))
                        .isInstanceOf(InvalidKeyException.class)
                        .satisfies(e -> assertThat(((InvalidKeyException) e).status()).as("not sent").isZero());
            }
            assertThat(storedKeys(ns.name())).isEmpty();
        }
    }

    private static List<String> storedKeys(String namespace) {
        return dynamoDb.query(q -> q.tableName(LocalStack.RESOURCES.tableName())
                        .keyConditionExpression("pk = :ns")
                        .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(TestStack.TEST_TENANT + "#" + namespace)))
                        .consistentRead(true))
                .items().stream().map(item -> item.get("sk").s()).toList();
    }
}
