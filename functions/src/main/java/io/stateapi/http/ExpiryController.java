package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.stateapi.domain.ExpiryService;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.tenancy.Caller;

/**
 * {@code PUT /v1/namespaces/{ns}/expiry/{key}}: sets or clears the expiry of a key's value
 * without rewriting it (ADR 0034), and answers with the key's representation. Translates HTTP to
 * {@link ExpiryService} and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/expiry")
public class ExpiryController {

    private final ExpiryService expiry;

    public ExpiryController(ExpiryService expiry) {
        this.expiry = expiry;
    }

    @Put(uri = "/{+key}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> change(Caller caller, HttpRequest<?> request,
                                       @PathVariable String namespace,
                                       @PathVariable String key,
                                       @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                       @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                       @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        Key k = KeyPaths.of(request, "expiry", key);
        ExpiryRequest change = ExpiryRequest.parse(body);
        WriteResult result = expiry.changeExpiry(caller, Namespace.of(namespace), k, change.ttl(),
                EntityTags.precondition(ifMatch, ifNoneMatch), IdempotencyKeyHeader.of(request));
        return KeyResponses.replayed(KeyResponses.representation(HttpResponse.ok(), result.record()),
                result.replayed());
    }
}
