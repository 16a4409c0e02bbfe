package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/** The body that starts a backfill, and a backfill's status (ADR 0058). */
final class BackfillRepresentations {

    static final String DRY_RUN = "dryRun";
    static final String SEGMENTS = "segments";
    static final String ITEMS_PER_SECOND = "itemsPerSecond";
    private static final Set<String> MEMBERS = Set.of(DRY_RUN, SEGMENTS, ITEMS_PER_SECOND);

    private BackfillRepresentations() {
    }

    /** {@code {"dryRun": false, "segments": 4, "itemsPerSecond": 100}}, every member optional; no body: the defaults. */
    static BackfillRequest request(byte[] body) {
        if (body == null || body.length == 0) {
            return new BackfillRequest(false, BackfillRequest.DEFAULT_SEGMENTS, BackfillRequest.DEFAULT_ITEMS_PER_SECOND);
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with " + MEMBERS);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: " + DRY_RUN + ", "
                        + SEGMENTS + ", " + ITEMS_PER_SECOND);
            }
        }
        JsonNode dryRun = root.get(DRY_RUN);
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new InvalidRequestException(DRY_RUN + " must be true or false");
        }
        return new BackfillRequest(dryRun != null && dryRun.booleanValue(),
                wholeNumber(root, SEGMENTS, BackfillRequest.DEFAULT_SEGMENTS),
                wholeNumber(root, ITEMS_PER_SECOND, BackfillRequest.DEFAULT_ITEMS_PER_SECOND));
    }

    private static int wholeNumber(JsonNode root, String name, int otherwise) {
        JsonNode value = root.get(name);
        if (value == null) {
            return otherwise;
        }
        // JSON Schema's integer includes 13.0: a number with no fraction is a whole number.
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw new InvalidRequestException(name + " must be a whole number");
        }
        return value.intValue();
    }

    static byte[] of(BackfillStatus status) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put("version", status.version());
        body.put("status", status.state().label());
        body.put(DRY_RUN, status.request().dryRun());
        body.put(SEGMENTS, status.request().segments());
        body.put(ITEMS_PER_SECOND, status.request().itemsPerSecond());
        body.put("scanned", status.counts().scanned());
        body.put("upgraded", status.counts().upgraded());
        body.put("alreadyCurrent", status.counts().alreadyCurrent());
        body.put("failed", status.counts().failed());
        ArrayNode failed = body.putArray("failedKeys");
        status.failedKeys().forEach(key -> {
            ObjectNode entry = failed.addObject();
            entry.put("key", key.key().value());
            key.storedAt().ifPresent(v -> entry.put("storedAt", v));
            entry.put("reason", key.reason());
        });
        status.plannedItems().ifPresent(items -> body.put("plannedItems", items));
        body.put("startedAt", status.startedAt().toString());
        body.put("notBefore", status.notBefore().toString());
        status.finishedAt().ifPresent(at -> body.put("finishedAt", at.toString()));
        body.put("rate", Math.round(status.rate() * 10) / 10.0);
        status.estimatedEnd().ifPresent(at -> body.put("estimatedEnd", at.toString()));
        status.reason().ifPresent(reason -> body.put("reason", reason));
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
