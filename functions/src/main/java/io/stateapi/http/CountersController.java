package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.stateapi.domain.CounterService;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.tenancy.Caller;

/**
 * {@code POST /v1/namespaces/{ns}/counters/{key}}: adds {@code delta} to the key's integer value
 * (ADR 0034) and answers with the key's representation: 201 when the increment created the key
 * from 0, 200 otherwise. Translates HTTP to {@link CounterService} and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/counters")
public class CountersController {

    private final CounterService counters;

    public CountersController(CounterService counters) {
        this.counters = counters;
    }

    @Post(uri = "/{+key}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> increment(Caller caller, HttpRequest<?> request,
                                          @PathVariable String namespace,
                                          @PathVariable String key,
                                          @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                          @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                          @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace ns = Namespace.of(namespace);
        Key k = KeyPaths.of(request, "counters", key);
        IncrementRequest increment = IncrementRequest.parse(body);
        WriteResult result = counters.increment(caller, ns, k, increment.delta(),
                EntityTags.precondition(ifMatch, ifNoneMatch), IdempotencyKeyHeader.of(request));
        MutableHttpResponse<byte[]> response = result.created()
                ? KeyResponses.representation(HttpResponse.status(HttpStatus.CREATED), result.record())
                        .header(HttpHeaders.LOCATION, KeyPaths.location(ns, k))
                : KeyResponses.representation(HttpResponse.ok(), result.record());
        return KeyResponses.replayed(response, result.replayed());
    }
}
