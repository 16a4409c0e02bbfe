package io.stateapi.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document in {@code contracts/openapi/state-api.yaml}, read from the classpath,
 * and the check that a response keeps it: the status is documented for the operation, the
 * content type is one it lists, required headers are there and match their schemas, and the
 * body validates against the response schema (JSON Schema 2020-12, formats asserted, by
 * networknt's validator). Responses to undocumented routes must still be problem details.
 */
public final class OpenApiContract {

    public static final String LOCATION = "classpath:contracts/openapi/state-api.yaml";
    private static final String RESOURCE = "contracts/openapi/state-api.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OpenApiContract load() {
        return INSTANCE;
    }

    public JsonNode document() {
        return document;
    }

    /** "GET /v1/namespaces/{namespace}/keys/{key}" for every operation in the document. */
    public Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /**
     * Every way the response breaks the contract; empty when it keeps it.
     *
     * @param path the request's raw path, without query
     */
    public List<String> violations(String method, String path, int status, Map<String, List<String>> headers, String body) {
        List<String> violations = new ArrayList<>();
        Optional<String> template = template(path);
        JsonNode operation = template.map(t -> document.get("paths").get(t).get(method.toLowerCase(Locale.ROOT))).orElse(null);
        String contentType = header(headers, "content-type").map(v -> v.split(";")[0].strip()).orElse(null);
        if (operation == null || (status == 404 && body != null && body.contains("/problems/route-not-found"))) {
            // Undocumented route or method, or a path the router cannot match (keys//): a 404 or 405 problem.
            if (status != 404 && status != 405) {
                violations.add(method + " " + path + " is not in the contract but answered " + status);
            }
            validateBody("#/components/schemas/Problem", "application/problem+json", contentType, body, violations);
            return violations;
        }
        String where = method + " " + template.get() + " -> " + status;
        JsonNode response = resolve(operation.path("responses").get(Integer.toString(status)));
        if (response == null) {
            response = resolve(operation.path("responses").get("default"));
        }
        if (response == null) {
            violations.add(where + ": status not documented");
            return violations;
        }
        Iterator<Map.Entry<String, JsonNode>> declared = response.path("headers").fields();
        while (declared.hasNext()) {
            Map.Entry<String, JsonNode> h = declared.next();
            JsonNode spec = resolve(h.getValue());
            Optional<String> value = header(headers, h.getKey());
            if (value.isEmpty()) {
                if (spec.path("required").asBoolean(false)) {
                    violations.add(where + ": required header " + h.getKey() + " missing");
                }
                continue;
            }
            JsonNode pattern = resolve(spec.path("schema")).get("pattern");
            if (pattern != null && !Pattern.compile(pattern.asText()).matcher(value.get()).find()) {
                violations.add(where + ": header " + h.getKey() + "=" + value.get() + " does not match " + pattern.asText());
            }
        }
        JsonNode content = response.get("content");
        if (content == null) {
            if (body != null && !body.isEmpty()) {
                violations.add(where + ": documented without a body, but has one");
            }
            return violations;
        }
        if (contentType == null || !content.has(contentType)) {
            violations.add(where + ": content type " + contentType + " not among " + iterable(content.fieldNames()));
            return violations;
        }
        String pointer = pointerTo(template.get(), method, status, response, contentType);
        validateBody(pointer, contentType, contentType, body, violations);
        return violations;
    }

    private String pointerTo(String template, String method, int status, JsonNode response, String contentType) {
        JsonNode responses = document.get("paths").get(template).get(method.toLowerCase(Locale.ROOT)).get("responses");
        JsonNode raw = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status)) : responses.get("default");
        String base = raw.has("$ref") ? raw.get("$ref").asText()
                : "#/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/"
                + (responses.has(Integer.toString(status)) ? status : "default");
        return base + "/content/" + escape(contentType) + "/schema";
    }

    private void validateBody(String pointer, String expectedType, String contentType, String body, List<String> violations) {
        if (!expectedType.equals(contentType)) {
            violations.add("expected " + expectedType + " but got " + contentType + ": " + body);
            return;
        }
        JsonSchema schema = compiled.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(LOCATION + p), config));
        Set<ValidationMessage> messages = schema.validate(body == null ? "" : body, InputFormat.JSON);
        messages.forEach(m -> violations.add(pointer + ": " + m.getMessage() + " in " + body));
    }

    /** The path template a concrete path falls under; {key} may span several segments. */
    Optional<String> template(String path) {
        Iterator<String> templates = document.get("paths").fieldNames();
        while (templates.hasNext()) {
            String template = templates.next();
            String regex = "^" + Pattern.quote(template)
                    .replace("{key}", "\\E.+\\Q")
                    .replaceAll("\\{[a-zA-Z]+}", "\\\\E[^/]+\\\\Q") + "$";
            if (path.matches(regex)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst();
    }

    private static String escape(String pointerSegment) {
        return pointerSegment.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
