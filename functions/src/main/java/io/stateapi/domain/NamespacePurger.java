package io.stateapi.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The port that carries out namespace purges (ADR 0019): each call advances every running
 * purge as far as {@code budget} allows, saving its progress after each batch, so a run that
 * crashed or ran out of time is resumed by the next. A purge removes the namespace's keys and
 * idempotency records without change events, makes the name's version floor at least every
 * version it removed, and then removes the namespace from the catalog.
 */
public interface NamespacePurger {

    /** Advances the running purges; safe to run concurrently with itself (a purge is advanced by one run at a time). */
    PurgeReport advance(Instant now, Duration budget);
}
