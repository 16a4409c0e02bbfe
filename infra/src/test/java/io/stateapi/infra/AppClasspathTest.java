package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CDK app reads what it shares with the functions from the dependency-free resources module
 * and packages the functions' jar by its path: no class of the functions (nor their Micronaut,
 * AWS SDK and Jackson) is on the classpath {@code cdk.json}'s app command runs with.
 */
class AppClasspathTest {

    @Test
    void theAppsClasspathHoldsTheSharedResourcesModuleAndNotTheFunctions() throws IOException {
        List<String> entries = Arrays.asList(Files.readString(Path.of("target", "classpath.txt")).strip()
                .split(File.pathSeparator));

        assertThat(entries).anyMatch(entry -> entry.contains("state-api-resources")
                || entry.contains("resources" + File.separator + "target"));
        assertThat(entries).noneMatch(entry -> entry.contains("state-api-functions")
                || entry.contains("functions" + File.separator + "target"));
        assertThat(entries).noneMatch(entry -> entry.contains("micronaut"));
    }
}
