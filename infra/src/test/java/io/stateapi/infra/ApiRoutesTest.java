package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.stateapi.http.HealthController;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** API Gateway has a route for exactly the endpoints the api function's controllers serve. */
class ApiRoutesTest {

    /**
     * Routes deployed ahead of their endpoints: the purge status of a namespace
     * ({@code GET /v1/namespaces/{namespace}/purge}, issue 10's resumable purge) is not served yet.
     * A route here is held like every other once a controller serves it; the set can go then.
     */
    static final Set<ApiRoutes.Route> AWAITING_ENDPOINTS = Set.of(new ApiRoutes.Route("GET", ApiRoutes.PURGE_PATH));

    @Test
    void everyControllerEndpointHasARoute() throws Exception {
        assertThat(ApiRoutes.ALL).containsAll(controllerEndpoints());
    }

    @Test
    void everyRouteHasAnEndpoint() throws Exception {
        List<ApiRoutes.Route> endpoints = controllerEndpoints();

        assertThat(ApiRoutes.ALL).filteredOn(route -> !AWAITING_ENDPOINTS.contains(route) || endpoints.contains(route))
                .containsExactlyInAnyOrderElementsOf(endpoints);
    }

    private static List<ApiRoutes.Route> controllerEndpoints() throws IOException, URISyntaxException {
        List<ApiRoutes.Route> routes = new ArrayList<>();
        for (Class<?> type : classesInHttpPackage()) {
            Controller controller = type.getAnnotation(Controller.class);
            if (controller == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                endpoint(method).ifPresent(e -> routes.add(new ApiRoutes.Route(e.getKey(),
                        apiGatewayPath(controller.value() + e.getValue()))));
            }
        }
        // The key's history travels on the key's own routes (a greedy variable ends a route).
        return routes.stream().distinct().toList();
    }

    private static java.util.Optional<Map.Entry<String, String>> endpoint(Method method) {
        if (method.isAnnotationPresent(Get.class)) {
            Get a = method.getAnnotation(Get.class);
            return java.util.Optional.of(Map.entry("GET", a.uri().equals("/") ? a.value() : a.uri()));
        }
        if (method.isAnnotationPresent(Put.class)) {
            Put a = method.getAnnotation(Put.class);
            return java.util.Optional.of(Map.entry("PUT", a.uri().equals("/") ? a.value() : a.uri()));
        }
        if (method.isAnnotationPresent(Delete.class)) {
            Delete a = method.getAnnotation(Delete.class);
            return java.util.Optional.of(Map.entry("DELETE", a.uri().equals("/") ? a.value() : a.uri()));
        }
        if (method.isAnnotationPresent(Patch.class)) {
            Patch a = method.getAnnotation(Patch.class);
            return java.util.Optional.of(Map.entry("PATCH", a.uri().equals("/") ? a.value() : a.uri()));
        }
        if (method.isAnnotationPresent(Post.class)) {
            Post a = method.getAnnotation(Post.class);
            return java.util.Optional.of(Map.entry("POST", a.uri().equals("/") ? a.value() : a.uri()));
        }
        return java.util.Optional.empty();
    }

    /**
     * Micronaut's {@code {+key}} (may contain '/') is API Gateway's greedy {@code {key+}}, which must
     * end a route: what follows it in Micronaut's path ({@code /versions}) travels inside it.
     */
    static String apiGatewayPath(String micronautPath) {
        String path = micronautPath.replaceAll("\\{\\+([a-zA-Z0-9_]+)}.*$", "{$1+}").replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Test
    void greedyMicronautVariablesBecomeGreedyApiGatewayVariables() {
        assertThat(apiGatewayPath("/v1/namespaces/{namespace}/keys" + "/{+key}"))
                .isEqualTo("/v1/namespaces/{namespace}/keys/{key+}");
        assertThat(apiGatewayPath("/v1/admin/principals" + "/{+principal}")).isEqualTo(ApiRoutes.PRINCIPAL_PATH);
        assertThat(apiGatewayPath("/health" + "/")).isEqualTo("/health");
        assertThat(apiGatewayPath("/v1/namespaces/{namespace}/keys" + "/{+key}/versions/{version}/restore"))
                .isEqualTo(ApiRoutes.KEY_PATH);
    }

    private static List<Class<?>> classesInHttpPackage() throws IOException, URISyntaxException {
        Path location = Path.of(HealthController.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = HealthController.class.getPackageName().replace('.', '/');
        if (Files.isDirectory(location)) {
            return load(location.resolve(packagePath), location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return load(jar.getPath("/" + packagePath), jar.getPath("/"));
        }
    }

    private static List<Class<?>> load(Path packageDir, Path root) throws IOException {
        try (Stream<Path> files = Files.list(packageDir)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(ApiRoutesTest::forName)
                    .toList();
        }
    }

    private static Class<?> forName(String name) {
        try {
            return Class.forName(name, false, ApiRoutesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
