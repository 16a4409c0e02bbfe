package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.VersionNotFoundException;
import io.stateapi.client.exceptions.VersionNotRestorableException;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key history and restore (ADR 0036) through the SDK, against the local stack. */
class KeyHistoryTest {

    private static StateClient client;
    private StateNamespace docs;

    @BeforeAll
    static void startClient() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void namespace() {
        docs = client.namespace(TestStack.uniqueNamespace("history"));
    }

    /** The history follows the writes (the change pipeline records it): a bounded wait, no fixed sleep. */
    private List<KeyVersion> awaitHistory(String key, int changes) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> docs.history(key).toList(), list -> list.size() >= changes);
    }

    @Test
    void historyListsEveryVersionNewestFirstAcrossPagesAndEachReads() {
        for (int n = 1; n <= 3; n++) {
            docs.put("readme", Map.of("n", n));
        }

        List<KeyVersion> history = awaitHistory("readme", 3);

        assertThat(history).extracting(KeyVersion::version).containsExactly(3L, 2L, 1L);
        assertThat(history).extracting(KeyVersion::change).containsExactly("updated", "updated", "created");
        KeyVersion first = docs.getVersion("readme", 1);
        assertThat(first.value()).hasValueSatisfying(value -> assertThat(value.path("n").asInt()).isEqualTo(1));
    }

    @Test
    void aKeyWhoseLastSegmentIsVersionsKeepsItsOwnHistory() {
        docs.put("a/versions", "mine");

        List<KeyVersion> history = awaitHistory("a/versions", 1);

        assertThat(history).singleElement().satisfies(v -> assertThat(v.value().orElseThrow().asText()).isEqualTo("mine"));
        assertThat(docs.get("a/versions", String.class).value()).isEqualTo("mine");
        assertThat(docs.history("a").toList()).isEmpty();
    }

    @Test
    void restoreWritesTheOldValueAsTheNextVersion() {
        docs.put("doc", Map.of("title", "first"));
        docs.put("doc", Map.of("title", "second"));
        awaitHistory("doc", 2);

        Versioned<JsonNode> restored = docs.restore("doc", 1);

        assertThat(restored.version()).isEqualTo(3);
        assertThat(restored.value().path("title").asText()).isEqualTo("first");
        assertThat(docs.get("doc", JsonNode.class).value().path("title").asText()).isEqualTo("first");
    }

    @Test
    void restoreWithAStaleIfVersionIsAConflict() {
        docs.put("doc", "a");
        docs.put("doc", "b");
        awaitHistory("doc", 2);

        assertThatThrownBy(() -> docs.restore("doc", 1, o -> o.ifVersion(1)))
                .isInstanceOf(VersionConflictException.class);
        assertThat(docs.get("doc", String.class).version()).isEqualTo(2);
    }

    @Test
    void aMissingVersionAndADeleteAreReportedByType() {
        docs.put("gone", "x");
        docs.delete("gone");
        docs.put("gone", "y");
        awaitHistory("gone", 3);

        assertThatThrownBy(() -> docs.getVersion("gone", 9)).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> docs.restore("gone", 2)).isInstanceOf(VersionNotRestorableException.class);
    }
}
