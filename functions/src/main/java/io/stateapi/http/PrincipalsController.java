package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidPrincipalException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.PrincipalArn;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.RegistryCursor;
import io.stateapi.domain.tenancy.RegistryService;
import io.stateapi.domain.tenancy.Scope;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/admin/principals}: the tenant registry for operators (ADR 0018). Every operation
 * asks for {@code state:operator} before it reads anything of the request or the registry, so a
 * caller without it learns nothing here, not even whether its request was well formed.
 *
 * <p>The principal is the rest of the path: one segment with its ARN percent-encoded
 * ({@code arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Forders}), or its {@code :} and {@code /} as
 * they are. API Gateway HTTP APIs decode the path before the function sees it (ADR 0009), so
 * the route is greedy and the ARN is read from the raw path decoded twice, as keys are; an ARN
 * holds no {@code %} or {@code ?}, so every one of those forms reads the same.
 */
@Controller(PrincipalsController.PATH)
public class PrincipalsController {

    static final String PATH = "/v1/admin/principals";
    /** Unknown parameters are refused ({@link QueryParameters}): a misspelt {@code tennant=} must not list every tenant. */
    private static final Set<String> LIST_PARAMETERS = Set.of("tenant", "limit", "cursor");
    private static final Pattern LIMIT = Pattern.compile("^[0-9]{1,3}$");

    private final RegistryService registry;

    public PrincipalsController(RegistryService registry) {
        this.registry = registry;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(Caller caller, HttpRequest<?> request) {
        caller.require(Scope.OPERATOR);
        QueryParameters.only(request, LIST_PARAMETERS);
        String tenant = request.getParameters().get("tenant");
        String cursor = request.getParameters().get("cursor");
        return json(HttpResponse.ok(), RegistrationDocuments.of(registry.list(caller,
                Optional.ofNullable(tenant).map(Registration::requestedTenant),
                limit(request.getParameters().get("limit")),
                Optional.ofNullable(cursor).map(RegistryCursor::parse))));
    }

    @Get(uri = "/{+principal}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(Caller caller, HttpRequest<?> request, @PathVariable("principal") String routed) {
        caller.require(Scope.OPERATOR);
        QueryParameters.only(request, QueryParameters.NONE);
        return json(HttpResponse.ok(), RegistrationDocuments.of(registry.get(caller, principal(request))));
    }

    /** Registers the principal, replacing what it had: 201 when it was not registered, 200 when it was. */
    @Put(uri = "/{+principal}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> put(Caller caller, HttpRequest<?> request, @PathVariable("principal") String routed,
                                    @Nullable @Body byte[] body) {
        caller.require(Scope.OPERATOR);
        QueryParameters.only(request, QueryParameters.NONE);
        PrincipalArn principal = principal(request);
        Registration registration = RegistrationDocuments.parse(principal, body);
        return switch (registry.register(caller, registration)) {
            case CREATED -> json(HttpResponse.status(HttpStatus.CREATED), RegistrationDocuments.of(registration))
                    .header(HttpHeaders.LOCATION, location(principal));
            case REPLACED -> json(HttpResponse.ok(), RegistrationDocuments.of(registration));
        };
    }

    @Delete(uri = "/{+principal}")
    public HttpResponse<byte[]> delete(Caller caller, HttpRequest<?> request, @PathVariable("principal") String routed) {
        caller.require(Scope.OPERATOR);
        QueryParameters.only(request, QueryParameters.NONE);
        registry.remove(caller, principal(request));
        return HttpResponse.noContent();
    }

    /** The principal's URL path: its ARN percent-encoded as one segment. */
    static String location(PrincipalArn principal) {
        return PATH + "/" + RawPaths.encodeSegment(principal.value());
    }

    /**
     * The ARN in the raw path, decoded twice (ADR 0009), rather than the router's binding
     * ({@code routed}, unused), which is decoded once and has what is not UTF-8 replaced.
     */
    private static PrincipalArn principal(HttpRequest<?> request) {
        String raw = request.getPath().substring(PATH.length() + 1);
        try {
            return PrincipalArn.parse(RawPaths.decodeSegment(RawPaths.decodeSegment(raw)));
        } catch (InvalidKeyException e) {
            throw new InvalidPrincipalException("the principal's ARN in the path is not validly percent-encoded UTF-8");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return RegistryService.DEFAULT_PAGE_SIZE;
        }
        if (!LIMIT.matcher(value).matches()) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + RegistryService.MAX_PAGE_SIZE);
        }
        return Integer.parseInt(value);
    }

    private static MutableHttpResponse<byte[]> json(MutableHttpResponse<byte[]> response, JsonNode body) {
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(RegistrationDocuments.bytes(body));
    }
}
