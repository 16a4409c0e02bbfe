package io.stateapi.domain.tenancy;

/** What registering a principal did: the principal was new, or its earlier registration was replaced. */
public enum Registered {
    CREATED,
    REPLACED
}
