package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.resources.StateApiResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack's bootstrap creates, on the emulator, what the CDK app creates on AWS: the
 * same table shape and the same queue settings, both read from {@link StateApiResources}. Each
 * assertion compares what the emulator reports with what the synthesized template says.
 */
class LocalStackParityTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("dev");

    private static MotoEmulator moto;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static Synthesized dev;

    @BeforeAll
    static void bootstrapTheLocalStack() {
        LocalAws.useEmulatorDefaults();
        moto = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        new ResourceBootstrap(moto.endpoint()).createAll(RESOURCES);
        dynamoDb = DynamoDbClients.create(moto.endpoint(), List.of());
        sqs = SqsClient.builder().endpointOverride(moto.endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dev = Synthesized.of("dev");
    }

    @AfterAll
    static void stopTheEmulator() {
        if (sqs != null) {
            sqs.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static Map<String, Object> templateTable() {
        return properties(dev.stateTable());
    }

    private static TableDescription localTable() {
        return dynamoDb.describeTable(b -> b.tableName(RESOURCES.tableName())).table();
    }

    @Test
    void tableHasTheTemplatesKeySchema() {
        List<Map<String, Object>> local = localTable().keySchema().stream()
                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList();

        assertThat(local).isEqualTo(templateTable().get("KeySchema"));
    }

    @Test
    void tableHasTheTemplatesAttributeTypes() {
        List<Map<String, Object>> local = localTable().attributeDefinitions().stream()
                .map(a -> Map.<String, Object>of("AttributeName", a.attributeName(),
                        "AttributeType", a.attributeTypeAsString()))
                .toList();

        assertThat(local).containsExactlyInAnyOrderElementsOf(
                (List<Map<String, Object>>) templateTable().get("AttributeDefinitions"));
    }

    @Test
    void tableIsOnDemandLikeTheTemplate() {
        assertThat(localTable().billingModeSummary().billingModeAsString()).isEqualTo(templateTable().get("BillingMode"));
    }

    @Test
    void tableStreamsTheTemplatesViewType() {
        TableDescription local = localTable();

        assertThat(local.streamSpecification().streamEnabled()).isTrue();
        assertThat(Map.of("StreamViewType", local.streamSpecification().streamViewTypeAsString()))
                .isEqualTo(templateTable().get("StreamSpecification"));
    }

    @Test
    void tableHasTheTemplatesTimeToLiveSettingWhichIsOff() {
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(RESOURCES.tableName()))
                .timeToLiveDescription();
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) templateTable().get("TimeToLiveSpecification");

        assertThat(ttl.timeToLiveStatusAsString().startsWith("ENABL")).isEqualTo(template.get("Enabled")).isFalse();
    }

    @Test
    void tableHasTheTemplatesExpiryAndTombstoneIndexes() {
        List<Map<String, Object>> local = localTable().globalSecondaryIndexes().stream()
                .map(index -> Map.<String, Object>of(
                        "IndexName", index.indexName(),
                        "KeySchema", index.keySchema().stream()
                                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(),
                                        "KeyType", k.keyTypeAsString()))
                                .toList(),
                        "Projection", index.projection().hasNonKeyAttributes()
                                ? Map.of("ProjectionType", index.projection().projectionTypeAsString(),
                                        "NonKeyAttributes", index.projection().nonKeyAttributes())
                                : Map.of("ProjectionType", index.projection().projectionTypeAsString())))
                .toList();

        assertThat(local).isNotEmpty().isEqualTo(templateTable().get("GlobalSecondaryIndexes"));
    }

    @Test
    void idempotencyTableHasTheTemplatesKeySchemaAndTtl() {
        TableDescription local = dynamoDb.describeTable(b -> b.tableName(RESOURCES.idempotencyTableName())).table();
        Map<String, Object> template = properties(dev.idempotencyTable());
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(RESOURCES.idempotencyTableName()))
                .timeToLiveDescription();

        assertThat(local.keySchema().stream()
                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList()).isEqualTo(template.get("KeySchema"));
        assertThat(Map.of("AttributeName", ttl.attributeName(), "Enabled", ttl.timeToLiveStatusAsString().startsWith("ENABL")))
                .isEqualTo(template.get("TimeToLiveSpecification"));
        assertThat(local.streamSpecification() == null || !Boolean.TRUE.equals(local.streamSpecification().streamEnabled()))
                .as("no stream, as in the template").isTrue();
    }

    @Test
    void catalogTableHasTheTemplatesKeysTtlAndNoStream() {
        TableDescription local = dynamoDb.describeTable(b -> b.tableName(RESOURCES.catalogTableName())).table();
        Map<String, Object> template = properties(dev.catalogTable());
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(RESOURCES.catalogTableName()))
                .timeToLiveDescription();

        assertThat(local.keySchema().stream()
                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList()).isEqualTo(template.get("KeySchema"));
        assertThat(local.attributeDefinitions().stream()
                .map(a -> Map.<String, Object>of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                .toList()).containsExactlyInAnyOrderElementsOf((List<Map<String, Object>>) template.get("AttributeDefinitions"));
        assertThat(Map.of("AttributeName", ttl.attributeName(), "Enabled", ttl.timeToLiveStatusAsString().startsWith("ENABL")))
                .isEqualTo(template.get("TimeToLiveSpecification"));
        assertThat(local.streamSpecification() == null || !Boolean.TRUE.equals(local.streamSpecification().streamEnabled()))
                .as("no stream, as in the template").isTrue();
    }

    @Test
    void changeLogTableHasTheTemplatesKeysTtlAndNoStream() {
        TableDescription local = dynamoDb.describeTable(b -> b.tableName(RESOURCES.changeLogTableName())).table();
        Map<String, Object> template = properties(dev.changeLogTable());
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(b -> b.tableName(RESOURCES.changeLogTableName()))
                .timeToLiveDescription();

        assertThat(local.keySchema().stream()
                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList()).isEqualTo(template.get("KeySchema"));
        assertThat(local.attributeDefinitions().stream()
                .map(a -> Map.<String, Object>of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                .toList()).containsExactlyInAnyOrderElementsOf((List<Map<String, Object>>) template.get("AttributeDefinitions"));
        assertThat(Map.of("AttributeName", ttl.attributeName(), "Enabled", ttl.timeToLiveStatusAsString().startsWith("ENABL")))
                .isEqualTo(template.get("TimeToLiveSpecification"));
        assertThat(template.get("BillingMode")).isEqualTo(local.billingModeSummary().billingModeAsString());
        assertThat(local.streamSpecification() == null || !Boolean.TRUE.equals(local.streamSpecification().streamEnabled()))
                .as("no stream, as in the template").isTrue();
    }

    /**
     * Every queue the bootstrap creates exists in the template under the same name, with the
     * same FIFO, de-duplication, throughput, visibility, retention and redrive settings.
     */
    @Test
    void everyQueueTheBootstrapCreatesMatchesTheTemplate() {
        List<String> localQueues = sqs.listQueues(b -> b.queueNamePrefix(StateApiResources.PREFIX)).queueUrls();

        for (String url : localQueues) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            Map<String, Object> template = properties(dev.resource(dev.idOf("AWS::SQS::Queue", "QueueName", name)));
            Map<String, String> local = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();

            assertThat(comparable(local)).as(name).isEqualTo(comparable(templateAttributes(template)));
        }
    }

    /** The queues' settings as SQS reports them, with SQS's defaults for what the template leaves unset. */
    private static Map<String, String> templateAttributes(Map<String, Object> template) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("FifoQueue", String.valueOf(template.getOrDefault("FifoQueue", false)));
        attributes.put("VisibilityTimeout", String.valueOf(template.getOrDefault("VisibilityTimeout", 30)));
        attributes.put("MessageRetentionPeriod", String.valueOf(template.getOrDefault("MessageRetentionPeriod", 345_600)));
        if (Boolean.TRUE.equals(template.get("FifoQueue"))) {
            attributes.put("ContentBasedDeduplication",
                    String.valueOf(template.getOrDefault("ContentBasedDeduplication", false)));
            attributes.put("DeduplicationScope", String.valueOf(template.getOrDefault("DeduplicationScope", "queue")));
            attributes.put("FifoThroughputLimit", String.valueOf(template.getOrDefault("FifoThroughputLimit", "perQueue")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> redrive = (Map<String, Object>) template.get("RedrivePolicy");
        if (redrive != null) {
            @SuppressWarnings("unchecked")
            String target = ((List<Object>) ((Map<String, Object>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt"))
                    .get(0).toString();
            attributes.put("RedrivePolicy.maxReceiveCount", redrive.get("maxReceiveCount").toString());
            attributes.put("RedrivePolicy.target", properties(dev.resource(target)).get("QueueName").toString());
        }
        return attributes;
    }

    private static Map<String, String> comparable(Map<String, String> attributes) {
        Map<String, String> result = new HashMap<>();
        for (String key : List.of("FifoQueue", "VisibilityTimeout", "MessageRetentionPeriod",
                "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
                "RedrivePolicy.maxReceiveCount", "RedrivePolicy.target")) {
            Optional.ofNullable(attributes.get(key)).ifPresent(v -> result.put(key, v));
        }
        Optional.ofNullable(attributes.get("RedrivePolicy")).ifPresent(json -> {
            result.put("RedrivePolicy.maxReceiveCount", json.replaceAll(".*\"maxReceiveCount\"\\s*:\\s*\"?(\\d+).*", "$1"));
            result.put("RedrivePolicy.target", json.replaceAll(".*\"deadLetterTargetArn\"\\s*:\\s*\"[^\"]*:([^:\"]+)\".*", "$1"));
        });
        if (!"true".equals(result.get("FifoQueue"))) {
            result.put("FifoQueue", "false");
        }
        return result;
    }
}
