package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.cli.RegistryCli;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.PathDecoding;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a registration made through the admin routes does to an IAM caller (ADR 0018): the api
 * function is fed API Gateway events whose authorizer verdict is a SigV4 principal
 * ({@code requestContext.authorizer.iam.userArn}), as an HTTP API with IAM authorization
 * delivers them. The registrations go through the local gateway with an operator's token, into
 * the catalog table the function reads. No default tenant is configured: an unregistered
 * principal is refused.
 */
class RegisteredPrincipalsTest {

    private static final String[] AS_OPERATOR =
            {"Authorization", "Bearer " + TestStack.issuer().token(TokenGrant.of("ops", "state:operator"))};

    private static ApiFunction function;
    /** The function as the CDK app configures it behind API Gateway, which decodes the path first. */
    private static ApiFunction decodingFunction;

    private final Http http = new Http(TestStack.shared().api());
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "iam-" + id;
    private final String roleName = "orders-" + id;
    private final String role = "arn:aws:iam::123456789012:role/" + roleName;
    private final String session = "arn:aws:sts::123456789012:assumed-role/" + roleName + "/i-0abc" + id;
    private final String granted = TestStack.uniqueNamespace("iam");
    private final String ungranted = TestStack.uniqueNamespace("iam");

    @BeforeAll
    static void startFunctions() {
        TestStack stack = TestStack.shared();
        function = ApiFunction.withProperties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES));
        decodingFunction = ApiFunction.withProperties(LocalStack.functionProperties(stack.emulatorEndpoint(),
                TestStack.RESOURCES, PathDecoding.HTTP_API));
    }

    @AfterAll
    static void stopFunctions() {
        function.close();
        decodingFunction.close();
    }

    private void register(String principal, String body) {
        assertThat(http.put(PrincipalsAdminEndToEndTest.path(principal), body, AS_OPERATOR).statusCode()).isIn(200, 201);
    }

    @Test
    void aPrincipalRegisteredThroughTheAdminRouteReachesItsTenantsGrantedNamespacesOnly() {
        register(role, "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\",\"state:write\"],"
                + "\"namespaces\":[\"" + granted + "\",\"grp-" + id + "-*\"]}");

        assertThat(send(function, "PUT", keyPath(granted), "{\"value\":{\"n\":1}}", iam(session)).getStatusCode())
                .isEqualTo(201);
        assertThat(send(function, "PUT", keyPath("grp-" + id + "-eu"), "{\"value\":2}", iam(session)).getStatusCode())
                .isEqualTo(201);
        APIGatewayV2HTTPResponse refused = send(function, "PUT", keyPath(ungranted), "{\"value\":3}", iam(session));

        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(json(refused).get("type").asText()).endsWith("/forbidden");
        assertThat(stored(tenant, granted)).isTrue();
        assertThat(stored(tenant, ungranted)).isFalse();
        String tenantToken = "Bearer " + TestStack.issuer().token(TokenGrant.of(tenant, "state:read"));
        HttpResponse<String> read = http.get(Http.keyPath(granted, "k"), "Authorization", tenantToken);
        assertThat(read.statusCode()).as("the tenant's JWT callers see what its IAM principal wrote").isEqualTo(200);
        assertThat(Http.json(read).get("value").get("n").asInt()).isEqualTo(1);
        assertThat(http.get(Http.keyPath(granted, "k")).statusCode())
                .as("another tenant's namespace of the same name").isEqualTo(404);
    }

    @Test
    void aChangedRegistrationAppliesToThePrincipalsNextRequest() {
        register(role, "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\",\"state:write\"]}");
        assertThat(send(function, "PUT", keyPath(granted), "{\"value\":1}", iam(session)).getStatusCode()).isEqualTo(201);

        register(role, "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\"]}");

        assertThat(send(function, "PUT", keyPath(granted), "{\"value\":2}", iam(session)).getStatusCode()).isEqualTo(403);
        assertThat(send(function, "GET", keyPath(granted), null, iam(session)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aRemovedRegistrationNoLongerAdmitsThePrincipal() {
        register(role, "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\",\"state:write\"]}");
        assertThat(send(function, "PUT", keyPath(granted), "{\"value\":1}", iam(session)).getStatusCode()).isEqualTo(201);

        assertThat(http.delete(PrincipalsAdminEndToEndTest.path(role), AS_OPERATOR).statusCode()).isEqualTo(204);

        APIGatewayV2HTTPResponse refused = send(function, "GET", keyPath(granted), null, iam(session));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(json(refused).get("detail").asText()).contains(role);
    }

    @Test
    void anOperatorRegisteredWithoutATenantOperatesTheRegistryOverIam() {
        String operator = "arn:aws:iam::123456789012:role/operators-" + id;
        register(operator, "{\"scopes\":[\"state:operator\"]}");
        register(role, "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\"]}");
        Authorizer asOperator = iam("arn:aws:sts::123456789012:assumed-role/operators-" + id + "/alice");

        APIGatewayV2HTTPResponse listed = send(function, "GET", "/v1/admin/principals?tenant=" + tenant, null, asOperator);

        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(json(listed).get("principals").get(0).get("principal").asText()).isEqualTo(role);
        assertThat(send(function, "GET", keyPath(granted), null, asOperator).getStatusCode())
                .as("an operator of no tenant reaches no tenant's data").isEqualTo(403);
    }

    /**
     * Bootstrap: before any principal holds state:operator, an operator with write access to the
     * catalog table registers the first one with the CLI; that principal then uses the admin routes.
     */
    @Test
    void theFirstOperatorIsRegisteredWithTheCliAndThenManagesTheRegistryOverIam() {
        String operator = "arn:aws:iam::123456789012:role/bootstrap-" + id;
        CommandLine cli = RegistryCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        Authorizer asOperator = iam("arn:aws:sts::123456789012:assumed-role/bootstrap-" + id + "/alice");
        String body = "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\"]}";
        assertThat(send(function, "PUT", PrincipalsAdminEndToEndTest.path(role), body, asOperator).getStatusCode())
                .as("not yet an operator").isEqualTo(403);

        assertThat(cli.execute("register", "--principal", operator, "--scopes", "state:operator",
                "--env", "test", "--endpoint", TestStack.shared().emulatorEndpoint().toString())).isZero();

        assertThat(send(function, "PUT", PrincipalsAdminEndToEndTest.path(role), body, asOperator).getStatusCode())
                .isEqualTo(201);
        assertThat(send(function, "GET", keyPath(granted), null, iam(session)).getStatusCode())
                .as("the principal the operator registered reads its tenant's (empty) namespace").isEqualTo(404);
    }

    /** Behind API Gateway the function gets the ARN decoded, its '/' among the path's. */
    @Test
    void theArnInAPathApiGatewayDecodedNamesThePrincipal() {
        Authorizer operator = Authorizer.builder().withJwt(Authorizer.JWT.builder()
                .withClaims(Map.of("sub", "ops", "scope", "state:operator"))
                .withScopes(List.of("state:operator")).build()).build();
        String body = "{\"tenant\":\"" + tenant + "\",\"scopes\":[\"state:read\"]}";

        APIGatewayV2HTTPResponse created = send(decodingFunction, "PUT", "/v1/admin/principals/" + session, body, operator);
        APIGatewayV2HTTPResponse read = send(decodingFunction, "GET", "/v1/admin/principals/" + role, null, operator);

        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(json(created).get("principal").asText()).isEqualTo(role);
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(send(decodingFunction, "GET", keyPath(granted), null, iam(session)).getStatusCode())
                .as("the principal has read on every namespace of its tenant; this one is empty").isEqualTo(404);
    }

    private static String keyPath(String namespace) {
        return "/v1/namespaces/" + namespace + "/keys/k";
    }

    private static Authorizer iam(String userArn) {
        return Authorizer.builder().withIam(IAM.builder().withUserArn(userArn).withAccountId("123456789012")
                .withCallerId("AROAEXAMPLE:session").build()).build();
    }

    /** An API Gateway HTTP API (payload 2.0) event for {@code target} (a path with an optional query). */
    private static APIGatewayV2HTTPResponse send(ApiFunction to, String method, String target, String body,
                                                 Authorizer authorizer) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-key.json");
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        event.setRawQueryString(q < 0 ? "" : target.substring(q + 1));
        Map<String, String> parameters = new HashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        event.setQueryStringParameters(parameters.isEmpty() ? null : parameters);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("accept", "application/json");
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.getRequestContext().setAuthorizer(authorizer);
        return to.handleRequest(event, new LocalContext());
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        String text = response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
        return StateJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean stored(String tenant, String namespace) {
        Map<String, AttributeValue> item = TestStack.shared().dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.tableName())
                .key(StateItem.key(TenantNamespace.of(tenant, namespace), Key.of("k"))).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }
}
