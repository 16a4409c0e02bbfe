package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The dead-letter message of a poison record: replayable, diagnosable, and always sendable. */
class PoisonRecordTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"insert.json", "modify-update.json", "remove-ttl.json", "modify-delete.json"})
    void carriesTheRecordExactlyAsLambdaDeliveredIt(String resource) throws IOException {
        DynamodbEvent.DynamodbStreamRecord record = StreamRecordMapperTest.record(resource);

        JsonNode message = parse(new PoisonRecord(record, "why").toMessageBody("arn:fn", "req-1", NOW));

        assertThat(message.path(PoisonRecord.RECORD)).isEqualTo(recordAsDelivered(resource));
        assertThat(message.path("imagesOmitted").asBoolean()).isFalse();
    }

    @Test
    void saysWhyWhenAndWhereLikeLambdasOnFailureRecord() {
        JsonNode message = parse(new PoisonRecord(StreamRecordMapperTest.record("insert.json"), "cannot map: x")
                .toMessageBody("arn:aws:lambda:eu-west-1:1:function:f", "req-1", NOW));

        assertThat(message.path("version").asText()).isEqualTo("1.0");
        assertThat(message.path("timestamp").asText()).isEqualTo("2026-12-02T08:00:00Z");
        assertThat(message.path("requestContext").path("condition").asText()).isEqualTo(PoisonRecord.CONDITION);
        assertThat(message.path("requestContext").path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:eu-west-1:1:function:f");
        assertThat(message.path("requestContext").path("requestId").asText()).isEqualTo("req-1");
        assertThat(message.path("reason").asText()).isEqualTo("cannot map: x");
    }

    @Test
    void isAsciiSoThatSqsAcceptsWhateverTextTheRecordHolds() {
        DynamodbEvent.DynamodbStreamRecord record = StreamRecordMapperTest.record("insert.json");
        record.getDynamodb().getNewImage().put("value", new AttributeValue().withS("\"\uffff\ufffe日本😀\""));

        String body = new PoisonRecord(record, "reason with \ud800").toMessageBody("arn", "req", NOW);

        assertThat(body.chars()).allMatch(c -> c < 0x80);
        assertThat(parse(body).path(PoisonRecord.RECORD).path("dynamodb").path("NewImage").path("value").path("S")
                .asText()).isEqualTo("\"\uffff\ufffe日本😀\"");
    }

    @Test
    void leavesTheImagesOutWhenTheyWouldNotFitOneMessage() {
        DynamodbEvent.DynamodbStreamRecord record = StreamRecordMapperTest.record("modify-update.json");
        String big = "\"" + "日".repeat(60_000) + "\"";   // 360,000 characters once escaped, per image
        record.getDynamodb().getNewImage().put("value", new AttributeValue().withS(big));
        record.getDynamodb().getOldImage().put("value", new AttributeValue().withS(big));

        String body = new PoisonRecord(record, "too big").toMessageBody("arn", "req", NOW);

        assertThat(body.length()).isLessThanOrEqualTo(ChangeEventFormat.MAX_MESSAGE_BYTES);
        JsonNode message = parse(body);
        assertThat(message.path("imagesOmitted").asBoolean()).isTrue();
        JsonNode dynamodb = message.path(PoisonRecord.RECORD).path("dynamodb");
        assertThat(dynamodb.has("NewImage")).isFalse();
        assertThat(dynamodb.has("OldImage")).isFalse();
        assertThat(dynamodb.path("Keys").path("sk").path("S").asText()).isEqualTo("carts/42");
        assertThat(dynamodb.path("SequenceNumber").asText()).isNotBlank();
    }

    private static JsonNode recordAsDelivered(String resource) throws IOException {
        try (InputStream in = PoisonRecordTest.class.getResourceAsStream("/stream-records/" + resource)) {
            return StateJson.parse(in.readAllBytes()).path("Records").get(0);
        }
    }

    private static JsonNode parse(String json) {
        return StateJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
