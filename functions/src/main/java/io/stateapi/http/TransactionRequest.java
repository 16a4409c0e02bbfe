package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.InvalidKeyException;
import io.stateapi.domain.exceptions.InvalidNamespaceException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.transactions.Transaction;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.json.StateJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /v1/transactions}:
 * {@code {"operations": [{"type": "put|delete|check", "namespace": .., "key": .., ...}]}}. Each
 * kind takes its own members (a put {@code value}, {@code ttlSeconds} and one of
 * {@code ifVersion}, {@code ifAbsent}, {@code ifPresent}; a delete {@code ifVersion}; a check
 * exactly one of the three); anything else is a 400 naming the operation's index.
 */
final class TransactionRequest {

    /**
     * Largest request body read at all: DynamoDB takes at most 4 MB of items per transaction
     * (checked on the compact values), and JSON a client formats generously may be larger.
     */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private static final Set<String> CONDITIONS = Set.of("ifVersion", "ifAbsent", "ifPresent");
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "put", Set.of("type", "namespace", "key", "value", "ttlSeconds", "ifVersion", "ifAbsent", "ifPresent"),
            "delete", Set.of("type", "namespace", "key", "ifVersion"),
            "check", Set.of("type", "namespace", "key", "ifVersion", "ifAbsent", "ifPresent"));

    private TransactionRequest() {
    }

    static Transaction parse(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("request body of " + body.length + " bytes", MAX_BODY_BYTES);
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with an \"operations\" array");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("operations")) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: operations");
            }
        }
        JsonNode operations = root.get("operations");
        if (operations == null || !operations.isArray()) {
            throw new InvalidRequestException("member \"operations\" is required: an array of 1 to "
                    + Transaction.MAX_OPERATIONS + " operations");
        }
        Transaction.requireCount(operations.size());  // before parsing each one: the count alone decides
        List<TransactionOperation> parsed = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            parsed.add(operation(operations.get(i), i));
        }
        return Transaction.of(parsed);
    }

    private static TransactionOperation operation(JsonNode node, int index) {
        String at = "operations[" + index + "]";
        if (!node.isObject()) {
            throw new InvalidRequestException(at + " must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || !MEMBERS.containsKey(type.asText())) {
            throw new InvalidRequestException(at + ".type must be one of \"put\", \"delete\", \"check\"");
        }
        Set<String> allowed = MEMBERS.get(type.asText());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidRequestException(at + ": unknown member \"" + name + "\" for a " + type.asText()
                        + "; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        Namespace namespace = namespace(node.get("namespace"), at);
        Key key = key(node.get("key"), at);
        Precondition precondition = precondition(node, at);
        try {
            return switch (type.asText()) {
                case "put" -> {
                    JsonNode value = node.get("value");
                    if (value == null) {
                        throw new InvalidRequestException(at + ": member \"value\" is required for a put (it may be null)");
                    }
                    JsonNode ttl = node.get("ttlSeconds");
                    TimeToLive timeToLive = ttl == null || ttl.isNull() ? null : new TimeToLive(wholeNumber(ttl, at
                            + ".ttlSeconds must be an integer from 1 to " + TimeToLive.MAX_SECONDS));
                    yield new TransactionOperation.Put(namespace, key, StateJson.document(value), timeToLive, precondition);
                }
                case "delete" -> new TransactionOperation.Delete(namespace, key, precondition);
                default -> new TransactionOperation.Check(namespace, key, precondition);
            };
        } catch (InvalidRequestException e) {
            throw e.getMessage().startsWith(at) ? e : new InvalidRequestException(at + ": " + e.getMessage());
        }
    }

    private static Namespace namespace(JsonNode node, String at) {
        if (node == null || !node.isTextual()) {
            throw new InvalidRequestException(at + ".namespace is required: a string");
        }
        try {
            return Namespace.of(node.asText());
        } catch (InvalidNamespaceException e) {
            throw new InvalidNamespaceException(at + ".namespace: " + e.getMessage());
        }
    }

    private static Key key(JsonNode node, String at) {
        if (node == null || !node.isTextual()) {
            throw new InvalidRequestException(at + ".key is required: a string");
        }
        try {
            return Key.of(node.asText());
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(at + ".key: " + e.getMessage());
        }
    }

    /** At most one of ifVersion (a version, 1 or more), ifAbsent: true, ifPresent: true. */
    private static Precondition precondition(JsonNode node, String at) {
        List<String> given = CONDITIONS.stream().filter(node::has).sorted().toList();
        if (given.size() > 1) {
            throw new InvalidRequestException(at + " takes at most one of ifVersion, ifAbsent, ifPresent; it has "
                    + String.join(" and ", given));
        }
        if (given.isEmpty()) {
            return Precondition.NONE;
        }
        JsonNode condition = node.get(given.getFirst());
        return switch (given.getFirst()) {
            case "ifVersion" -> {
                long version = wholeNumber(condition, at + ".ifVersion must be a version: an integer of 1 or more");
                if (version < 1) {
                    throw new InvalidRequestException(at + ".ifVersion must be a version: an integer of 1 or more");
                }
                yield Precondition.ifVersion(Version.of(version));
            }
            case "ifAbsent" -> flag(condition, at + ".ifAbsent", Precondition.IF_ABSENT);
            default -> flag(condition, at + ".ifPresent", Precondition.IF_PRESENT);
        };
    }

    private static Precondition flag(JsonNode condition, String member, Precondition precondition) {
        if (!condition.isBoolean() || !condition.booleanValue()) {
            throw new InvalidRequestException(member + " must be true when given (leave it out otherwise)");
        }
        return precondition;
    }

    /** An integer in JSON Schema's sense: any number without a fractional part (60 and 60.0 alike). */
    private static long wholeNumber(JsonNode number, String message) {
        if (number.isNumber()) {
            try {
                return number.decimalValue().longValueExact();
            } catch (ArithmeticException notWholeOrTooBig) {
                // reported below
            }
        }
        throw new InvalidRequestException(message);
    }
}
