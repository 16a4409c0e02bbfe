package io.stateapi.domain.tenancy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a registry listing, in principal order; {@code next} is empty on the last page. */
public record RegistryPage(List<Registration> registrations, Optional<RegistryCursor> next) {

    public RegistryPage {
        registrations = List.copyOf(registrations);
        Objects.requireNonNull(next, "next");
    }
}
