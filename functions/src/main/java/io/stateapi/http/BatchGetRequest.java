package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.Key;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.batch.KeyBatch;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.json.StateJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/namespaces/{namespace}/batch-get}:
 * {@code {"keys": ["a", "b/c"], "consistency": "strong" | "eventual"}}, consistency optional
 * (strong). Keys travel in the body as JSON strings, so no path decoding applies to them (ADR
 * 0009 is about paths): {@code "100%"} is the key {@code 100%}. Unknown members are refused.
 */
record BatchGetRequest(KeyBatch batch, ReadConsistency consistency) {

    /**
     * Largest body read at all: a hundred keys of 1,024 UTF-8 bytes each, every byte written as a
     * six-character {@code \\u} escape, still fit.
     */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Set<String> MEMBERS = Set.of("keys", "consistency");

    static BatchGetRequest parse(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body of " + body.length + " bytes", MAX_BODY_BYTES);
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with a \"keys\" member");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: keys, consistency");
            }
        }
        return new BatchGetRequest(KeyBatch.of(keys(root.get("keys"))), consistency(root.get("consistency")));
    }

    private static List<Key> keys(JsonNode keys) {
        if (keys == null || !keys.isArray()) {
            throw new InvalidRequestException("member \"keys\" is required: an array of 1 to " + KeyBatch.MAX_KEYS
                    + " key strings");
        }
        if (keys.size() > KeyBatch.MAX_KEYS) {
            throw new InvalidRequestException("a batch get takes at most " + KeyBatch.MAX_KEYS + " keys; got "
                    + keys.size() + " (send them in several requests)");
        }
        List<Key> parsed = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            JsonNode key = keys.get(i);
            if (!key.isTextual()) {
                throw new InvalidRequestException("keys[" + i + "] must be a string; got " + key.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT));
            }
            try {
                parsed.add(Key.of(key.textValue()));
            } catch (InvalidKeyException e) {
                throw new InvalidKeyException("keys[" + i + "]: " + e.getMessage());
            }
        }
        return parsed;
    }

    private static ReadConsistency consistency(JsonNode consistency) {
        if (consistency == null) {
            return ReadConsistency.STRONG;
        }
        if (consistency.isTextual() && consistency.textValue().equals("strong")) {
            return ReadConsistency.STRONG;
        }
        if (consistency.isTextual() && consistency.textValue().equals("eventual")) {
            return ReadConsistency.EVENTUAL;
        }
        throw new InvalidRequestException("consistency must be \"strong\" or \"eventual\"; got: " + consistency);
    }
}
