package io.stateapi.domain.transactions;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.Objects;

/**
 * One operation of a {@link Transaction}, on one key of one of the caller's namespaces, with its
 * own precondition. The kinds are sealed so the service, the store and the HTTP mapping each
 * handle every kind (a new kind cannot be forgotten anywhere).
 */
public sealed interface TransactionOperation {

    Namespace namespace();

    Key key();

    Precondition precondition();

    /** Writes {@code value}; {@code ttl} null means the namespace's default (or none). */
    record Put(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl, Precondition precondition)
            implements TransactionOperation {

        public Put {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(precondition, "precondition");
            if (precondition instanceof Precondition.Contradictory) {
                throw new InvalidRequestException("a put takes at most one of ifVersion, ifAbsent, ifPresent");
            }
        }
    }

    /** Deletes a live key (as DELETE does: an absent key fails the transaction), optionally at a version. */
    record Delete(Namespace namespace, Key key, Precondition precondition) implements TransactionOperation {

        public Delete {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            if (!(precondition instanceof Precondition.None || precondition instanceof Precondition.IfVersion)) {
                throw new InvalidRequestException("a delete takes only ifVersion (the key must be present anyway)");
            }
        }
    }

    /** Writes nothing: the transaction commits only if the key is at a version, present, or absent. */
    record Check(Namespace namespace, Key key, Precondition precondition) implements TransactionOperation {

        public Check {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            if (precondition instanceof Precondition.None || precondition instanceof Precondition.Contradictory
                    || precondition == null) {
                throw new InvalidRequestException("a check needs exactly one of ifVersion, ifAbsent, ifPresent");
            }
        }
    }

    /** Whether this operation changes its key (and so makes a change event). */
    default boolean writes() {
        return !(this instanceof Check);
    }
}
