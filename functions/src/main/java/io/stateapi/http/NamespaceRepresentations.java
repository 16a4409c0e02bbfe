package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespacePage;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;

/** The JSON representations of namespaces: one described, a page of a listing, and a purge's status. */
final class NamespaceRepresentations {

    private NamespaceRepresentations() {
    }

    static byte[] of(NamespaceInfo namespace) {
        return bytes(describe(namespace));
    }

    static byte[] of(NamespacePage page) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        ArrayNode namespaces = body.putArray("namespaces");
        page.namespaces().forEach(namespace -> namespaces.add(describe(namespace)));
        page.next().ifPresent(cursor -> body.put("nextCursor", cursor.encoded()));
        return bytes(body);
    }

    /** {@code {"status": "running"|"done", "deletedKeys": n, "startedAt": "...", "finishedAt": "..."}} (ADR 0019). */
    static byte[] of(PurgeStatus purge) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put("status", purge.state().label());
        body.put("deletedKeys", purge.deletedKeys());
        body.put("startedAt", purge.startedAt().toString());
        purge.finishedAt().ifPresent(finished -> body.put("finishedAt", finished.toString()));
        return bytes(body);
    }

    private static ObjectNode describe(NamespaceInfo namespace) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put("name", namespace.namespace().name());
        NamespaceSettings settings = namespace.settings();
        ObjectNode json = body.putObject("settings");
        settings.defaultTtl().ifPresentOrElse(ttl -> json.put(NamespaceSettingsRequest.DEFAULT_TTL_SECONDS, ttl.seconds()),
                () -> json.putNull(NamespaceSettingsRequest.DEFAULT_TTL_SECONDS));
        json.put(NamespaceSettingsRequest.MAX_VALUE_BYTES, settings.maxValueBytes());
        json.put(NamespaceSettingsRequest.EVENT_VALUES, settings.eventValues());
        json.put(NamespaceSettingsRequest.CHANGE_RETENTION_DAYS, settings.changeRetentionDays());
        namespace.schemaVersion().ifPresentOrElse(v -> json.put(NamespaceSettingsRequest.SCHEMA_VERSION, v),
                () -> json.putNull(NamespaceSettingsRequest.SCHEMA_VERSION));
        body.put("approximateKeyCount", namespace.approximateKeyCount());
        body.put("createdAt", namespace.createdAt().toString());
        body.put("updatedAt", namespace.updatedAt().toString());
        body.put("status", namespace.status().label());
        return body;
    }

    private static byte[] bytes(ObjectNode body) {
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
