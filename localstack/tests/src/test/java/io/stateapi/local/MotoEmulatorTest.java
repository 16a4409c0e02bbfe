package io.stateapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The emulator process itself: the port it reports, and connections kept open (ADR 0071). */
class MotoEmulatorTest {

    private static final String LIST_TABLES = "POST / HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\n"
            + "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host, Signature=0\r\n"
            + "Content-Length: 2\r\n"
            + "\r\n"
            + "{}";

    @Test
    void emulatorsStartedAtOnceOnPortZeroEachServeOnThePortTheyBound() {
        CompletableFuture<MotoEmulator> first = CompletableFuture.supplyAsync(() -> MotoEmulator.start(MotoEmulator.venvPython(), 0));
        CompletableFuture<MotoEmulator> second = CompletableFuture.supplyAsync(() -> MotoEmulator.start(MotoEmulator.venvPython(), 0));
        try (MotoEmulator one = first.join(); MotoEmulator other = second.join();
             DynamoDbClient oneClient = client(one.endpoint()); DynamoDbClient otherClient = client(other.endpoint())) {
            assertThat(one.endpoint().getPort()).isNotEqualTo(other.endpoint().getPort());

            oneClient.createTable(table -> table.tableName("only-in-one")
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));

            assertThat(oneClient.listTables().tableNames()).containsExactly("only-in-one");
            assertThat(otherClient.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void answersSeveralRequestsOnOneConnection() throws IOException {
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             Socket socket = new Socket(emulator.endpoint().getHost(), emulator.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.write(LIST_TABLES.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answers.add(readResponse(in));
            }

            assertThat(answers).hasSize(3).allSatisfy(answer -> {
                assertThat(answer).startsWith("HTTP/1.1 200");
                assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("connection: close");
                assertThat(answer).endsWith("{\"TableNames\": []}");
            });
        }
    }

    /** One HTTP/1.1 response with a Content-Length body: the head, then exactly that many bytes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.US_ASCII) + "<connection closed>";
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = headers.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Content-Length in " + headers));
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
