package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command {@code cdk.json} gives the CDK CLI ({@code bin/cdk-app}) synthesizes the stack
 * offline, the way {@code cdk synth -c env=dev} runs it: context in {@code CDK_CONTEXT_JSON},
 * output directory in {@code CDK_OUTDIR}, and no AWS credentials in the environment.
 */
class CdkAppCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void cdkJsonsAppCommandSynthesizesTheEnvironmentWithoutAwsCredentials() throws Exception {
        JsonNode cdkJson = JSON.readTree(Path.of("cdk.json").toFile());
        Path out = Path.of("target", "cdk-app-command-out").toAbsolutePath();
        deleteRecursively(out);
        Map<String, Object> context = new HashMap<>(Synthesized.cdkJsonContext());
        context.put("env", "dev");

        ProcessBuilder command = new ProcessBuilder("bash", "-c", cdkJson.get("app").asText())
                .redirectErrorStream(true);
        command.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        command.environment().put("CDK_OUTDIR", out.toString());
        command.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context));
        Process app = command.start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        app.waitFor(5, TimeUnit.MINUTES);

        assertThat(app.exitValue()).as(output).isZero();
        JsonNode template = JSON.readTree(out.resolve("state-api-dev.template.json").toFile());
        assertThat(template.get("Resources").findValuesAsText("TableName")).contains("state-api-dev-state");
        assertThat(Files.readAllLines(out.resolve("AwsSolutions-state-api-dev-NagReport.csv")))
                .hasSizeGreaterThan(1)
                .noneMatch(line -> line.contains("\"Non-Compliant\""));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
