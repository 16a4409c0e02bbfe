package io.stateapi.client;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Where {@link Auth#refreshingBearer(TokenSource)} gets a new token: your identity provider's
 * token endpoint (a client-credentials grant, say), a file a sidecar rewrites, a secrets store.
 * The client calls it once at first use and again shortly before the token expires (see
 * {@link TokenRefreshPolicy}), never from two threads at once, and keeps the token in between.
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * A new token. Throw (anything) when none can be had: the client keeps using a token that is
     * still valid and tries again after {@link TokenRefreshPolicy#retryInterval()}.
     */
    BearerToken fetch() throws Exception;

    /** A source of JWTs: each token's expiry is read from its {@code exp} claim ({@link BearerToken#fromJwt}). */
    static TokenSource jwt(Callable<String> jwts) {
        Objects.requireNonNull(jwts, "jwts");
        return () -> BearerToken.fromJwt(jwts.call());
    }
}
