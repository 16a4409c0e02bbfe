package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.TestStack;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The asynchronous view: same operations, same outcomes, delivered through CompletableFuture. */
class AsyncStateNamespaceTest {

    record Profile(String name, int visits) {
    }

    private static StateClient client;
    private AsyncStateNamespace profiles;

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
        profiles = client.asyncNamespace(TestStack.uniqueNamespace("async"));
    }

    @Test
    void writesAndReadsCompleteWithTheVersionedValue() {
        Versioned<Profile> created = profiles.create("users/1", new Profile("Ada", 0)).join();
        Versioned<Profile> replaced = profiles.put("users/1", new Profile("Ada", 1), created.ifUnchanged()).join();

        Versioned<Profile> read = profiles.get("users/1", Profile.class).join();

        assertThat(read.value()).isEqualTo(new Profile("Ada", 1));
        assertThat(read.version()).isEqualTo(replaced.version()).isEqualTo(2);
    }

    @Test
    void aMissingKeyFailsTheFutureWithKeyNotFound() {
        assertThatThrownBy(() -> profiles.get("nobody", Profile.class).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(KeyNotFoundException.class);
        assertThat(profiles.find("nobody", Profile.class).join()).isEmpty();
    }

    @Test
    void aConflictFailsTheFutureWithTheCurrentVersion() {
        profiles.put("users/1", new Profile("Ada", 0)).join();

        assertThatThrownBy(() -> profiles.create("users/1", new Profile("Bob", 0)).join())
                .cause()
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).hasValue(1));
    }

    @Test
    void updateAndDeleteComplete() {
        profiles.put("users/1", new Profile("Ada", 0)).join();

        Versioned<Profile> updated = profiles.update("users/1", Profile.class, p -> new Profile(p.name(), p.visits() + 1)).join();
        profiles.delete("users/1", updated.ifUnchanged()).join();

        assertThat(updated.value().visits()).isEqualTo(1);
        assertThat(profiles.find("users/1", Profile.class).join()).isEmpty();
    }

    @Test
    void anInvalidKeyFailsTheFutureRatherThanThrowing() {
        assertThat(profiles.get("a//b", Profile.class)).isCompletedExceptionally();
    }
}
