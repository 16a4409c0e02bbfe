package io.stateapi.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.backfill.BackfillLedger;
import io.stateapi.domain.backfill.SchemaBackfillService;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * {@code /v1/namespaces/{namespace}/schemas/{version}/backfill}: the backfill that upgrades a
 * namespace's stored values to its active schema version (ADR 0058). Starting it answers 202 with
 * its status and {@code Location}; the housekeeping runs carry it out. Translates HTTP to
 * {@link SchemaBackfillService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/schemas/{version}/backfill")
public class BackfillController {

    private static final Pattern VERSION = Pattern.compile("^[1-9][0-9]{0,8}$");

    private final SchemaBackfillService service;

    public BackfillController(SchemaBackfillService service) {
        this.service = service;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> start(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                      @PathVariable String version) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace name = Namespace.of(namespace);
        long number = version(version);
        BackfillLedger.Started started = service.start(caller, name, number,
                BackfillRepresentations.request(body(request)));
        return HttpResponse.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(BackfillRepresentations.of(started.status()))
                .header(HttpHeaders.LOCATION, "/v1/namespaces/" + name.value() + "/schemas/" + number + "/backfill");
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> status(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                       @PathVariable String version) {
        QueryParameters.only(request, QueryParameters.NONE);
        return HttpResponse.ok(BackfillRepresentations.of(service.status(caller, Namespace.of(namespace), version(version))))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** Cancels it (the housekeeping stops at its next run); answers its status. */
    @Delete(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> cancel(Caller caller, HttpRequest<?> request, @PathVariable String namespace,
                                       @PathVariable String version) {
        QueryParameters.only(request, QueryParameters.NONE);
        return HttpResponse.ok(BackfillRepresentations.of(service.cancel(caller, Namespace.of(namespace), version(version))))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
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
}
