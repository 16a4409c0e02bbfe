package io.stateapi.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidPatchException;
import io.stateapi.domain.exceptions.PatchNotApplicableException;
import io.stateapi.domain.exceptions.PatchTestFailedException;
import io.stateapi.domain.patch.Patch;
import io.stateapi.domain.patch.PatchApplier;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.parsson.JsonProviderImpl;

/**
 * JSON Merge Patch (RFC 7396) and JSON Patch (RFC 6902) with Jakarta JSON Processing 2.1 and
 * its Eclipse implementation, Parsson (ADR 0029). Values cross over as compact JSON text: both
 * sides keep numbers as {@code BigDecimal} and write them with {@code BigDecimal.toString()},
 * so a patch keeps every digit of every number it does not touch, as the one JSON
 * configuration stores it.
 *
 * <p>A JSON Patch is applied one operation at a time against the value wrapped in an object, so
 * a failure names its operation, and a patch of a value that is not an object or array (which
 * Jakarta's {@code JsonPatch} cannot take as its target) works on the root like any other.
 * {@code test} is evaluated here, not by Parsson: RFC 6902 compares numbers by value
 * ({@code 1} equals {@code 1.0}), while Parsson compares {@code BigDecimal}s with their scale.
 */
public final class JsonPatches implements PatchApplier {

    /** Operations in one JSON Patch: each is applied to the whole document, so this bounds the work of one request. */
    public static final int MAX_OPERATIONS = 1000;

    private static final String ROOT = "v";
    private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");
    private static final Set<String> NEED_VALUE = Set.of("add", "replace", "test");
    private static final Set<String> NEED_FROM = Set.of("move", "copy");
    /** RFC 6901: empty, or tokens after '/', where '~' only starts "~0" or "~1". */
    private static final Pattern POINTER = Pattern.compile("(/(?:[^~/]|~[01])*+)*+");
    /** RFC 6901: an array index is 0 or digits without a leading zero ("-" past the end, for add). */
    private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final int MAX_REASON_LENGTH = 200;

    private final JsonProvider json = new JsonProviderImpl();

    @Override
    public void check(Patch patch) {
        if (patch instanceof Patch.JsonPatch jsonPatch) {
            operations(jsonPatch);
        }
    }

