package io.stateapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.stateapi.local.auth.GatewayAuthorizer;
import io.stateapi.local.auth.JwtAuthorizer;
import io.stateapi.local.auth.LocalIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the local gateway hands the function, and what it answers itself, like API Gateway.
 * (How it authorizes requests: {@code io.stateapi.local.auth}.)
 */
class LocalGatewayTest {

    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final JwtAuthorizer AUTHORIZER = JwtAuthorizer.trusting(ISSUER);
    private static final String TOKEN = ISSUER.token("acme", "state:read");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final List<APIGatewayV2HTTPEvent> seen = new CopyOnWriteArrayList<>();

    private APIGatewayV2HTTPResponse echo(APIGatewayV2HTTPEvent event) {
        seen.add(event);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
    }

    private static HttpResponse<String> get(LocalGateway gateway, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void decodingAsHttpApisDoPutsTheDecodedPathInRawPathAndTheRequestContext() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> echo(e), 0, PathDecoding.HTTP_API, AUTHORIZER)) {
            assertThat(get(gateway, "/k/a%252Fb%20c?consistency=strong").statusCode()).isEqualTo(204);
        }
        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(event.getRawPath()).isEqualTo("/k/a/b c");
            assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo("/k/a/b c");
            assertThat(event.getRawQueryString()).isEqualTo("consistency=strong");
        });
    }

    @Test
    void asSentHandsThePathOverUnchanged() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> echo(e), 0, AUTHORIZER)) {
            assertThat(gateway.paths()).isEqualTo(PathDecoding.AS_SENT);
            assertThat(get(gateway, "/k/a%252Fb%20c").statusCode()).isEqualTo(204);
        }
        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(event.getRawPath()).isEqualTo("/k/a%252Fb%20c");
            assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo("/k/a%252Fb%20c");
        });
    }

    @Test
    void aPathHttpApisCannotDecodeIsAnsweredByTheGatewayAndNeverReachesTheFunction() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> echo(e), 0, PathDecoding.HTTP_API, AUTHORIZER)) {
            HttpResponse<String> response = get(gateway, "/k/100%25done");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"message\":\"Bad Request\"}");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void everyAnswerNamesItsRequestInApigwRequestIdAsApiGatewayDoes() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> echo(e), 0, PathDecoding.HTTP_API, AUTHORIZER)) {
            HttpResponse<String> answered = get(gateway, "/k/a");
            HttpResponse<String> refusedByTheGateway = CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/k/a"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answered.headers().firstValue("apigw-requestid"))
                    .hasValue(seen.getFirst().getRequestContext().getRequestId());
            assertThat(refusedByTheGateway.statusCode()).isEqualTo(401);
            assertThat(refusedByTheGateway.headers().firstValue("apigw-requestid")).hasValueSatisfying(id ->
                    assertThat(id).isNotBlank().isNotEqualTo(answered.headers().firstValue("apigw-requestid").orElseThrow()));
        }
    }

    @Test
    void aRouteWithoutAnAuthorizerHandsTheFunctionNoAuthorizerContext() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> echo(e), 0, GatewayAuthorizer.none())) {
            assertThat(get(gateway, "/k/x").statusCode()).isEqualTo(204);
        }
        assertThat(seen).singleElement().satisfies(event -> assertThat(event.getRequestContext().getAuthorizer()).isNull());
    }

    @Test
    void aHandlerThatThrowsIsAnswered500AsApiGatewayDoes() throws Exception {
        try (LocalGateway gateway = LocalGateway.start((e, c) -> {
            throw new IllegalStateException("the handler failed");
        }, 0, AUTHORIZER)) {
            HttpResponse<String> response = get(gateway, "/k/x");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }
}
