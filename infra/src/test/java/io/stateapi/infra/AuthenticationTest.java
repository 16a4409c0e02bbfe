package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * How callers authenticate, per environment (ADR 0015): dev is a single-tenant IAM deployment,
 * staging and prod take JWTs from the issuer and for the audience of their configuration, and
 * the deployer's context can override either. What the api function must know to find a
 * caller's tenant reaches it as environment variables.
 */
class AuthenticationTest {

    private static List<Map<String, Object>> routes(Synthesized s) {
        return s.resources("AWS::ApiGatewayV2::Route").values().stream().map(Synthesized::properties).toList();
    }

    private static Map<String, Object> apiEnvironment(Synthesized s) {
        return s.environmentOf(s.config().resources().apiFunctionName());
    }

    private static DeploymentOptions fromContext(Map<String, Object> context) {
        return DeploymentOptions.fromContext(new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void devIsASingleTenantIamDeployment() {
        Synthesized dev = Synthesized.of("dev");

        assertThat(dev.resources("AWS::ApiGatewayV2::Authorizer")).isEmpty();
        assertThat(routes(dev)).allSatisfy(route -> assertThat(route.get("AuthorizationType")).isEqualTo("AWS_IAM"));
        assertThat(apiEnvironment(dev))
                .containsEntry(StateApiResources.ENV_AUTH_DEFAULT_TENANT, "default")
                .doesNotContainKeys(StateApiResources.ENV_AUTH_TENANT_CLAIM, StateApiResources.ENV_AUTH_NAMESPACES_CLAIM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void stagingAndProdTakeJwtsFromTheIssuerAndForTheAudienceOfTheirConfiguration(String env) {
        Synthesized s = Synthesized.of(env);
        Authentication.Jwt jwt = (Authentication.Jwt) s.config().authentication();
        String authorizer = s.resources("AWS::ApiGatewayV2::Authorizer").keySet().iterator().next();

        assertThat(jwt.issuer()).contains(Synthesized.ISSUER);
        assertThat(s.props(authorizer)).containsEntry("AuthorizerType", "JWT")
                .containsEntry("IdentitySource", List.of("$request.header.Authorization"))
                .containsEntry("JwtConfiguration", Map.of("Issuer", Synthesized.ISSUER, "Audience", jwt.audience()));
        assertThat(routes(s)).hasSize(ApiRoutes.ALL.size()).allSatisfy(route -> {
            assertThat(route.get("AuthorizationType")).isEqualTo("JWT");
            assertThat(route.get("AuthorizerId")).isEqualTo(Synthesized.ref(authorizer));
        });
    }

    /** One identity provider may serve every environment: a token for staging must not open prod. */
    @Test
    void eachJwtEnvironmentHasItsOwnAudience() {
        Authentication.Jwt staging = (Authentication.Jwt) EnvironmentConfig.staging().authentication();
        Authentication.Jwt prod = (Authentication.Jwt) EnvironmentConfig.prod().authentication();

        assertThat(staging.audience()).containsExactly(StateApiResources.forEnvironment("staging").httpApiName());
        assertThat(prod.audience()).containsExactly(StateApiResources.forEnvironment("prod").httpApiName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void theApiFunctionLearnsWhichClaimsNameTheTenantAndItsNamespaces(String env) {
        Synthesized s = Synthesized.of(env);

        assertThat(apiEnvironment(s))
                .containsEntry(StateApiResources.ENV_AUTH_TENANT_CLAIM, "tenant")
                .containsEntry(StateApiResources.ENV_AUTH_NAMESPACES_CLAIM, "namespaces")
                .doesNotContainKey(StateApiResources.ENV_AUTH_DEFAULT_TENANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void aJwtEnvironmentWithoutAnIssuerDoesNotSynthesizeAndSaysHowToGiveOneOrChooseIam(String env) {
        EnvironmentConfig shipped = EnvironmentConfig.named(env);

        assertThatThrownBy(() -> StateApiApp.stack(new App(), shipped, Synthesized.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(env)
                .hasMessageContaining("-c jwtIssuer=")
                .hasMessageContaining("-c jwtAudience=" + shipped.resources().httpApiName())
                .hasMessageContaining("-c authorizer=iam");
    }

    @Test
    void theContextsIssuerAndAudienceReplaceTheConfigurationsAndKeepItsClaims() {
        Synthesized s = Synthesized.prodWithAllOptions();

        assertThat(s.props(s.resources("AWS::ApiGatewayV2::Authorizer").keySet().iterator().next()))
                .containsEntry("JwtConfiguration", Map.of("Issuer", "https://issuer.example.com/",
                        "Audience", List.of("state-api", "state-api-admin")));
        assertThat(apiEnvironment(s)).containsEntry(StateApiResources.ENV_AUTH_TENANT_CLAIM, "tenant");
    }

    @Test
    void aDeployerMayChooseIamWhereTheConfigurationSaysJwtAndTheRegistryThenNamesEveryTenant() {
        Synthesized s = Synthesized.prodWithIam();

        assertThat(s.resources("AWS::ApiGatewayV2::Authorizer")).isEmpty();
        assertThat(routes(s)).allSatisfy(route -> assertThat(route.get("AuthorizationType")).isEqualTo("AWS_IAM"));
        assertThat(apiEnvironment(s)).doesNotContainKeys(StateApiResources.ENV_AUTH_DEFAULT_TENANT,
                StateApiResources.ENV_AUTH_TENANT_CLAIM, StateApiResources.ENV_AUTH_NAMESPACES_CLAIM);
    }

    @Test
    void contextChoosesIamAndADefaultTenant() {
        DeploymentOptions options = fromContext(Map.of("authorizer", "iam", "defaultTenant", "acme"));

        assertThat(Authentication.resolve(EnvironmentConfig.prod(), options))
                .isEqualTo(new Authentication.Iam(Optional.of("acme")));
        assertThat(Authentication.resolve(EnvironmentConfig.dev(), fromContext(Map.of("defaultTenant", "acme"))))
                .isEqualTo(new Authentication.Iam(Optional.of("acme")));
    }

    @Test
    void aJwtIssuerInTheContextTurnsDevToJwtWithTheDefaultClaims() {
        DeploymentOptions options = fromContext(Map.of("jwtIssuer", "https://login.example.com/", "jwtAudience", "a"));

        assertThat(Authentication.resolve(EnvironmentConfig.dev(), options)).isEqualTo(new Authentication.Jwt(
                Optional.of("https://login.example.com/"), List.of("a"), "tenant", "namespaces"));
    }

    @Test
    void aDefaultTenantIsForIamDeploymentsOnly() {
        DeploymentOptions options = fromContext(Map.of("jwtIssuer", "https://login.example.com/", "jwtAudience", "a",
                "defaultTenant", "acme"));

        assertThatThrownBy(() -> Authentication.resolve(EnvironmentConfig.prod(), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTenant");
    }

    @Test
    void iamAndAJwtIssuerContradictEachOther() {
        DeploymentOptions options = fromContext(Map.of("jwtIssuer", "https://login.example.com/", "jwtAudience", "a",
                "authorizer", "iam"));

        assertThatThrownBy(() -> Authentication.resolve(EnvironmentConfig.prod(), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorizer=iam");
    }

    @Test
    void aDefaultTenantMustBeAValidTenantId() {
        assertThatThrownBy(() -> fromContext(Map.of("defaultTenant", "not a tenant")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Authentication.Iam(Optional.of("a#b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownAuthorizerIsRejected() {
        assertThatThrownBy(() -> fromContext(Map.of("authorizer", "none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iam").hasMessageContaining("jwt");
    }

    @Test
    void aJwtIssuerMustBeHttpsAndAJwtConfigurationNeedsAnAudience() {
        assertThatThrownBy(() -> new Authentication.Jwt(Optional.of("http://login.example.com/"), List.of("a"),
                "tenant", "namespaces")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new Authentication.Jwt(Optional.empty(), List.of(), "tenant", "namespaces"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience");
    }

    @Test
    void everyRouteStillHasAnAuthorizerWhateverTheChoice() {
        for (Synthesized s : List.of(Synthesized.of("dev"), Synthesized.of("prod"), Synthesized.prodWithIam())) {
            assertThat(routes(s)).isNotEmpty().allSatisfy(route ->
                    assertThat(route.get("AuthorizationType")).isIn("AWS_IAM", "JWT"));
        }
    }
}
