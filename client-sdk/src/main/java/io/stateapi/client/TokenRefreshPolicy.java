package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link Auth#refreshingBearer(TokenSource, TokenRefreshPolicy)} fetches a new token. Immutable.
 *
 * <ul>
 *   <li>{@code margin} (default 60 s): a token is replaced this long before it expires, so that
 *       a request never carries a token that expires on its way, and clock skew between this
 *       host and the service is absorbed. A token that lives less than twice the margin is
 *       replaced halfway through its life instead, so a short-lived token is not fetched anew
 *       for every call.</li>
 *   <li>{@code retryInterval} (default 5 s): after a failed fetch the source is not asked again
 *       before this has passed. Meanwhile a token that has not expired yet is still used, and
 *       calls that have none fail at once with {@code TokenUnavailableException}, rather than
 *       every call asking an identity provider that is down.</li>
 * </ul>
 */
public final class TokenRefreshPolicy {

    private static final TokenRefreshPolicy DEFAULTS = builder().build();

    private final Duration margin;
    private final Duration retryInterval;

    private TokenRefreshPolicy(Builder builder) {
        this.margin = builder.margin;
        this.retryInterval = builder.retryInterval;
    }

    /** Margin 60 s, retry interval 5 s. */
    public static TokenRefreshPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration margin() {
        return margin;
    }

    public Duration retryInterval() {
        return retryInterval;
    }

    @Override
    public String toString() {
        return "TokenRefreshPolicy[margin=" + margin + ", retryInterval=" + retryInterval + "]";
    }

    public static final class Builder {
        private Duration margin = Duration.ofSeconds(60);
        private Duration retryInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        /** How long before its expiry a token is replaced (zero: only once it has expired). */
        public Builder margin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("margin must not be negative; got " + margin);
            }
            this.margin = margin;
            return this;
        }

        /** How long after a failed fetch the source is asked again. */
        public Builder retryInterval(Duration retryInterval) {
            Objects.requireNonNull(retryInterval, "retryInterval");
            if (retryInterval.isNegative() || retryInterval.isZero()) {
                throw new IllegalArgumentException("retryInterval must be positive; got " + retryInterval);
            }
            this.retryInterval = retryInterval;
            return this;
        }

        public TokenRefreshPolicy build() {
            return new TokenRefreshPolicy(this);
        }
    }
}
