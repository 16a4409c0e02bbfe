package io.stateapi.local.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims API Gateway's JWT authorizer validates once a token's signature holds, in the
 * order AWS lists them: {@code iss} equals the issuer exactly; {@code aud} contains the
 * audience ({@code client_id} stands in only when there is no {@code aud}); {@code exp} is after
 * now; {@code nbf} and {@code iat}, when present, are not after now. The time checks allow
 * {@link #CLOCK_SKEW} either way (ADR 0014).
 */
final class TokenClaimsChecks implements JWTClaimsSetVerifier<SecurityContext> {

    /**
     * AWS documents no clock-skew tolerance for HTTP API JWT authorizers; this is nimbus's own
     * default ({@code DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS}), small next to
     * any token lifetime.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** A claim did not hold: the token is refused for {@link #reason()}. */
    static final class ClaimRejected extends BadJWTException {
        private final TokenRejection reason;

        ClaimRejected(TokenRejection reason) {
            super(reason.name());
            this.reason = reason;
        }

        TokenRejection reason() {
            return reason;
        }
    }

    private final String issuer;
    private final String audience;
    private final Clock clock;

    TokenClaimsChecks(String issuer, String audience, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws ClaimRejected {
        if (!issuer.equals(claims.getIssuer())) {
            throw new ClaimRejected(TokenRejection.WRONG_ISSUER);
        }
        if (!audiences(claims).contains(audience)) {
            throw new ClaimRejected(TokenRejection.WRONG_AUDIENCE);
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new ClaimRejected(TokenRejection.NO_EXPIRY);
        }
        if (!now.isBefore(expiry.toInstant().plus(CLOCK_SKEW))) {
            throw new ClaimRejected(TokenRejection.EXPIRED);
        }
        if (isAfter(claims.getNotBeforeTime(), now)) {
            throw new ClaimRejected(TokenRejection.NOT_YET_VALID);
        }
        if (isAfter(claims.getIssueTime(), now)) {
            throw new ClaimRejected(TokenRejection.ISSUED_IN_THE_FUTURE);
        }
    }

    /** AWS: "API Gateway validates client_id only if aud is not present." */
    private static List<String> audiences(JWTClaimsSet claims) {
        if (claims.getClaim("aud") != null) {
            return claims.getAudience();
        }
        try {
            String clientId = claims.getStringClaim("client_id");
            return clientId == null ? List.of() : List.of(clientId);
        } catch (ParseException notAString) {
            return List.of();
        }
    }

    private static boolean isAfter(Date claimed, Instant now) {
        return claimed != null && claimed.toInstant().isAfter(now.plus(CLOCK_SKEW));
    }
}