    @Override
    public JsonDocument apply(Patch patch, JsonDocument value) {
        JsonValue patched = switch (patch) {
            case Patch.MergePatch merge -> json.createMergePatch(read(merge.document())).apply(read(value));
            case Patch.JsonPatch jsonPatch -> applyOperations(operations(jsonPatch), read(value));
        };
        return StateJson.document(StateJson.parse(patched.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private JsonValue applyOperations(JsonNode operations, JsonValue value) {
        JsonStructure wrapped = json.createObjectBuilder(Map.of(ROOT, value)).build();
        for (int index = 0; index < operations.size(); index++) {
            JsonNode operation = operations.get(index);
            String op = operation.get("op").textValue();
            String path = operation.get("path").textValue();
            arrayIndexes(wrapped, index, op, path);
            if (NEED_FROM.contains(op)) {
                arrayIndexes(wrapped, index, op, operation.get("from").textValue());
            }
            if (op.equals("test")) {
                test(wrapped, index, path, read(StateJson.document(operation.get("value"))));
                continue;
            }
            JsonObject rooted = json.createObjectBuilder(read(StateJson.document(operation)).asJsonObject())
                    .add("path", "/" + ROOT + path)
                    .addAll(NEED_FROM.contains(op)
                            ? json.createObjectBuilder().add("from", "/" + ROOT + operation.get("from").textValue())
                            : json.createObjectBuilder())
                    .build();
            try {
                wrapped = json.createPatch(json.createArrayBuilder().add(rooted).build()).apply(wrapped);
            } catch (RuntimeException e) {
                // Parsson reports every failure of an operation as JsonException; anything else it
                // throws is still about this operation and this value, never a fault of the service.
                throw new PatchNotApplicableException(index, path, "operation " + index + " (" + op + " at \"" + path
                        + "\") cannot apply: " + reason(e));
            }
            if (!wrapped.asJsonObject().containsKey(ROOT)) {
                throw new PatchNotApplicableException(index, path, "operation " + index + " (" + op
                        + ") would leave no value; to remove the key, DELETE it");
            }
        }
        return wrapped.asJsonObject().get(ROOT);
    }

    /**
     * Refuses an array index with a leading zero ({@code /items/01}) where the pointer meets an
     * array: RFC 6901 says it names nothing, while Parsson would read it as {@code 1}.
     */
    private static void arrayIndexes(JsonStructure wrapped, int index, String op, String pointer) {
        JsonValue at = wrapped.asJsonObject().get(ROOT);
        if (pointer.isEmpty()) {
            return;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            if (at == null) {
                return;
            }
            String token = raw.replace("~1", "/").replace("~0", "~");
            switch (at.getValueType()) {
                case ARRAY -> {
                    if (token.equals("-")) {
                        return;
                    }
                    if (!ARRAY_INDEX.matcher(token).matches()) {
                        throw new PatchNotApplicableException(index, pointer, "operation " + index + " (" + op + " at \""
                                + pointer + "\") cannot apply: \"" + token + "\" is no array index (0, or digits without a "
                                + "leading zero, or - to append)");
                    }
                    int i = Integer.parseInt(token);
                    at = i < at.asJsonArray().size() ? at.asJsonArray().get(i) : null;
                }
                case OBJECT -> at = at.asJsonObject().get(token);
                default -> {
                    return;
                }
            }
        }
    }

    private void test(JsonStructure wrapped, int index, String path, JsonValue expected) {
        JsonValue actual;
        try {
            actual = json.createPointer("/" + ROOT + path).getValue(wrapped);
        } catch (RuntimeException e) {
            throw new PatchTestFailedException(index, path, "operation " + index + " (test at \"" + path
                    + "\") failed: the value has nothing there", null);
        }
        if (!same(actual, expected)) {
            throw new PatchTestFailedException(index, path, "operation " + index + " (test at \"" + path
                    + "\") failed: the value there is not the one the patch expects", null);
        }
    }

    /** RFC 6902 section 4.6: numbers equal by value, objects regardless of member order, arrays in order. */
    private static boolean same(JsonValue a, JsonValue b) {
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        return switch (a.getValueType()) {
            case NUMBER -> ((JsonNumber) a).bigDecimalValue().compareTo(((JsonNumber) b).bigDecimalValue()) == 0;
            case STRING -> ((JsonString) a).getString().equals(((JsonString) b).getString());
            case OBJECT -> {
                JsonObject x = a.asJsonObject();
                JsonObject y = b.asJsonObject();
                yield x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
            }
            case ARRAY -> {
                JsonArray x = a.asJsonArray();
                JsonArray y = b.asJsonArray();
                boolean equal = x.size() == y.size();
                for (int i = 0; equal && i < x.size(); i++) {
                    equal = same(x.get(i), y.get(i));
                }
                yield equal;
            }
            case TRUE, FALSE, NULL -> true;
        };
    }

    /** The operations of a JSON Patch, each checked for the members its op needs. */
    private static JsonNode operations(Patch.JsonPatch patch) {
        JsonNode root = StateJson.parse(patch.document().json().getBytes(StandardCharsets.UTF_8));
        if (!root.isArray()) {
            throw new InvalidPatchException("a JSON Patch document is an array of operations; got a JSON "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (root.size() > MAX_OPERATIONS) {
            throw new InvalidPatchException("a JSON Patch may hold at most " + MAX_OPERATIONS + " operations; got "
                    + root.size());
        }
        for (int index = 0; index < root.size(); index++) {
            JsonNode operation = root.get(index);
            if (!operation.isObject()) {
                throw new InvalidPatchException("operation " + index + " is not a JSON object");
            }
            JsonNode op = operation.get("op");
            if (op == null || !op.isTextual() || !OPS.contains(op.textValue())) {
                throw new InvalidPatchException("operation " + index + " needs \"op\": one of add, remove, replace, "
                        + "move, copy, test");
            }
            pointer(operation, index, "path");
            if (NEED_FROM.contains(op.textValue())) {
                pointer(operation, index, "from");
            }
            if (NEED_VALUE.contains(op.textValue()) && !operation.has("value")) {
                throw new InvalidPatchException("operation " + index + " (" + op.textValue() + ") needs \"value\"");
            }
        }
        return root;
    }

    private static void pointer(JsonNode operation, int index, String member) {
        JsonNode pointer = operation.get(member);
        if (pointer == null || !pointer.isTextual()) {
            throw new InvalidPatchException("operation " + index + " needs \"" + member + "\": a JSON Pointer string");
        }
        if (!POINTER.matcher(pointer.textValue()).matches()) {
            throw new InvalidPatchException("operation " + index + " has \"" + member + "\" \"" + pointer.textValue()
                    + "\", which is no JSON Pointer (RFC 6901): empty, or '/'-separated tokens where '~' is only "
                    + "written as ~0 or ~1");
        }
    }

    private JsonValue read(JsonDocument document) {
        try (var reader = json.createReader(new StringReader(document.json()))) {
            return reader.readValue();
        }
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().replace("'/" + ROOT + "/", "'/").replace("'/" + ROOT + "'", "''");
        return message.length() <= MAX_REASON_LENGTH ? message : message.substring(0, MAX_REASON_LENGTH) + "...";
    }
}
