package io.stateapi.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The functions' deployment artifact: the shaded jar Maven builds in the functions module
 * ({@code state-api-functions-<version>-lambda.jar}). Both functions run from it.
 */
final class FunctionArtifact {

    private FunctionArtifact() {
    }

    /** Where this build of the functions module puts the jar (written into the app at build time). */
    static Path defaultPath() {
        Properties build = new Properties();
        try (InputStream in = FunctionArtifact.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties missing from the infra classpath");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Path.of(build.getProperty("functions.jar")).toAbsolutePath().normalize();
    }

    static Code code(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the functions' deployment jar is missing: " + jar
                    + "\nbuild it first: mvn -pl functions -am package -DskipTests (make synth and make deploy do)");
        }
        return Code.fromAsset(jar.toString());
    }
}
