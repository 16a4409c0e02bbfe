package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.contracts.OpenApiContract;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code contracts/openapi/state-api.yaml}) and the API Gateway routes agree:
 * an operation without a route answers 404 on AWS while every local test passes, since the local
 * gateway hands every path to the function. The expectations come from the document, so an
 * operation added to it needs its route here before the build passes.
 */
class ContractRoutesTest {

    @Test
    void everyOperationOfTheContractHasARoute() {
        Set<String> operations = asRoutes(OpenApiContract.load().operations());

        assertThat(operations).isNotEmpty();
        assertThat(routesAsTheContractWritesThem(ApiRoutes.ALL)).containsAll(operations);
    }

    /** Routes deployed ahead of their endpoints ({@link ApiRoutesTest#AWAITING_ENDPOINTS}) are held once the document has them. */
    @Test
    void everyRouteIsAnOperationOfTheContract() {
        Set<String> operations = asRoutes(OpenApiContract.load().operations());

        assertThat(ApiRoutes.ALL)
                .filteredOn(route -> !ApiRoutesTest.AWAITING_ENDPOINTS.contains(route)
                        || operations.contains(asInTheContract(route)))
                .allSatisfy(route -> assertThat(operations).contains(asInTheContract(route)))
                .hasSizeGreaterThanOrEqualTo(ApiRoutes.ALL.size() - ApiRoutesTest.AWAITING_ENDPOINTS.size());
    }

    /** A path variable that may span segments is greedy on API Gateway ({key+}) and one parameter in OpenAPI ({key}). */
    @Test
    void pathVariablesThatSpanSegmentsAreGreedyRoutes() {
        assertThat(ApiRoutes.ALL).filteredOn(route -> route.path().contains("+}"))
                .extracting(ApiRoutes.Route::path)
                .allSatisfy(path -> assertThat(path).matches(".*/\\{[a-z]+\\+}$"))
                .contains(ApiRoutes.KEY_PATH, ApiRoutes.PRINCIPAL_PATH);
    }

    /**
     * The route each operation travels on: a greedy variable ends an API Gateway route, so
     * {@code .../keys/{key}/versions} (ADR 0036) goes on {@code .../keys/{key}}.
     */
    private static Set<String> asRoutes(Set<String> operations) {
        return operations.stream().map(operation -> operation.replaceAll("/\\{key}/.*$", "/{key}"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> routesAsTheContractWritesThem(List<ApiRoutes.Route> routes) {
        return routes.stream().map(ContractRoutesTest::asInTheContract).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String asInTheContract(ApiRoutes.Route route) {
        return route.method() + " " + route.path().replace("+}", "}");
    }
}
