package io.stateapi.dynamodb;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

public class PluginCost {
    static final class Stop extends RuntimeException { Stop() { super(null, null, false, false); } }
    public static void main(String[] a) {
        DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes e) { throw new Stop(); }
                })).build();
        UpdateItemRequest plain = UpdateItemRequest.builder().tableName("t")
                .key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("b")))
                .updateExpression("SET #v = :v").expressionAttributeNames(Map.of("#v", "v"))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1"))).build();
        UpdateItemRequest plugged = WriteAttempts.sentAtMostOnceApplied(plain);
        for (int round = 0; round < 10; round++) {
            for (UpdateItemRequest r : new UpdateItemRequest[] {plain, plugged}) {
                int n = 20000;
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try { client.updateItem(r); } catch (Stop s) { } catch (RuntimeException e) { if (!(e.getCause() instanceof Stop) && round == 0 && i == 0) e.printStackTrace(); }
                }
                System.out.printf("round %d %s: %.1f us/call%n", round, r == plain ? "plain  " : "plugin ", (System.nanoTime() - t) / 1e3 / n);
            }
        }
    }
}
