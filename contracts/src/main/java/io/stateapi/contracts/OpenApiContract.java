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
 * and the checks that traffic keeps it.
 *
 * <p>A response: the status is documented for the operation, the content type is one it
 * lists, required headers are there and match their schemas, and the body validates against
 * the response schema (JSON Schema 2020-12, formats asserted, by networknt's validator).
 * Responses to undocumented routes must still be problem details.
 *
 * <p>A request (as a client such as the SDK sends it): the operation exists, path, query and
 * header parameters validate against their schemas, no undeclared query parameter is sent,
 * and a body has a declared content type and validates against the request body schema.
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
        if (!contentType.endsWith("json")) {
            // A text body (the watch's text/event-stream, ADR 0037) has no JSON schema to hold it to.
            return;
        }
        JsonSchema schema = compiled.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(LOCATION + p), config));
        Set<ValidationMessage> messages = schema.validate(body == null ? "" : body, InputFormat.JSON);
        messages.forEach(m -> violations.add(pointer + ": " + m.getMessage() + " in " + body));
    }

    /**
     * Every way a request breaks the contract; empty when it keeps it.
     *
     * @param target the raw path and query, as on the request line ({@code /v1/...?consistency=eventual})
     */
    public List<String> requestViolations(String method, String target, Map<String, List<String>> headers, String body) {
        List<String> violations = new ArrayList<>();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Optional<String> template = template(path);
        String lower = method.toLowerCase(Locale.ROOT);
        if (template.isEmpty() || !document.get("paths").get(template.get()).has(lower)) {
            violations.add(method + " " + path + " is not an operation of the contract");
            return violations;
        }
        String where = method + " " + template.get();
        JsonNode pathItem = document.get("paths").get(template.get());
        List<String> parameterPointers = new ArrayList<>();
        collectParameters(pathItem.path("parameters"), "#/paths/" + escape(template.get()) + "/parameters/", parameterPointers);
        collectParameters(pathItem.get(lower).path("parameters"),
                "#/paths/" + escape(template.get()) + "/" + lower + "/parameters/", parameterPointers);
        Map<String, String> pathValues = pathValues(template.get(), path);
        Set<String> declaredQuery = new LinkedHashSet<>();
        for (String pointer : parameterPointers) {
            JsonNode parameter = document.at(pointer.substring(1));
            String name = parameter.get("name").asText();
            String in = parameter.get("in").asText();
            String value = switch (in) {
                case "path" -> pathValues.get(name);
                case "query" -> {
                    declaredQuery.add(name);
                    yield query.get(name);
                }
                case "header" -> header(headers, name).orElse(null);
                default -> null;
            };
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    violations.add(where + ": required " + in + " parameter " + name + " missing");
                }
                continue;
            }
            String schemaPointer = pointer + "/schema";
            JsonSchema schema = compiled.computeIfAbsent(schemaPointer,
                    p -> schemas.getSchema(SchemaLocation.of(LOCATION + p), config));
            schema.validate(parameterValue(document.at(schemaPointer.substring(1)), value))
                    .forEach(m -> violations.add(where + ": " + in + " parameter " + name + "=" + value + ": " + m.getMessage()));
        }
        query.keySet().stream().filter(name -> !declaredQuery.contains(name))
                .forEach(name -> violations.add(where + ": undeclared query parameter " + name));
        JsonNode requestBody = resolve(pathItem.get(lower).get("requestBody"));
        if (requestBody == null) {
            if (body != null && !body.isEmpty()) {
                violations.add(where + ": sends a body the operation does not take");
            }
            return violations;
        }
        if (body == null || body.isEmpty()) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add(where + ": required body missing");
            }
            return violations;
        }
        String contentType = header(headers, "content-type").map(v -> v.split(";")[0].strip()).orElse(null);
        if (contentType == null || !requestBody.path("content").has(contentType)) {
            violations.add(where + ": request content type " + contentType + " not declared");
            return violations;
        }
        validateBody("#/paths/" + escape(template.get()) + "/" + lower + "/requestBody/content/" + escape(contentType)
                + "/schema", contentType, contentType, body, violations);
        return violations;
    }

    private void collectParameters(JsonNode parameters, String base, List<String> pointers) {
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            pointers.add(parameter.has("$ref") ? parameter.get("$ref").asText() : base + i);
        }
    }

    /** The decoded values of a template's path parameters in a concrete path. */
    private static Map<String, String> pathValues(String template, String path) {
        Map<String, String> values = new java.util.HashMap<>();
        String[] names = template.split("/");
        String[] parts = path.split("/", names.length);
        for (int i = 0; i < names.length && i < parts.length; i++) {
            if (names[i].startsWith("{")) {
                values.put(names[i].substring(1, names[i].length() - 1), decode(parts[i]));
            }
        }
        return values;
    }

    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The path template a concrete path falls under; {key} may span several segments. */
    public Optional<String> template(String path) {
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

    /**
     * A parameter's text as the JSON its schema describes: a query or path parameter arrives as
     * text, and {@code limit=1} is the integer 1 to a schema of {@code type: integer}.
     */
    private static JsonNode parameterValue(JsonNode schema, String value) {
        String type = schema.path("type").asText("");
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return new java.math.BigDecimal(value).scale() <= 0
                    ? com.fasterxml.jackson.databind.node.BigIntegerNode.valueOf(new java.math.BigInteger(value))
                    : com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new java.math.BigDecimal(value));
        }
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
    }
}
