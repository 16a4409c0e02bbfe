package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.json.StateJson;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every text the API stores reaches subscribers exactly: SQS accepts only XML 1.0 characters
 * in a message body (played here by {@link InvalidContents#sqsCharacterRule()}, which moto
 * does not apply), and JSON may hold U+FFFE and U+FFFF literally, so the events escape them.
 */
class TextInChangeEventsTest {

    private LocalStack stack;
    private ChangeQueueReader queue;

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aValueWithCharactersSqsDoesNotAcceptArrivesAndParsesBackToTheSameValue() throws IOException {
        InvalidContents sqsRule = InvalidContents.sqsCharacterRule();
        stack = LocalStack.start(TestStack.emulator(), StateApiResources.forEnvironment("events-text"), 0,
                ChangePipeline.Options.defaults().withFanOutInterceptors(sqsRule), TestStack.issuer());
        queue = new ChangeQueueReader(stack.changes());
        String key = "text/\ufffe";
        String value = "{\"\uffff\":\"a\ufffeb\",\"list\":[\"\uffff\",\"\\u0000\\u001f\",\"😀\",\"\ufdd0\",\"\ud83f\udffe\"]}";

        int status = new StateApiHttp(stack.apiEndpoint(), "text").put("text/%EF%BF%BE", value).statusCode();

        assertThat(status).isEqualTo(201);
        awaitCaughtUp();
        List<ChangeQueueReader.Received> events = queue.drain();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().key()).isEqualTo(key);
        assertThat(events.getFirst().event().path("subject").asText()).isEqualTo(key);
        assertThat(events.getFirst().event().path("data").path("value"))
                .isEqualTo(StateJson.parse(value.getBytes(StandardCharsets.UTF_8)));
        assertThat(sqsRule.refusals()).isZero();
        assertThat(StreamFailureQueue.messages(stack.changes().queues().streamFailure())).isEmpty();
    }

    private void awaitCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
    }
}
