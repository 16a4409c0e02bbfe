package io.stateapi.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.history.HistoryService;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.tenancy.Caller;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key's history (ADR 0036): {@code GET /v1/namespaces/{ns}/keys/{key}/versions} lists its past
 * versions, newest first; {@code POST .../keys/{key}/versions/{n}/restore} writes version n's value
 * as the next version. ({@code GET .../keys/{key}?version=n} is {@link KeysController}'s.)
 *
 * <p>These paths end in literal segments after the key, and a key may hold {@code /}: a path
 * ending in {@code /versions} is this listing, so a key whose last segment is {@code versions} is
 * read with the {@code /} before it encoded ({@code %252F}, as the SDK always sends it).
 */
@Controller("/v1/namespaces/{namespace}/keys")
public class KeyHistoryController {

    static final String VERSIONS = "/versions";
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor");
    private static final Pattern LIMIT = Pattern.compile("^[0-9]{1,4}$");
    private static final Pattern RESTORE = Pattern.compile("^(.+)/versions/([^/]*)/restore$");
    private static final Pattern LISTING_PATH = Pattern.compile("^/v1/namespaces/[^/]+/keys/.+/versions$");
    private static final Pattern RESTORE_PATH = Pattern.compile("^/v1/namespaces/[^/]+/keys/.+/versions/[^/]*/restore$");

    private final HistoryService history;

    public KeyHistoryController(HistoryService history) {
        this.history = history;
    }

    @Get(uri = "/{+key}/versions", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> versions(Caller caller, HttpRequest<?> request,
                                         @PathVariable String namespace,
                                         @PathVariable String key) {
        QueryParameters.only(request, LIST_PARAMETERS);
        String path = request.getPath();
        Key k = KeyPaths.of(request, "keys", key, path.length() - VERSIONS.length());
        return HttpResponse.ok(HistoryRepresentations.of(history.versions(caller, Namespace.of(namespace), k,
                        limit(request.getParameters().get("limit")),
                        Optional.ofNullable(request.getParameters().get("cursor")))))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Post(uri = "/{+key}/versions/{version}/restore", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> restore(Caller caller, HttpRequest<?> request,
                                        @PathVariable String namespace,
                                        @PathVariable String key,
                                        @PathVariable String version,
                                        @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                        @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        QueryParameters.only(request, QueryParameters.NONE);
        Matcher restore = RESTORE.matcher(request.getPath());
        Key k = restore.matches() ? KeyPaths.of(request, "keys", key, restore.end(1)) : KeyPaths.of(request, "keys", key);
        Namespace ns = Namespace.of(namespace);
        WriteResult result = history.restore(caller, ns, k,
                VersionParameters.version(restore.matches() ? restore.group(2) : version, "the version in the path"),
                EntityTags.precondition(ifMatch, ifNoneMatch), IdempotencyKeyHeader.of(request));
        MutableHttpResponse<byte[]> response = result.created()
                ? KeyResponses.representation(HttpResponse.status(HttpStatus.CREATED), result.record())
                        .header(HttpHeaders.LOCATION, KeyPaths.location(ns, k))
                : KeyResponses.representation(HttpResponse.ok(), result.record());
        return KeyResponses.replayed(response, result.replayed());
    }

    /**
     * 405 for a method the history's paths do not take: a path ending in {@code /versions} or
     * {@code /versions/{n}/restore} is the history's, whatever the method, never a key's; the key
     * routes never see such a path ({@link KeyHistoryMethods} answers first, before a body is
     * read), so such a key is reached only with its {@code /} encoded.
     */
    static Optional<MutableHttpResponse<byte[]>> methodNotAllowed(HttpRequest<?> request) {
        String path = request.getPath();
        String allow = RESTORE_PATH.matcher(path).matches() ? "POST" : LISTING_PATH.matcher(path).matches() ? "GET" : null;
        if (allow == null || allow.equals(request.getMethodName())) {
            return Optional.empty();
        }
        return Optional.of(Problems.forStatus(HttpStatus.METHOD_NOT_ALLOWED, request.getMethodName()
                + " is not allowed on a key's history; a key whose last segments are 'versions' (or"
                + " 'versions/<n>/restore') is addressed with the '/' before 'versions' encoded twice (%252F)", path)
                .header(HttpHeaders.ALLOW, allow));
    }

    private static int limit(String value) {
        if (value == null) {
            return HistoryService.DEFAULT_LIMIT;
        }
        if (!LIMIT.matcher(value).matches() || Integer.parseInt(value) < 1 || Integer.parseInt(value) > HistoryService.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + HistoryService.MAX_LIMIT);
        }
        return Integer.parseInt(value);
    }
}
