package io.stateapi.domain;

/** The state a write committed, and whether it brought the key into existence. */
public record WriteResult(StateRecord record, boolean created) {
}
