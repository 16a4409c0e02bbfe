package io.stateapi.events;

import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Whether a namespace's change events carry {@code value} and {@code previousValue}: its
 * {@code eventValues} setting in the catalog (ADR 0016, 0025), read through this instance's
 * {@link NamespaceSettingsCache}, so a setting changed elsewhere applies here within the cache's
 * lifetime.
 *
 * <p>Where the setting cannot be known the values are left out, never put in, since the setting
 * exists to keep them out of the queue:
 * <ul>
 *   <li>a namespace the catalog does not have (deleted, purged, or written within the api
 *       function's cache window after its deletion) gets events without values: the fan-out runs
 *       behind the writes, so a namespace's last deletes are often handled after its item is
 *       gone, and the defaults would then publish values its owner had kept out;</li>
 *   <li>a catalog item that breaks the layout: values left out, and a warning;</li>
 *   <li>a catalog that cannot be read now (throttling, timeouts): {@link Setting.Unavailable}, and
 *       the records from that namespace's first event on wait for a retry, as when a tenant's
 *       queue cannot be had (ADR 0024): an event published with or without values is published
 *       for good, so it waits rather than guesses.</li>
 * </ul>
 */
public final class NamespaceEventValues {

    /** What the fan-out knows of a namespace's setting now. */
    public sealed interface Setting {

        /** Events carry the values ({@code carried}) or leave them out. */
        record Known(boolean carried) implements Setting {
        }

        /** The catalog cannot say now; retrying later can. */
        record Unavailable(String reason) implements Setting {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    private final NamespaceSettingsCache cache;
    private final Consumer<String> warnings;

    /** @param warnings where a catalog item that cannot be read is reported (the function's log) */
    public NamespaceEventValues(NamespaceSettingsCache cache, Consumer<String> warnings) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * The setting of each namespace of one batch, looked up once per batch: the cache keeps only
     * namespaces that exist, so a namespace missing from the catalog costs one read per batch,
     * not one per event.
     */
    public Function<TenantNamespace, Setting> forBatch() {
        Map<TenantNamespace, Setting> known = new HashMap<>();
        return namespace -> {
            Setting setting = known.get(namespace);
            if (setting == null) {
                setting = lookUp(namespace);
                if (setting instanceof Setting.Known) {
                    known.put(namespace, setting);
                }
            }
            return setting;
        };
    }

    private Setting lookUp(TenantNamespace namespace) {
        try {
            Optional<NamespaceInfo> found = cache.find(namespace);
            return new Setting.Known(found.map(info -> info.settings().eventValues()).orElse(false));
        } catch (UnreadableStateException e) {
            warnings.accept("fan-out: the catalog item of namespace " + namespace + " cannot be read, so its events"
                    + " have their values omitted until it is repaired: " + e.getMessage());
            return new Setting.Known(false);
        } catch (RuntimeException e) {
            return new Setting.Unavailable("cannot read the settings of namespace " + namespace + " for now: " + e);
        }
    }
}
