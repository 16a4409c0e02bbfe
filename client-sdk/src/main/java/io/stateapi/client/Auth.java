package io.stateapi.client;

import io.stateapi.client.internal.Authorizer;
import io.stateapi.client.internal.BearerAuthorizer;
import io.stateapi.client.internal.RefreshingToken;
import io.stateapi.client.internal.SigV4Authorizer;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How a client authenticates. Every attempt is authorized afresh, so rotating tokens and
 * refreshed credentials are picked up by retries too. Immutable; one {@code Auth} may be shared
 * by several clients (a refreshing one then shares its token between them).
 */
public final class Auth {

    private static final Auth NONE = new Auth("none", (method, uri, headers, body) -> Map.of());

    private final String kind;
    private final Authorizer authorizer;

    private Auth(String kind, Authorizer authorizer) {
        this.kind = kind;
        this.authorizer = authorizer;
    }

    /** No credentials (the local stack, or an API behind another layer of authentication). */
    public static Auth none() {
        return NONE;
    }

    /**
     * {@code Authorization: Bearer <token>} with one fixed token, for scripts, tests and tokens
     * that outlive the program (the local stack's {@code make token}). A 401 is reported as it is.
     */
    public static Auth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        return new Auth("bearer", BearerAuthorizer.of(() -> token));
    }

    /**
     * {@code Authorization: Bearer <token>} for the JWT-authorized API. The supplier is asked
     * for every attempt, so it must cache the token and refresh it before it expires; a 401 is
     * reported as it is. {@link #refreshingBearer(TokenSource)} does the caching and refreshing.
     */
    public static Auth bearer(Supplier<String> tokenSupplier) {
        Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        return new Auth("bearer", BearerAuthorizer.of(tokenSupplier));
    }

    /**
     * {@code Authorization: Bearer <token>} with tokens from {@code source}, kept between calls
     * and replaced shortly before they expire, with the {@link TokenRefreshPolicy#defaults()}.
     * After a 401 the client asks the source for a fresh token once and sends the request again.
     *
     * <pre>{@code
     * Auth.refreshingBearer(TokenSource.jwt(() -> idp.clientCredentialsToken()))   // expiry from the JWT's exp
     * Auth.refreshingBearer(() -> BearerToken.of(response.accessToken(), now.plusSeconds(response.expiresIn())))
     * }</pre>
     */
    public static Auth refreshingBearer(TokenSource source) {
        return refreshingBearer(source, TokenRefreshPolicy.defaults());
    }

    /** As {@link #refreshingBearer(TokenSource)}, with the given refresh margin and retry interval. */
    public static Auth refreshingBearer(TokenSource source, TokenRefreshPolicy policy) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(policy, "policy");
        return new Auth("refreshing bearer",
                BearerAuthorizer.refreshing(new RefreshingToken(source, policy, Clock.systemUTC())));
    }

    /**
     * AWS Signature Version 4 for the IAM-authorized API (service name {@code execute-api}).
     * Needs {@code software.amazon.awssdk:auth} and {@code software.amazon.awssdk:http-auth-aws}
     * on the classpath; the client declares them optional, so add them to your build.
     */
    public static Auth sigV4(AwsCredentialsProvider credentialsProvider, Region region) {
        Objects.requireNonNull(credentialsProvider, "credentialsProvider");
        Objects.requireNonNull(region, "region");
        return new Auth("sigv4", new SigV4Authorizer(credentialsProvider, region.id()));
    }

    Authorizer authorizer() {
        return authorizer;
    }

    @Override
    public String toString() {
        return "Auth[" + kind + "]";
    }
}
