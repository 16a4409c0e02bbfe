package io.stateapi.local.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Dapr's DynamoDB requests, byte for byte as components-contrib v1.16.1 (state/aws/dynamodb)
 * sends them, from Java with this project's client: a consistent GetItem; a PutItem of
 * {@code key}, {@code value} (binary) and a fresh random 64-bit hex {@code etag}, conditional on
 * {@code etag = :etag} when there is one. It splits the in-process gap in two: Go and its AWS SDK
 * against Java and its own (this side against Dapr's driver), and this project's item layout and
 * update expression against Dapr's plain put (this side against {@link StorePeer}).
 */
final class DaprCallsPeer implements PeerClient {

    private final SecureRandom random = new SecureRandom();
    private final DynamoDbClient client;
    private final String table;

    DaprCallsPeer(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public void set(String key, String json) {
        client.putItem(b -> b.tableName(table).item(item(key, json)));
    }

    @Override
    public Optional<Versioned> get(String key) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("key", AttributeValue.fromS(key)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(item.get("value").b().asUtf8String(), item.get("etag").s()));
    }

    @Override
    public boolean setIfMatch(String key, String json, String etag) {
        try {
            client.putItem(b -> b.tableName(table).item(item(key, json)).conditionExpression("etag = :etag")
                    .expressionAttributeValues(Map.of(":etag", AttributeValue.fromS(etag))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Map<String, AttributeValue> item(String key, String json) {
        return Map.of("key", AttributeValue.fromS(key),
                "value", AttributeValue.fromB(SdkBytes.fromString(json, StandardCharsets.UTF_8)),
                "etag", AttributeValue.fromS(Long.toHexString(random.nextLong())));
    }
}
