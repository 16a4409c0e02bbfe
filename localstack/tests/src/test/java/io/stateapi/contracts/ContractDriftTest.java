package io.stateapi.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The routes the api function serves and the operations the OpenAPI document lists are the same set. */
class ContractDriftTest {

    @Test
    void everyRouteIsInTheContractAndEveryOperationHasARoute() {
        TestStack stack = TestStack.shared();
        Set<String> routes = new TreeSet<>();
        try (ApiFunction function = ApiFunction.withProperties(
                LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES))) {
            Router router = function.getApplicationContext().getBean(Router.class);
            router.uriRoutes()
                    .filter(route -> route.getHttpMethod() != HttpMethod.HEAD && route.getHttpMethod() != HttpMethod.OPTIONS)
                    .map(ContractDriftTest::operation)
                    .forEach(routes::add);
        }

        assertThat(routes).isEqualTo(new TreeSet<>(OpenApiContract.load().operations()));
    }

    /** "PUT /v1/namespaces/{namespace}/keys/{key}" for a route (Micronaut writes the key as {+key}). */
    private static String operation(UriRouteInfo<?, ?> route) {
        return route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString().replace("{+", "{");
    }
}
