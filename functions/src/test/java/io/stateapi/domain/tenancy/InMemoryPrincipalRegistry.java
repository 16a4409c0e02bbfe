package io.stateapi.domain.tenancy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The registry port in memory: a fake of the project's own port for unit tests. */
final class InMemoryPrincipalRegistry implements PrincipalRegistryAdmin {

    private final TreeMap<String, Registration> registrations = new TreeMap<>();
    int calls;

    @Override
    public Optional<Registration> find(String principal) {
        calls++;
        return Optional.ofNullable(registrations.get(principal));
    }

    @Override
    public Registered register(Registration registration) {
        calls++;
        return registrations.put(registration.principal(), registration) == null ? Registered.CREATED : Registered.REPLACED;
    }

    @Override
    public boolean remove(String principal) {
        calls++;
        return registrations.remove(principal) != null;
    }

    @Override
    public RegistryPage list(Optional<TenantId> tenant, int limit, Optional<RegistryCursor> cursor) {
        calls++;
        Map<String, Registration> after = cursor.map(c -> registrations.tailMap(c.after(), false)).orElse(registrations);
        List<Registration> matching = after.values().stream()
                .filter(r -> tenant.isEmpty() || r.tenant().equals(tenant)).toList();
        List<Registration> page = matching.stream().limit(limit).toList();
        return new RegistryPage(page, matching.size() > limit
                ? Optional.of(new RegistryCursor(page.getLast().principal())) : Optional.empty());
    }
}
