package io.stateapi.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.nio.charset.StandardCharsets;

/** Liveness of the function itself; it does not call DynamoDB, so it stays cheap. */
@Controller("/health")
public class HealthController {

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> health() {
        return HttpResponse.ok(UP).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
