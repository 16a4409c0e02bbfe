package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link SqsQueueDirectory} against the emulator: what SQS's answers mean to {@link TenantQueues}. */
class SqsQueueDirectoryTest {

    private static final Map<String, String> FIFO = Map.of("FifoQueue", "true", "VisibilityTimeout", "60");
    private static final Map<String, String> TAGS = Map.of("tenant", "acme");

    private static SqsClient sqs;
    private static SqsQueueDirectory directory;
    private final String name = "directory-test-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo";

    @BeforeAll
    static void start() {
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
        directory = new SqsQueueDirectory(sqs);
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @Test
    void aQueueThatDoesNotExistIsNotFound() {
        assertThat(directory.find(name)).isEmpty();
    }

    @Test
    void aCreatedQueueIsFoundByName() {
        QueueDirectory.Creation created = directory.create(name, FIFO, TAGS);

        assertThat(created).isInstanceOf(QueueDirectory.Creation.Created.class);
        assertThat(directory.find(name)).contains(((QueueDirectory.Creation.Created) created).url());
    }

    @Test
    void aQueueIsCreatedWithItsTags() {
        String url = ((QueueDirectory.Creation.Created) directory.create(name, FIFO, TAGS)).url();

        assertThat(sqs.listQueueTags(b -> b.queueUrl(url)).tags()).isEqualTo(TAGS);
    }

    @Test
    void creatingAgainWithTheSameAttributesReturnsTheSameQueue() {
        QueueDirectory.Creation first = directory.create(name, FIFO, TAGS);

        assertThat(directory.create(name, FIFO, TAGS)).isEqualTo(first);
    }

    @Test
    void creatingAgainWithOtherAttributesIsNameTaken() {
        directory.create(name, FIFO, TAGS);

        assertThat(directory.create(name, Map.of("FifoQueue", "true", "VisibilityTimeout", "30"), TAGS))
                .isInstanceOf(QueueDirectory.Creation.NameTaken.class);
    }
}
