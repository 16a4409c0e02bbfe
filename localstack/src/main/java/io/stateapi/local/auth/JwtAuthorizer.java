package io.stateapi.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.Headers;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * API Gateway's JWT authorizer for an HTTP API, locally: the token comes from the identity
 * source {@code $request.header.Authorization} only (the token alone, or prefixed with
 * {@code Bearer }); it must be at most {@link #MAX_TOKEN_CHARS} long, signed with an RSA algorithm (RS256, RS384, RS512: API Gateway takes only RSA-based ones) by a
 * key of the JWKS named by its {@code kid}, and carry the claims {@link TokenClaimsChecks}
 * checks. An accepted request reaches the function with the token's claims and scopes as
 * {@code requestContext.authorizer.jwt}; any other is refused with 401 before the function sees it.
 *
 * <p>nimbus-jose-jwt does the parsing, the key selection (algorithm allow-list, key id, key
 * type) and the signature check; see ADR 0014.
 */
public final class JwtAuthorizer implements GatewayAuthorizer {

    /**
     * API Gateway HTTP APIs refuse requests whose request line and headers exceed 10240 bytes, so
     * no longer token ever reaches their authorizer. A longer one is refused here before any
     * parsing: decoding and hashing cost nothing an attacker can inflate.
     */
    static final int MAX_TOKEN_CHARS = 10_240;
    /**
     * Asymmetric algorithms only: an HMAC algorithm would make the JWKS's public key a shared
     * secret (the "HS256 signed with the public key" attack), and {@code none} signs nothing.
     */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    private static final String BEARER = "Bearer ";

    private final JWKSet keys;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /** An authorizer for tokens of {@code issuer} with {@code audience}, signed by a key of {@code keys}. */
    public JwtAuthorizer(JWKSet keys, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new TokenClaimsChecks(issuer, audience, clock));
    }

    /** The authorizer that accepts the tokens {@code issuer} mints, and no others. */
    public static JwtAuthorizer trusting(LocalIssuer issuer) {
        return new JwtAuthorizer(issuer.jwks(), issuer.issuer(), issuer.audience(), Clock.systemUTC());
    }

    @Override
    public AuthorizerDecision authorize(Headers requestHeaders) {
        List<String> values = requestHeaders.get("Authorization");
        if (values == null || values.isEmpty()) {
            return TokenRejection.NO_TOKEN.refusal();
        }
        // Sent twice, API Gateway joins the values with a comma: no token has one.
        String token = withoutScheme(String.join(",", values).strip());
        if (token.length() > MAX_TOKEN_CHARS) {
            return TokenRejection.TOO_LARGE.refusal();
        }
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT signed)) {
                // alg "none" (a PlainJWT), or an encrypted token: neither is signed.
                return (parsed.getHeader().getAlgorithm().getName().equals("none")
                        ? TokenRejection.ALGORITHM_NOT_ALLOWED : TokenRejection.MALFORMED).refusal();
            }
            JWSHeader header = signed.getHeader();
            if (!ALGORITHMS.contains(header.getAlgorithm())) {
                return TokenRejection.ALGORITHM_NOT_ALLOWED.refusal();
            }
            if (header.getKeyID() == null || keys.getKeyByKeyId(header.getKeyID()) == null) {
                return TokenRejection.UNKNOWN_KEY.refusal();
            }
            processor.process(signed, null);
            return new AuthorizerDecision.Allowed(JwtAuthorizerContext.of(signed.getPayload().toJSONObject()));
        } catch (TokenClaimsChecks.ClaimRejected e) {
            return e.reason().refusal();
        } catch (BadJWSException e) {
            return TokenRejection.BAD_SIGNATURE.refusal();
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            // Not JSON, not base64url, claims of the wrong type: nothing a signed JWT would be.
            return TokenRejection.MALFORMED.refusal();
        }
    }

    /** The identity source "can include only the token, or the token prefixed with Bearer" (AWS). */
    private static String withoutScheme(String value) {
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? value.substring(BEARER.length()).strip() : value;
    }
}
