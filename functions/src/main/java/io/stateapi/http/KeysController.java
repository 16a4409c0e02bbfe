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
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateService;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.tenancy.Caller;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/namespaces/{ns}/keys/{key}}: read, write and delete one key. Translates HTTP
 * (paths, headers, status codes) to {@link StateService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/keys")
public class KeysController {

    private static final Set<String> READ_PARAMETERS = Set.of("consistency");

    private final StateService service;

    public KeysController(StateService service) {
        this.service = service;
    }

    @Get(uri = "/{+key}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(Caller caller, HttpRequest<?> request,
                                    @PathVariable String namespace,
                                    @PathVariable String key,
                                    @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        QueryParameters.only(request, READ_PARAMETERS);
        ReadConsistency consistency = consistency(request.getParameters().get("consistency"));
        StateRecord record = service.get(caller, Namespace.of(namespace), key(request, key), consistency);
        if (EntityTags.noneMatchFails(ifNoneMatch, record.version())) {
            return HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, EntityTags.of(record.version()));
        }
        return representation(HttpResponse.ok(), record);
    }

    @Put(uri = "/{+key}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> put(Caller caller, HttpRequest<?> request,
                                    @PathVariable String namespace,
                                    @PathVariable String key,
                                    @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                    @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                                    @Nullable @Body byte[] body) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace ns = Namespace.of(namespace);
        Key k = key(request, key);
        Precondition precondition = EntityTags.precondition(ifMatch, ifNoneMatch);
        Optional<IdempotencyKey> idempotencyKey = IdempotencyKeyHeader.of(request);
        WriteRequest write = WriteRequest.parse(body);
        WriteResult result = service.put(caller, ns, k, write.value(), write.ttl(), precondition, idempotencyKey);
        MutableHttpResponse<byte[]> response = result.created()
                ? representation(HttpResponse.status(HttpStatus.CREATED), result.record())
                        .header(HttpHeaders.LOCATION, location(ns, k))
                : representation(HttpResponse.ok(), result.record());
        return replayed(response, result.replayed());
    }

    @Delete(uri = "/{+key}")
    public HttpResponse<byte[]> delete(Caller caller, HttpRequest<?> request,
                                       @PathVariable String namespace,
                                       @PathVariable String key,
                                       @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                       @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        QueryParameters.only(request, QueryParameters.NONE);
        Namespace ns = Namespace.of(namespace);
        Key k = key(request, key);
        Precondition precondition = EntityTags.precondition(ifMatch, ifNoneMatch);
        DeleteResult result = service.delete(caller, ns, k, precondition, IdempotencyKeyHeader.of(request));
        return replayed(HttpResponse.noContent(), result.replayed());
    }

    /** Marks a stored outcome sent again, so a client can tell a replay from a new write. */
    private static MutableHttpResponse<byte[]> replayed(MutableHttpResponse<byte[]> response, boolean replayed) {
        return replayed ? response.header(IdempotencyKeyHeader.REPLAYED, "true") : response;
    }

    /**
     * The key, decoded (twice, as API Gateway HTTP APIs decode it: ADR 0009) from the raw path
     * rather than taken from the router's binding: the router replaces invalid UTF-8 with U+FFFD
     * and drops a trailing slash, and either would silently address a different key than the one sent.
     */
    private static Key key(HttpRequest<?> request, String boundKey) {
        String path = request.getPath();
        String[] segments = path.split("/", 5);   // "", "v1", "namespaces", "{ns}", "keys/{key}"
        String raw = segments.length == 5 && segments[4].startsWith("keys/") ? segments[4].substring(5) : boundKey;
        if (raw.startsWith("/") || raw.endsWith("/")) {
            throw new InvalidKeyException("key must not start or end with '/' or contain '//'");
        }
        return Key.of(RawPaths.decodeKey(raw));
    }

    private static MutableHttpResponse<byte[]> representation(MutableHttpResponse<byte[]> response, StateRecord record) {
        return response
                .header(HttpHeaders.ETAG, EntityTags.of(record.version()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Representations.of(record));
    }

    private static ReadConsistency consistency(String value) {
        if (value == null || value.equals("strong")) {
            return ReadConsistency.STRONG;
        }
        if (value.equals("eventual")) {
            return ReadConsistency.EVENTUAL;
        }
        throw new InvalidRequestException("consistency must be 'strong' or 'eventual'; got: " + value);
    }

    /** Encoded as clients send keys, so following it addresses this key behind API Gateway too. */
    private static String location(Namespace namespace, Key key) {
        return "/v1/namespaces/" + namespace.value() + "/keys/" + RawPaths.encodeKey(key.value());
    }
}
