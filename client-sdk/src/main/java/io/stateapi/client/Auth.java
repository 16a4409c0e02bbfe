package io.stateapi.client;

import io.stateapi.client.internal.Authorizer;
import io.stateapi.client.internal.SigV4Authorizer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How a client authenticates. Every attempt is authorized afresh, so rotating tokens and
 * refreshed credentials are picked up by retries too.
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
     * {@code Authorization: Bearer <token>} for the JWT-authorized API. The supplier is asked
     * for every attempt; make it cache the token and refresh it before it expires.
     */
    public static Auth bearer(Supplier<String> tokenSupplier) {
        Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        return new Auth("bearer", (method, uri, headers, body) -> {
            String token = tokenSupplier.get();
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("the bearer token supplier returned no token");
            }
            return Map.of("Authorization", "Bearer " + token);
        });
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
