package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpApiTest {

    private static final String ROUTE = "AWS::ApiGatewayV2::Route";

    private static List<Map<String, Object>> routes(Synthesized s) {
        return s.resources(ROUTE).values().stream().map(Synthesized::properties).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void isAnHttpApiNamedForTheEnvironment(String env) {
        Map<String, Object> api = properties(Synthesized.of(env).only("AWS::ApiGatewayV2::Api"));

        assertThat(api.get("ProtocolType")).isEqualTo("HTTP");
        assertThat(api.get("Name")).isEqualTo(StateApiResources.forEnvironment(env).httpApiName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void hasARouteForEveryEndpointAndNoOther(String env) {
        assertThat(routes(Synthesized.of(env))).extracting(r -> r.get("RouteKey"))
                .containsExactlyInAnyOrder(
                        "GET /health",
                        "GET /v1/namespaces/{namespace}/keys/{key+}",
                        "PUT /v1/namespaces/{namespace}/keys/{key+}",
                        "PATCH /v1/namespaces/{namespace}/keys/{key+}",
                        "DELETE /v1/namespaces/{namespace}/keys/{key+}",
                        "POST /v1/namespaces/{namespace}/keys/{key+}",
                        "GET /v1/namespaces/{namespace}/keys",
                        "GET /v1/namespaces/{namespace}/changes",
                        "GET /v1/namespaces/{namespace}/changes/snapshot",
                        "GET /v1/namespaces/{namespace}/subscriptions",
                        "POST /v1/namespaces/{namespace}/subscriptions",
                        "GET /v1/namespaces/{namespace}/subscriptions/{subscription}",
                        "DELETE /v1/namespaces/{namespace}/subscriptions/{subscription}",
                        "POST /v1/transactions",
                        "POST /v1/namespaces/{namespace}/counters/{key+}",
                        "PUT /v1/namespaces/{namespace}/expiry/{key+}",
                        "GET /v1/namespaces",
                        "GET /v1/namespaces/{namespace}",
                        "PUT /v1/namespaces/{namespace}",
                        "DELETE /v1/namespaces/{namespace}",
                        "GET /v1/namespaces/{namespace}/purge",
                        "GET /v1/namespaces/{namespace}/schemas",
                        "GET /v1/namespaces/{namespace}/schemas/{version}",
                        "PUT /v1/namespaces/{namespace}/schemas/{version}",
                        "POST /v1/namespaces/{namespace}/schemas/{version}/backfill",
                        "GET /v1/namespaces/{namespace}/schemas/{version}/backfill",
                        "DELETE /v1/namespaces/{namespace}/schemas/{version}/backfill",
                        "POST /v1/namespaces/{namespace}/batch-get",
                        "GET /v1/admin/principals",
                        "GET /v1/admin/principals/{principal+}",
                        "PUT /v1/admin/principals/{principal+}",
                        "DELETE /v1/admin/principals/{principal+}");
    }

    /** A route without an authorizer would hand the function requests nobody vouched for (ADR 0013). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyRouteHasTheEnvironmentsAuthorizer(String env) {
        Synthesized s = Synthesized.of(env);
        String authorizerType = EnvironmentConfig.named(env).authentication() instanceof Authentication.Jwt ? "JWT" : "AWS_IAM";

        assertThat(routes(s)).hasSize(ApiRoutes.ALL.size()).allSatisfy(route -> {
            assertThat(route.get("AuthorizationType")).isEqualTo(authorizerType);
            if (authorizerType.equals("JWT")) {
                assertThat(route.get("AuthorizerId")).isEqualTo(Synthesized.ref(
                        s.resources("AWS::ApiGatewayV2::Authorizer").keySet().iterator().next()));
            }
        });
    }

    // which authorizer each environment has, and how the context changes it: AuthenticationTest

    @Test
    void withAJwtIssuerEveryRouteRequiresAJwtForTheAudience() {
        Synthesized s = Synthesized.prodWithAllOptions();
        String authorizerId = s.resources("AWS::ApiGatewayV2::Authorizer").keySet().iterator().next();

        assertThat(s.props(authorizerId)).containsEntry("AuthorizerType", "JWT")
                .containsEntry("IdentitySource", List.of("$request.header.Authorization"))
                .containsEntry("JwtConfiguration", Map.of(
                        "Issuer", "https://issuer.example.com/",
                        "Audience", List.of("state-api", "state-api-admin")));
        assertThat(routes(s)).hasSize(ApiRoutes.ALL.size()).allSatisfy(route -> {
            assertThat(route.get("AuthorizationType")).isEqualTo("JWT");
            assertThat(route.get("AuthorizerId")).isEqualTo(Synthesized.ref(authorizerId));
        });
    }

    /** Without configured origins and without the console (dev is IAM; console=false), no CORS at all. */
    @Test
    void corsIsOffUnlessConfiguredOrTheConsoleIsDeployed() {
        for (Synthesized s : List.of(Synthesized.of("dev"), Synthesized.prodWithoutConsole(), Synthesized.prodWithIam())) {
            assertThat(properties(s.only("AWS::ApiGatewayV2::Api"))).doesNotContainKey("CorsConfiguration");
        }
    }

    @Test
    void corsAllowsOnlyTheConfiguredOriginsAndTheConsoles() {
        Map<String, Object> api = properties(Synthesized.prodWithAllOptions().only("AWS::ApiGatewayV2::Api"));
        Map<String, Object> cors = properties(Map.of("Properties", api.get("CorsConfiguration")));

        assertThat(cors).containsEntry("AllowMethods", List.of("GET", "PUT", "PATCH", "DELETE", "POST"));
        assertThat(cors.get("AllowOrigins")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .hasSize(2).first().isEqualTo("https://app.example.com");
        assertThat(((List<?>) cors.get("AllowOrigins")).get(1).toString()).contains("ConsoleDistribution");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void routesInvokeTheApiFunctionsAliasWithPayloadFormat2(String env) {
        Synthesized s = Synthesized.of(env);
        String alias = s.resources("AWS::Lambda::Alias").keySet().iterator().next();
        Map<String, Object> integration = properties(s.only("AWS::ApiGatewayV2::Integration"));

        assertThat(integration).containsEntry("IntegrationType", "AWS_PROXY")
                .containsEntry("PayloadFormatVersion", "2.0")
                .containsEntry("IntegrationUri", Synthesized.ref(alias));
        // every other permission is the expiry sweeper's schedule (ExpirySweepTest)
        assertThat(s.resources("AWS::Lambda::Permission").values()).map(Synthesized::properties)
                .filteredOn(p -> !"events.amazonaws.com".equals(p.get("Principal")))
                .hasSize(ApiRoutes.ALL.size())
                .allSatisfy(p -> assertThat(p).containsEntry("FunctionName", Synthesized.ref(alias))
                        .containsEntry("Principal", "apigateway.amazonaws.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void defaultStageIsThrottledPerEnvironment(String env) {
        Map<String, Object> stage = properties(Synthesized.of(env).only("AWS::ApiGatewayV2::Stage"));
        EnvironmentConfig.Throttle throttle = EnvironmentConfig.named(env).throttle();

        assertThat(stage).containsEntry("StageName", "$default").containsEntry("AutoDeploy", true);
        assertThat(stage.get("DefaultRouteSettings")).isEqualTo(Map.of(
                "ThrottlingRateLimit", throttle.rateLimit(),
                "ThrottlingBurstLimit", throttle.burstLimit()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void accessLogsAreJsonLinesInTheirOwnLogGroup(String env) throws Exception {
        Synthesized s = Synthesized.of(env);
        String logGroup = s.idOf("AWS::Logs::LogGroup", "LogGroupName",
                "/aws/apigateway/" + StateApiResources.forEnvironment(env).httpApiName() + "/access");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) properties(s.only("AWS::ApiGatewayV2::Stage"))
                .get("AccessLogSettings");

        assertThat(settings.get("DestinationArn")).isEqualTo(Synthesized.getAtt(logGroup, "Arn"));
        JsonNode line = JsonMapper.builder().build().readTree(settings.get("Format").toString());
        assertThat(line.isObject()).isTrue();
        assertThat(line.get("requestId").asText()).isEqualTo("$context.requestId");
        assertThat(line.get("status").asText()).isEqualTo("$context.status");
        assertThat(line.get("routeKey").asText()).isEqualTo("$context.routeKey");
        assertThat(line.get("integrationError").asText()).isEqualTo("$context.integrationErrorMessage");
    }
}
