package io.stateapi.client.linearizability;

import io.stateapi.client.IfVersion;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.Versioned;
import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.TooManyRequestsException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.linearizability.keys.KeyClient;
import io.stateapi.linearizability.keys.KeyInput;
import io.stateapi.linearizability.keys.KeyOutput;
import java.util.Optional;

/**
 * The workload's operations carried out with the SDK's {@link StateNamespace} calls, with its own
 * retries. Every exception that says the outcome is unknown (a write whose answer was lost, a
 * connection that failed or timed out, 503 or 429 after the last retry) makes the operation
 * indeterminate; a conflict or not-found is an answer like any other.
 */
final class SdkKeyClient implements KeyClient {

    private final StateNamespace namespace;

    SdkKeyClient(StateNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public KeyOutput execute(String key, KeyInput input) throws OutcomeUnknownException {
        try {
            return switch (input) {
                case KeyInput.Get ignored -> {
                    Optional<Versioned<String>> found = namespace.find(key, String.class);
                    yield found.map(v -> KeyOutput.found(v.value(), v.version())).orElse(KeyOutput.notFound());
                }
                case KeyInput.Put put -> KeyOutput.written(write(key, put).version());
                case KeyInput.Delete delete -> {
                    if (delete.condition() instanceof KeyInput.IfVersion ifVersion) {
                        namespace.delete(key, IfVersion.of(ifVersion.version()));
                    } else {
                        namespace.delete(key);
                    }
                    yield KeyOutput.deleted();
                }
            };
        } catch (VersionConflictException e) {
            return KeyOutput.conflict(e.currentVersion().isPresent() ? e.currentVersion().getAsLong() : null);
        } catch (KeyNotFoundException e) {
            return KeyOutput.notFound();
        } catch (WriteOutcomeUnknownException | ConnectionFailedException | ServiceUnavailableException
                 | TooManyRequestsException e) {
            throw new OutcomeUnknownException(input + " on " + key + ": " + e.getMessage(), e);
        }
    }

    private Versioned<String> write(String key, KeyInput.Put put) {
        return switch (put.condition()) {
            case KeyInput.Unconditional ignored -> namespace.put(key, put.value());
            case KeyInput.IfVersion ifVersion -> namespace.put(key, put.value(), IfVersion.of(ifVersion.version()));
            case KeyInput.IfAbsent ignored -> namespace.create(key, put.value());
        };
    }
}
