package io.stateapi.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.stateapi.local.LocalGateway;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make token}'s main mints tokens that the stack keeping the same key accepts. */
class TokenCommandTest {

    @TempDir
    Path root;

    @Test
    void aTokenFromMakeTokenIsAcceptedByAGatewayUsingTheKeptKey() throws Exception {
        // What `make run` does first: create (or reuse) the key under the project root.
        LocalIssuer running = LocalIssuer.keptIn(IssuerKeyFile.underProjectRoot(root).path());
        RecordingHandler function = new RecordingHandler();

        String token = TokenCommand.token(List.of("--tenant", "acme", "--scopes", "state:read state:write",
                "--namespaces", "orders cart-*", "--lifetime", "30m"), root);

        try (LocalGateway gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(running))) {
            assertThat(GatewayClient.getWithToken(gateway.endpoint(), token).statusCode()).isEqualTo(200);
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt =
                function.events().getFirst().getRequestContext().getAuthorizer().getJwt();
        assertThat(jwt.getClaims()).containsEntry("tenant", "acme").containsEntry("namespaces", "orders cart-*");
        assertThat(jwt.getScopes()).containsExactly("state:read", "state:write");
        assertThat(Long.parseLong(jwt.getClaims().get("exp")) - Long.parseLong(jwt.getClaims().get("iat"))).isEqualTo(1800);
    }

    @Test
    void aKeyFileCanBeNamed() {
        Path keyFile = root.resolve("elsewhere/key.json");
        LocalIssuer running = LocalIssuer.keptIn(keyFile);

        String token = TokenCommand.token(List.of("--tenant", "acme", "--key-file", keyFile.toString()), Path.of("/nonexistent"));

        assertThat(JwtAuthorizer.trusting(running).authorize(LocalIssuerTest.bearer(token)))
                .isInstanceOf(AuthorizerDecision.Allowed.class);
    }

    @Test
    void withoutAKeptKeyItFailsSayingToStartTheStack() {
        assertThatThrownBy(() -> TokenCommand.token(List.of("--tenant", "acme"), root))
                .isInstanceOf(IssuerKeyFile.MissingKeyException.class)
                .hasMessageContaining("make run");
    }

    @Test
    void aTenantIsRequired() {
        LocalIssuer.keptIn(IssuerKeyFile.underProjectRoot(root).path());

        assertThatThrownBy(() -> TokenCommand.token(List.of("--scopes", "state:read"), root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TENANT=");
    }
}
