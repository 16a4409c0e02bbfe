package io.stateapi.local.auth;

import static io.stateapi.local.auth.GatewayClient.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.stateapi.local.LocalGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every token attack is refused by the gateway exactly as API Gateway's JWT authorizer refuses
 * it (401, {@code {"message":"Unauthorized"}}, {@code www-authenticate}), and the function never
 * sees the request.
 */
class TokenAttacksTest {

    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final TokenGrant GRANT = TokenGrant.of("acme", "state:read state:write");

    private final RecordingHandler function = new RecordingHandler();
    private LocalGateway gateway;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(ISSUER));
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void aTokenWhosePayloadWasChangedAfterSigningIsRefused() {
        String[] parts = ISSUER.token(GRANT).split("\\.");
        JWTClaimsSet otherTenant = new JWTClaimsSet.Builder(ISSUER.claims(GRANT)).claim("tenant", "victim").build();
        String forged = parts[0] + "." + Base64URL.encode(otherTenant.toString()) + "." + parts[2];

        isRefused(withToken(forged), TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void anUnsignedTokenWithAlgNoneIsRefused() {
        String unsigned = new PlainJWT(ISSUER.claims(GRANT)).serialize();

        isRefused(withToken(unsigned), TokenRejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void aTokenSignedHs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        byte[] publicKey = ISSUER.jwks().getKeys().getFirst().toRSAKey().toRSAPublicKey().getEncoded();
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(ISSUER.keyId()).type(JOSEObjectType.JWT).build(), ISSUER.claims(GRANT));
        confused.sign(new MACSigner(publicKey));

        isRefused(withToken(confused.serialize()), TokenRejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        String expired = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(GRANT))
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(10)))).build());

        isRefused(withToken(expired), TokenRejection.EXPIRED);
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        String early = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(GRANT))
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build());

        isRefused(withToken(early), TokenRejection.NOT_YET_VALID);
    }

    @Test
    void aTokenOfAnotherIssuerSignedWithTheTrustedKeyIsRefused() {
        String foreign = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(GRANT)).issuer("https://evil.example").build());

        isRefused(withToken(foreign), TokenRejection.WRONG_ISSUER);
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedWithTheDescriptionAwsDocuments() {
        String elsewhere = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(GRANT)).audience("another-api").build());

        HttpResponse<String> response = withToken(elsewhere);

        isRefused(response, TokenRejection.WRONG_AUDIENCE);
        assertThat(response.headers().firstValue("www-authenticate")).contains(
                "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"");
    }

    @Test
    void aTokenSignedWithAKeyTheGatewayDoesNotKnowIsRefused() {
        String stranger = LocalIssuer.inMemory().token(GRANT);

        isRefused(withToken(stranger), TokenRejection.UNKNOWN_KEY);
    }

    @Test
    void aValidTokenInTheQueryStringIsIgnored() {
        String token = ISSUER.token(GRANT);

        isRefused(GatewayClient.get(gateway.endpoint(), PATH + "?access_token=" + token), TokenRejection.NO_TOKEN);
        isRefused(GatewayClient.get(gateway.endpoint(), PATH + "?Authorization=Bearer%20" + token), TokenRejection.NO_TOKEN);
    }

    @Test
    void aValidlySigned100KbTokenIsRefusedForItsSizeAlone() {
        String huge = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(GRANT)).claim("padding", "x".repeat(100_000)).build());
        assertThat(huge.length()).isGreaterThan(100_000);

        isRefused(withToken(huge), TokenRejection.TOO_LARGE);
    }

    @Test
    void aRequestWithoutAnAuthorizationHeaderIsRefused() {
        HttpResponse<String> response = GatewayClient.get(gateway.endpoint(), PATH);

        isRefused(response, TokenRejection.NO_TOKEN);
        assertThat(response.headers().firstValue("www-authenticate")).contains("Bearer");
    }

    @Test
    void credentialsOfAnotherSchemeAreRefused() {
        String token = ISSUER.token(GRANT);

        isRefused(GatewayClient.get(gateway.endpoint(), PATH, "Authorization",
                "Basic " + Base64URL.encode("acme:secret".getBytes(StandardCharsets.UTF_8))), TokenRejection.MALFORMED);
        isRefused(GatewayClient.get(gateway.endpoint(), PATH, "Authorization", "Token " + token), TokenRejection.MALFORMED);
    }

    @Test
    void aTokenSentTwiceIsRefused() {
        String token = ISSUER.token(GRANT);

        isRefused(GatewayClient.get(gateway.endpoint(), PATH,
                "Authorization", "Bearer " + token, "Authorization", "Bearer " + token), TokenRejection.MALFORMED);
    }

    private HttpResponse<String> withToken(String token) {
        return GatewayClient.getWithToken(gateway.endpoint(), token);
    }

    /** API Gateway's answer (ADR 0014), and the function never called. */
    private void isRefused(HttpResponse<String> response, TokenRejection reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("www-authenticate")).contains(reason.challenge());
        assertThat(function.events()).as("events the function was handed").isEmpty();
    }
}
