package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.function.BinaryTypeConfiguration;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPResponseServletResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The controllers that parse their own JSON read the body exactly as API Gateway delivered it. */
class RawBodiesTest {

    private static HttpRequest<?> fromApiGateway(String body, boolean base64Encoded) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/namespaces/orders")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("PUT").withPath("/v1/namespaces/orders").build())
                        .build())
                .withBody(body)
                .withIsBase64Encoded(base64Encoded)
                .build();
        APIGatewayV2HTTPResponseServletResponse<Object> response =
                new APIGatewayV2HTTPResponseServletResponse<>(ConversionService.SHARED, new BinaryTypeConfiguration()) {
                };
        // The body builder parses bodies Micronaut binds; a raw read never calls it.
        return new APIGatewayV2HTTPEventServletRequest<>(event, response, ConversionService.SHARED, null);
    }

    @Test
    void theBodyIsTheBytesTheClientSent() {
        String sent = "{\"maxValueBytes\": 1024, \"note\": \"caf\u00e9\"}";

        assertThat(RawBodies.body(fromApiGateway(sent, false))).isEqualTo(sent.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyApiGatewayDeliveredInBase64IsDecoded() {
        byte[] sent = "{\"schema\": {}}".getBytes(StandardCharsets.UTF_8);

        assertThat(RawBodies.body(fromApiGateway(Base64.getEncoder().encodeToString(sent), true))).isEqualTo(sent);
    }

    @Test
    void aRequestWithoutABodyHasNone() {
        assertThat(RawBodies.body(fromApiGateway(null, false))).isNull();
    }

    @Test
    void aJsonResponseCarriesTheDocumentAsApplicationJson() {
        byte[] document = "{\"name\":\"orders\"}".getBytes(StandardCharsets.UTF_8);

        MutableHttpResponse<byte[]> response = RawBodies.json(HttpResponse.ok(), document);

        assertThat(response.getContentType()).contains(MediaType.APPLICATION_JSON_TYPE);
        assertThat(response.body()).isEqualTo(document);
    }
}
