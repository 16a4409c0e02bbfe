package io.stateapi.local.auth;

import static io.stateapi.local.auth.GatewayClient.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.nimbusds.jwt.JWTClaimsSet;
import io.stateapi.local.LocalGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A valid token reaches the function, with {@code requestContext.authorizer.jwt} written as API
 * Gateway writes it in a payload 2.0 event: every claim as a string, the scopes from {@code scope}.
 */
class ValidTokensTest {

    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();

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
    void aValidTokenReachesTheFunctionWithItsClaimsAndScopes() {
        JWTClaimsSet claims = ISSUER.claims(TokenGrant.of("acme", "state:read state:write").withNamespaces("orders cart-*"));

        HttpResponse<String> response = GatewayClient.getWithToken(gateway.endpoint(), ISSUER.sign(claims));

        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = onlyEvent().getRequestContext().getAuthorizer().getJwt();
        assertThat(jwt.getClaims()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "iss", LocalIssuer.ISSUER,
                "aud", "state-api",
                "tenant", "acme",
                "scope", "state:read state:write",
                "namespaces", "orders cart-*",
                "iat", Long.toString(claims.getIssueTime().toInstant().getEpochSecond()),
                "nbf", Long.toString(claims.getNotBeforeTime().toInstant().getEpochSecond()),
                "exp", Long.toString(claims.getExpirationTime().toInstant().getEpochSecond())));
        assertThat(jwt.getScopes()).containsExactly("state:read", "state:write");
    }

    @Test
    void claimsThatAreNotStringsArriveAsApiGatewayWritesThem() {
        String token = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(TokenGrant.of("acme", "state:read")))
                .claim("groups", List.of("admins", "ops"))
                .claim("level", 3)
                .claim("verified", true)
                .build());

        assertThat(GatewayClient.getWithToken(gateway.endpoint(), token).statusCode()).isEqualTo(200);

        assertThat(onlyEvent().getRequestContext().getAuthorizer().getJwt().getClaims())
                .containsEntry("groups", "[admins ops]")
                .containsEntry("level", "3")
                .containsEntry("verified", "true");
    }

    @Test
    void aTokenWithoutScopeArrivesWithoutScopes() {
        String token = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(TokenGrant.of("acme", ""))).claim("scope", null).build());

        assertThat(GatewayClient.getWithToken(gateway.endpoint(), token).statusCode()).isEqualTo(200);

        assertThat(onlyEvent().getRequestContext().getAuthorizer().getJwt().getScopes()).isNull();
    }

    @Test
    void theTokenMayBeSentWithoutTheBearerPrefixAsApiGatewayAllows() {
        String token = ISSUER.token("acme", "state:read");

        assertThat(GatewayClient.get(gateway.endpoint(), PATH, "Authorization", token).statusCode()).isEqualTo(200);
        assertThat(GatewayClient.get(gateway.endpoint(), PATH, "Authorization", "bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void theFunctionStillSeesTheAuthorizationHeader() {
        String token = ISSUER.token("acme", "state:read");

        GatewayClient.getWithToken(gateway.endpoint(), token);

        assertThat(onlyEvent().getHeaders()).containsEntry("authorization", "Bearer " + token);
    }

    @Test
    void aTokenWhoseNotBeforeIsWithinTheClockSkewIsAccepted() {
        Instant soon = Instant.now().plus(TokenClaimsChecks.CLOCK_SKEW).minus(Duration.ofSeconds(15));
        String token = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(TokenGrant.of("acme", "state:read")))
                .notBeforeTime(Date.from(soon)).build());

        assertThat(GatewayClient.getWithToken(gateway.endpoint(), token).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenWithoutAudienceIsAcceptedWhenItsClientIdIsTheAudience() {
        String token = ISSUER.sign(new JWTClaimsSet.Builder(ISSUER.claims(TokenGrant.of("acme", "state:read")))
                .audience((String) null).claim("client_id", LocalIssuer.AUDIENCE).build());

        assertThat(GatewayClient.getWithToken(gateway.endpoint(), token).statusCode()).isEqualTo(200);
    }

    private APIGatewayV2HTTPEvent onlyEvent() {
        assertThat(function.events()).hasSize(1);
        return function.events().getFirst();
    }
}
