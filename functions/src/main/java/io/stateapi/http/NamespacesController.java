package io.stateapi.http;

import static io.stateapi.http.RawBodies.body;
import static io.stateapi.http.RawBodies.json;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.namespaces.NamespaceCursor;
import io.stateapi.domain.namespaces.NamespaceService;
import io.stateapi.domain.namespaces.SettingsPut;
import io.stateapi.domain.tenancy.Caller;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/namespaces}: the caller's namespaces as a resource (ADR 0016). Translates HTTP to
 * {@link NamespaceService} calls and nothing more.
 */
@Controller("/v1/namespaces")
public class NamespacesController {

    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor");
    private static final Set<String> DELETE_PARAMETERS = Set.of("purge");
    private static final Pattern LIMIT = Pattern.compile("^[0-9]{1,3}$");

    private final NamespaceService service;

    public NamespacesController(NamespaceService service) {
        this.service = service;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(Caller caller, HttpRequest<?> request) {
        QueryParameters.only(request, LIST_PARAMETERS);
        String limit = request.getParameters().get("limit");
        String cursor = request.getParameters().get("cursor");
        return json(HttpResponse.ok(), NamespaceRepresentations.of(service.list(caller, limit(limit),
                cursor == null ? Optional.empty() : Optional.of(NamespaceCursor.parse(cursor)))));
    }

    @Get(uri = "/{namespace}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> describe(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), NamespaceRepresentations.of(service.describe(caller, Namespace.of(namespace))));
    }

    @Put(uri = "/{namespace}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> put(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace name = Namespace.of(namespace);
        byte[] body = body(request);
        SettingsPut put = service.put(caller, name, NamespaceSettingsRequest.parse(body),
                NamespaceSettingsRequest.schemaVersion(body));
        byte[] representation = NamespaceRepresentations.of(put.namespace());
        return switch (put) {
            case SettingsPut.Created created -> json(HttpResponse.status(HttpStatus.CREATED), representation)
                    .header(HttpHeaders.LOCATION, "/v1/namespaces/" + name.value());
            case SettingsPut.Changed changed -> json(HttpResponse.ok(), representation);
        };
    }

    /**
     * Deletes an empty namespace (204); with {@code ?purge=true}, starts deleting it with every key
     * in it (202, the purge's status, {@code Location} of the status; ADR 0019).
     */
    @Delete(uri = "/{namespace}")
    public HttpResponse<byte[]> delete(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, DELETE_PARAMETERS);
        Namespace name = Namespace.of(namespace);
        if (purge(request.getParameters().get("purge"))) {
            return json(HttpResponse.status(HttpStatus.ACCEPTED), NamespaceRepresentations.of(service.purge(caller, name)))
                    .header(HttpHeaders.LOCATION, "/v1/namespaces/" + name.value() + "/purge");
        }
        service.delete(caller, name);
        return HttpResponse.noContent();
    }

    /** Where the namespace's purge is: {@code running} or {@code done}, and how many keys it deleted. */
    @Get(uri = "/{namespace}/purge", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> purgeStatus(Caller caller, HttpRequest<?> request, @PathVariable String namespace) {
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), NamespaceRepresentations.of(service.purgeStatus(caller, Namespace.of(namespace))));
    }

    private static boolean purge(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("purge must be true or false");
    }

    private static int limit(String value) {
        if (value == null) {
            return NamespaceService.DEFAULT_PAGE_SIZE;
        }
        if (!LIMIT.matcher(value).matches()) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + NamespaceService.MAX_PAGE_SIZE);
        }
        return Integer.parseInt(value);
    }
}
