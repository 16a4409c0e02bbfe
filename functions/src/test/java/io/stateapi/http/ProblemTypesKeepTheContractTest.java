package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.contracts.OpenApiContract;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The problem types the service reports and those the OpenAPI document lists are the same set. */
class ProblemTypesKeepTheContractTest {

    @Test
    void everyProblemTypeIsInTheContractAndEveryListedTypeIsReported() {
        Set<String> documented = new TreeSet<>();
        OpenApiContract.load().document().at("/components/schemas/ProblemType/enum")
                .forEach(type -> documented.add(type.asText()));
        Set<String> reported = new TreeSet<>();
        Arrays.stream(ProblemType.values()).forEach(type -> reported.add(type.uri().toString()));

        assertThat(reported).isEqualTo(documented);
    }
}
