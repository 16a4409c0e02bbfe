package io.stateapi.client.internal;

import io.stateapi.client.BearerToken;
import io.stateapi.client.TokenRefreshPolicy;
import io.stateapi.client.TokenSource;
import io.stateapi.client.exceptions.TokenUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bearer token kept between calls and replaced shortly before it expires (ADR 0033).
 *
 * <ul>
 *   <li>A token is served from memory until its refresh time: {@code margin} before its expiry,
 *       or halfway through its life if it lives less than twice the margin.</li>
 *   <li>One fetch at a time. A caller that finds the token due while it is still valid tries to
 *       refresh only if no one else is, and otherwise carries on with the valid token; callers
 *       with no valid token wait for the fetch under way.</li>
 *   <li>A failed fetch is not repeated before {@code retryInterval}: meanwhile a valid token is
 *       still served, and callers without one fail at once with the same cause.</li>
 *   <li>After the service refused a token (401), {@link #renewAfterRejection} fetches a new one
 *       once; a token that was itself fetched after a refusal is not replaced again that way, so
 *       a token source whose tokens the service never accepts cannot be called on every request.</li>
 * </ul>
 */
public final class RefreshingToken {

    /** The token in use, when to replace it, and whether it was fetched because the service refused its predecessor. */
    private record Held(BearerToken token, Instant refreshAt, boolean afterRejection) {
        boolean validAt(Instant now) {
            return now.isBefore(token.expiresAt());
        }
    }

    private record Failure(Instant at, TokenUnavailableException error) {
    }

    private final TokenSource source;
    private final Duration margin;
    private final Duration retryInterval;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Held held;
    private volatile Failure lastFailure;

    public RefreshingToken(TokenSource source, TokenRefreshPolicy policy, Clock clock) {
        this.source = source;
        this.margin = policy.margin();
        this.retryInterval = policy.retryInterval();
        this.clock = clock;
    }

    /** A valid token, fetched only when none is held or the held one is due. */
    public String current() {
        Held now = held;
        Instant at = clock.instant();
        if (now != null && at.isBefore(now.refreshAt())) {
            return now.token().value();
        }
        if (now != null && now.validAt(at)) {
            // Due but still valid: refresh unless another caller already is, and never wait for it.
            if (fetching.tryLock()) {
                try {
                    refreshIfDue();
                } finally {
                    fetching.unlock();
                }
            }
            return held.token().value();
        }
        fetching.lock();
        try {
            Held again = held;
            Instant later = clock.instant();
            if (again != null && again.validAt(later)) {
                return again.token().value();
            }
            Failure failure = lastFailure;
            if (failure != null && later.isBefore(failure.at().plus(retryInterval))) {
                throw new TokenUnavailableException("no valid token, and the token source is not asked again before "
                        + failure.at().plus(retryInterval) + " after it failed: " + failure.error().getMessage(),
                        failure.error().getCause() != null ? failure.error().getCause() : failure.error());
            }
            return fetch(false).token().value();
        } finally {
            fetching.unlock();
        }
    }

    /**
     * The service answered 401 to a request carrying {@code rejected}. True when a request with
     * another token is worth sending: the held token has already been replaced, or a new one was
     * fetched now. False when the rejected token was itself fetched after a refusal, or a fetch
     * failed (or failed within the retry interval).
     */
    public boolean renewAfterRejection(String rejected) {
        fetching.lock();
        try {
            Held now = held;
            if (now == null) {
                return false;
            }
            if (!now.token().value().equals(rejected)) {
                return true;
            }
            if (now.afterRejection() || recentlyFailed()) {
                return false;
            }
            try {
                fetch(true);
                return true;
            } catch (TokenUnavailableException e) {
                return false;
            }
        } finally {
            fetching.unlock();
        }
    }

    /** Called holding the lock, with a valid token held. */
    private void refreshIfDue() {
        Held now = held;
        if (clock.instant().isBefore(now.refreshAt()) || recentlyFailed()) {
            return;
        }
        try {
            fetch(false);
        } catch (TokenUnavailableException keepTheValidOne) {
            // recorded in lastFailure; the held token serves until it expires or a later refresh succeeds
        }
    }

    private boolean recentlyFailed() {
        Failure failure = lastFailure;
        return failure != null && clock.instant().isBefore(failure.at().plus(retryInterval));
    }

    /** Called holding the lock. */
    private Held fetch(boolean afterRejection) {
        Instant asked = clock.instant();
        BearerToken token;
        try {
            token = source.fetch();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failed(asked, new TokenUnavailableException("the token source failed: " + e, e));
        }
        if (token == null) {
            throw failed(asked, new TokenUnavailableException("the token source returned no token", null));
        }
        if (!asked.isBefore(token.expiresAt())) {
            throw failed(asked, new TokenUnavailableException("the token source returned a token that expired at "
                    + token.expiresAt(), null));
        }
        Duration life = Duration.between(asked, token.expiresAt());
        Duration lead = margin.compareTo(life.dividedBy(2)) <= 0 ? margin : life.dividedBy(2);
        Held next = new Held(token, token.expiresAt().minus(lead), afterRejection);
        held = next;
        lastFailure = null;
        return next;
    }

    private TokenUnavailableException failed(Instant at, TokenUnavailableException error) {
        lastFailure = new Failure(at, error);
        return error;
    }
}
