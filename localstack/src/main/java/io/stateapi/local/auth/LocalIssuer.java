package io.stateapi.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * The local stack's identity provider: an RSA key pair with a key id, its JWKS, an issuer URL
 * and the audience {@value #AUDIENCE}, minting the RS256 tokens the local gateway's
 * {@link JwtAuthorizer} accepts. What an OIDC provider (Cognito, Auth0, ...) is to the JWT
 * authorizer on AWS.
 *
 * <p>{@code make run} keeps the private key in a file ({@link IssuerKeyFile}) so that
 * {@code make token}, another process, signs tokens that running stack accepts; tests use an
 * {@link #inMemory()} issuer per stack and never touch a file.
 */
public final class LocalIssuer {

    /**
     * The {@code iss} of every local token. Nothing is served there: the gateway holds the JWKS
     * itself; {@code .localhost} is reserved for loopback names (RFC 6761), so it names no one else.
     */
    public static final String ISSUER = "https://issuer.state-api.localhost";
    /** The {@code aud} of every local token, and the one audience the local gateway accepts. */
    public static final String AUDIENCE = "state-api";
    /** The claim naming the caller's tenant (the function's default {@code state.auth.tenant-claim}). */
    public static final String TENANT_CLAIM = "tenant";
    /** The claim narrowing a token to namespaces (the function's default {@code state.auth.namespaces-claim}). */
    public static final String NAMESPACES_CLAIM = "namespaces";
    /** OAuth 2.0's claim for scopes (RFC 8693 section 4.2): space-separated. */
    public static final String SCOPE_CLAIM = "scope";

    private static final int KEY_SIZE_BITS = 2048;

    private final RSAKey key;
    private final RSASSASigner signer;
    private final Clock clock;

    LocalIssuer(RSAKey key, Clock clock) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("the issuer needs a private key to sign with (key id " + key.getKeyID() + ")");
        }
        this.key = key;
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not an RSA signing key: " + key.getKeyID(), e);
        }
    }

    /** An issuer with a fresh key pair that lives as long as this object (tests: one per stack). */
    public static LocalIssuer inMemory() {
        return new LocalIssuer(generateKey(), Clock.systemUTC());
    }

    /** The issuer whose key is kept in {@code keyFile}: read when the file exists, created (mode 0600) when it does not. */
    public static LocalIssuer keptIn(Path keyFile) {
        return new LocalIssuer(IssuerKeyFile.at(keyFile).readOrCreate(LocalIssuer::generateKey), Clock.systemUTC());
    }

    /**
     * The issuer whose key another process (a running {@code make run}) keeps in {@code keyFile}.
     *
     * @throws IssuerKeyFile.MissingKeyException when there is no key there yet
     */
    public static LocalIssuer readFrom(Path keyFile) {
        return new LocalIssuer(IssuerKeyFile.at(keyFile).read(), Clock.systemUTC());
    }

    static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(KEY_SIZE_BITS)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    // RFC 7638 thumbprint: two issuers never share a key id, so a token of one
                    // names a key the other does not have.
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate the local issuer's RSA key", e);
        }
    }

    public String issuer() {
        return ISSUER;
    }

    public String audience() {
        return AUDIENCE;
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public half of the key, as a JWKS (what an identity provider publishes at its {@code jwks_uri}). */
    public JWKSet jwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A signed token for {@code tenant} with {@code scopes} (space-separated) on every namespace. */
    public String token(String tenant, String scopes) {
        return token(TokenGrant.of(tenant, scopes));
    }

    /** A signed token carrying what {@code grant} grants. */
    public String token(TokenGrant grant) {
        return sign(claims(grant));
    }

    /**
     * The claims of a token for {@code grant}, valid from now: {@code iss}, {@code aud},
     * {@code tenant}, {@code scope}, {@code namespaces} when the grant narrows them, and
     * {@code iat}, {@code nbf}, {@code exp}. Tests change them and {@link #sign} the result.
     */
    public JWTClaimsSet claims(TokenGrant grant) {
        // JWT times are whole seconds; truncating keeps nbf from lying in the future.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim(TENANT_CLAIM, grant.tenant())
                .claim(SCOPE_CLAIM, String.join(" ", grant.scopes()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(grant.lifetime())));
        if (grant.namespaces() != null) {
            claims.claim(NAMESPACES_CLAIM, String.join(" ", grant.namespaces()));
        }
        return claims.build();
    }

    /** {@code claims} signed RS256 with this issuer's key, its key id in the header. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token with key " + key.getKeyID(), e);
        }
        return jwt.serialize();
    }
}
