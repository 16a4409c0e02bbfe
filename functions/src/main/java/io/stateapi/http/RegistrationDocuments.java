package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.tenancy.PrincipalArn;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.RegistryPage;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of the tenant registry (ADR 0018): a registration as an operator sends it,
 * {@code {"tenant": "acme", "scopes": ["state:read"], "namespaces": ["orders", "cart-*"]}}, and
 * as the admin routes and the operators' CLI show it, with its {@code principal}. A member
 * left out is left out in both directions: no {@code tenant} for an operator of no tenant, no
 * {@code namespaces} for every namespace of the tenant.
 */
public final class RegistrationDocuments {

    static final String PRINCIPAL = "principal";
    static final String TENANT = "tenant";
    static final String SCOPES = "scopes";
    static final String NAMESPACES = "namespaces";
    private static final Set<String> MEMBERS = Set.of(TENANT, SCOPES, NAMESPACES);
    /** A registration with a hundred grants is a few kilobytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private RegistrationDocuments() {
    }

    /**
     * The registration of {@code principal} a request body asks for.
     *
     * @throws InvalidRequestException when a member is unknown, missing or of the wrong type, or
     *         breaks its rule ({@link Registration#requested})
     */
    static Registration parse(PrincipalArn principal, byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body of " + body.length + " bytes", MAX_BODY_BYTES);
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with \"scopes\" and, for tenant scopes, \"tenant\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: tenant, scopes, namespaces");
            }
        }
        JsonNode tenant = root.get(TENANT);
        if (tenant != null && !tenant.isTextual()) {
            throw new InvalidRequestException("\"tenant\" must be a string");
        }
        if (!root.has(SCOPES)) {
            throw new InvalidRequestException("member \"scopes\" is required (a list, which may be empty)");
        }
        return Registration.requested(principal, Optional.ofNullable(tenant).map(JsonNode::asText),
                strings(root.get(SCOPES), SCOPES),
                root.has(NAMESPACES) ? Optional.of(strings(root.get(NAMESPACES), NAMESPACES)) : Optional.empty());
    }

    public static ObjectNode of(Registration registration) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put(PRINCIPAL, registration.principal());
        registration.tenant().ifPresent(tenant -> body.put(TENANT, tenant.value()));
        ArrayNode scopes = body.putArray(SCOPES);
        registration.scopes().stream().sorted().map(Scope::claim).forEach(scopes::add);
        if (!registration.grants().coversAll()) {
            ArrayNode namespaces = body.putArray(NAMESPACES);
            registration.grants().patterns().forEach(namespaces::add);
        }
        return body;
    }

    public static ObjectNode of(RegistryPage page) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        ArrayNode principals = body.putArray("principals");
        page.registrations().forEach(registration -> principals.add(of(registration)));
        page.next().ifPresent(cursor -> body.put("nextCursor", cursor.encoded()));
        return body;
    }

    static byte[] bytes(JsonNode body) {
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonNode node, String member) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException("\"" + member + "\" must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new InvalidRequestException("\"" + member + "\" must be a list of strings");
            }
            values.add(element.asText());
        }
        return values;
    }
}
