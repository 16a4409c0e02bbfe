package io.stateapi.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.schemas.SchemaService;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.domain.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * {@code /v1/namespaces/{namespace}/schemas}: a namespace's schema versions (ADR 0052). Creating
 * version N ({@code PUT .../schemas/N}, the version after the latest) makes it the active one;
 * from version 2 it may come with its migration from N-1 (ADR 0057).
 * Translates HTTP to {@link SchemaService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/schemas")
public class SchemasController {

    private static final Pattern VERSION = Pattern.compile("^[1-9][0-9]{0,8}$");

    private final SchemaService service;

    public SchemasController(SchemaService service) {
        this.service = service;
    }

    @Put(uri = "/{version}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                       @PathVariable String version) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace name = Namespace.of(namespace);
        long number = version(version);
        SchemaRequest body = SchemaRequest.parse(body(request));
        ValueSchema created = service.create(caller, name, number, body.schema(), body.migration());
        return json(HttpResponse.status(HttpStatus.CREATED), SchemaRepresentations.of(created, true))
                .header(HttpHeaders.LOCATION, "/v1/namespaces/" + name.value() + "/schemas/" + created.version());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), SchemaRepresentations.of(service.list(caller, Namespace.of(namespace))));
    }

    @Get(uri = "/{version}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> describe(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                         @PathVariable String version) {
        QueryParameters.only(request, QueryParameters.NONE);
        SchemaService.SchemaListing.Described found = service.get(caller, Namespace.of(namespace), version(version));
        return json(HttpResponse.ok(), SchemaRepresentations.of(found.schema(), found.active()));
    }

    private static long version(String text) {
        if (text == null || !VERSION.matcher(text).matches()) {
            throw new InvalidRequestException("a schema version is a whole number from 1");
        }
        return Long.parseLong(text);
    }

    private static byte[] body(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet)) {
            return null;
        }
        try (InputStream body = servlet.getInputStream()) {
            return body.readAllBytes();
        } catch (IOException noBody) {
            return null;
        }
    }

    private static MutableHttpResponse<byte[]> json(MutableHttpResponse<byte[]> response, byte[] body) {
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
