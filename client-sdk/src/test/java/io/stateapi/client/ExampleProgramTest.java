package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.examples.CartExample;
import io.stateapi.client.support.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's example program runs against the local stack, as it does against {@code make run}. */
class ExampleProgramTest {

    @Test
    void theExampleProgramRunsEveryOperation() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        CartExample.run(TestStack.get().apiEndpoint(), TestStack.get().auth(), new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(output.toString(StandardCharsets.UTF_8)).containsSubsequence(
                "created  v1 Cart[items=[apple]]",
                "get      v1 Cart[items=[apple]]",
                "cas put  v2 Cart[items=[apple, pear]]",
                "conflict current version 2",
                "update   v3 Cart[items=[apple, pear, fig]]",
                "put ttl  v4 expires ",
                "async    v4 Cart[items=[apple, pear, fig]]",
                "deleted  present=false",
                "get      404 https://stateapi.io/problems/not-found");
    }
}
