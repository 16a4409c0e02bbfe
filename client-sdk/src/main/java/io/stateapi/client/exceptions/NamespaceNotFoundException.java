package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The caller's tenant has no namespace of this name (HTTP 404, problem type
 * {@code namespace-not-found}). A key of a namespace that does not exist does not exist either,
 * so this is a {@link KeyNotFoundException}: code written before namespaces were a resource,
 * which catches that, keeps working; catch this type to tell the two apart.
 * Namespace names are per tenant, so this also answers for a name another tenant uses.
 *
 * <p>A namespace comes into being with its first write or {@code namespaces().create(...)}, so
 * key reads treat it as absence where absence is an answer: {@code find} returns empty and
 * {@code updateOrCreate} creates the key; {@code get}, {@code update} and {@code delete} throw this.
 */
public class NamespaceNotFoundException extends KeyNotFoundException {

    public NamespaceNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
