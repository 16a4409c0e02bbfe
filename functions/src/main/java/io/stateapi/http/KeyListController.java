package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.listing.KeyListingService;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.ListRequest;
import io.stateapi.domain.tenancy.Caller;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/namespaces/{ns}/keys}: a page of the namespace's keys by prefix (ADR 0026).
 * Translates HTTP to {@link KeyListingService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/keys")
public class KeyListController {

    private static final String PREFIX = "prefix";
    private static final Set<String> PARAMETERS = Set.of(PREFIX, "limit", "cursor", "values", "consistency");
    private static final Pattern LIMIT = Pattern.compile("^[0-9]{1,4}$");

    private final KeyListingService service;

    public KeyListController(KeyListingService service) {
        this.service = service;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(Caller caller, HttpRequest<?> request,
                                     @PathVariable String namespace) {
        if (request.getPath().endsWith("/")) {
            // The router takes ".../keys/" for ".../keys"; it names a key collection's empty key, not the collection.
            return Problems.forStatus(HttpStatus.NOT_FOUND, "no key in the path", request.getPath());
        }
        QueryParameters.only(request, PARAMETERS, Set.of(PREFIX));
        Namespace name = Namespace.of(namespace);
        ListRequest listRequest = new ListRequest(
                KeyPrefix.of(TextParameters.of(request, PREFIX).orElse("")),
                limit(request.getParameters().get("limit")),
                Optional.ofNullable(request.getParameters().get("cursor")),
                values(request.getParameters().get("values")),
                QueryParameters.consistency(request));
        return HttpResponse.ok(KeyListRepresentations.of(service.list(caller, name, listRequest)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static int limit(String value) {
        if (value == null) {
            return ListRequest.DEFAULT_LIMIT;
        }
        if (!LIMIT.matcher(value).matches()) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + ListRequest.MAX_LIMIT);
        }
        return Integer.parseInt(value);
    }

    private static boolean values(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("values must be true or false");
    }
}
