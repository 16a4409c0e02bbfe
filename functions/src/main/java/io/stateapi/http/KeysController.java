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
import io.stateapi.domain.history.HistoryService;
import io.stateapi.domain.tenancy.Caller;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/namespaces/{ns}/keys/{key}}: read, write and delete one key. Translates HTTP
 * (paths, headers, status codes) to {@link StateService} calls and nothing more.
 */
@Controller("/v1/namespaces/{namespace}/keys")
public class KeysController {

    private static final Set<String> READ_PARAMETERS = Set.of("consistency", "version");

    private final StateService service;
    private final HistoryService history;

    public KeysController(StateService service, HistoryService history) {
        this.service = service;
        this.history = history;
    }

    @Get(uri = "/{+key}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(Caller caller, HttpRequest<?> request,
                                    @PathVariable String namespace,
                                    @PathVariable String key,
                                    @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        QueryParameters.only(request, READ_PARAMETERS);
        String version = request.getParameters().get("version");
        if (version != null) {
            return pastVersion(caller, request, namespace, key, version, ifNoneMatch);
        }
        ReadConsistency consistency = QueryParameters.consistency(request);
        StateRecord record = service.get(caller, Namespace.of(namespace), key(request, key), consistency);
        if (EntityTags.noneMatchFails(ifNoneMatch, record.version())) {
            return HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, EntityTags.of(record.version()));
        }
        return KeyResponses.schemaVersions(KeyResponses.representation(HttpResponse.ok(), record), record);
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
                ? KeyResponses.representation(HttpResponse.status(HttpStatus.CREATED), result.record())
                        .header(HttpHeaders.LOCATION, location(ns, k))
                : KeyResponses.representation(HttpResponse.ok(), result.record());
        return KeyResponses.replayed(response, result.replayed());
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
        return KeyResponses.replayed(HttpResponse.noContent(), result.replayed());
    }

    /** {@code ?version=n}: one version from the key's history (ADR 0036), its version as the ETag. */
    private HttpResponse<byte[]> pastVersion(Caller caller, HttpRequest<?> request, String namespace, String key,
                                             String version, String ifNoneMatch) {
        HistoryService.VersionedValue past = history.version(caller, Namespace.of(namespace), key(request, key),
                VersionParameters.version(version, "version"));
        if (EntityTags.noneMatchFails(ifNoneMatch, past.entry().version())) {
            // A past version never changes: a client holding it revalidates as for the current one.
            return HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, EntityTags.of(past.entry().version()));
        }
        return KeyResponses.schemaVersion(HttpResponse.<byte[]>ok(HistoryRepresentations.of(past))
                .header(HttpHeaders.ETAG, EntityTags.of(past.entry().version()))
                .contentType(MediaType.APPLICATION_JSON_TYPE), past.entry().schemaVersion());
    }

    private static Key key(HttpRequest<?> request, String boundKey) {
        return KeyPaths.of(request, "keys", boundKey);
    }

    private static String location(Namespace namespace, Key key) {
        return KeyPaths.location(namespace, key);
    }
}
