package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AWS Solutions rules, applied exactly as {@code cdk synth} applies them. */
class CdkNagTest {

    static Stream<Synthesized> everyVariant() {
        return Stream.of(Synthesized.of("dev"), Synthesized.of("staging"), Synthesized.of("prod"),
                Synthesized.prodWithAllOptions(), Synthesized.prodWithIam(), Synthesized.prodWithoutConsole());
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void reportsNoUnsuppressedErrors(Synthesized s) {
        List<SynthesisMessage> errors = Annotations.fromStack(s.stack())
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(describe(errors)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void reportsNoUnsuppressedWarnings(Synthesized s) {
        List<SynthesisMessage> warnings = Annotations.fromStack(s.stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(describe(warnings)).isEmpty();
    }

    /** The console's hosting and CDK's deploy-time copy function (ADR 0054), checked on their own below. */
    private static boolean console(String logicalId) {
        return logicalId.startsWith("Console") || Synthesized.consoleCopyFunction(logicalId);
    }

    private static List<Map<String, Object>> suppressions(Synthesized s, Predicate<String> logicalIds) {
        return s.template().toJSON().entrySet().stream()
                .filter(e -> e.getKey().equals("Resources"))
                .flatMap(e -> ((Map<?, ?>) e.getValue()).entrySet().stream())
                .filter(e -> logicalIds.test(e.getKey().toString()))
                .map(e -> (Map<?, ?>) ((Map<?, ?>) e.getValue()).get("Metadata"))
                .filter(m -> m != null && m.get("cdk_nag") != null)
                .flatMap(m -> ((List<?>) ((Map<?, ?>) m.get("cdk_nag")).get("rules_to_suppress")).stream())
                .map(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> rule = (Map<String, Object>) r;
                    return rule;
                })
                .toList();
    }

    @Test
    void theConsolesSuppressionsAreItsOwnKinds() {
        List<Map<String, Object>> console = suppressions(Synthesized.of("prod"), CdkNagTest::console);

        assertThat(console).isNotEmpty().allSatisfy(rule ->
                assertThat(rule.get("reason").toString()).hasSizeGreaterThan(60));
        assertThat(console).extracting(r -> r.get("id")).containsOnly("AwsSolutions-S1", "AwsSolutions-CFR1",
                "AwsSolutions-CFR2", "AwsSolutions-CFR3", "AwsSolutions-CFR4", "AwsSolutions-IAM4", "AwsSolutions-IAM5",
                "AwsSolutions-L1");
        // The copy function's IAM findings are suppressed for exactly CDK's grants, not for any future one.
        assertThat(console).filteredOn(r -> r.get("id").toString().startsWith("AwsSolutions-IAM"))
                .hasSize(2).allSatisfy(r -> assertThat(r).containsKey("applies_to"));
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void everySuppressionNamesARuleAndGivesAReason(Synthesized s) {
        List<Map<String, Object>> suppressions = suppressions(s, id -> !console(id));

        assertThat(suppressions).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.get("id").toString()).matches("AwsSolutions-[A-Z0-9]+");
            assertThat(rule.get("reason").toString()).hasSizeGreaterThan(60);
        });
        assertThat(suppressions).extracting(r -> r.get("id"))
                .containsOnly("AwsSolutions-L1", "AwsSolutions-IAM5", "AwsSolutions-SQS3", "AwsSolutions-SMG4");
        // rotation is off for one secret only: the cursor key, whose rotation would void every cursor (ADR 0026)
        assertThat(suppressions).filteredOn(r -> r.get("id").equals("AwsSolutions-SMG4")).hasSize(1);
        // a wildcard only for actions without resource-level permissions, or for the tenants' queues
        // of this environment, which the fan-out creates (ADR 0015)
        String tenantQueues = "Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:"
                + s.config().resources().tenantEventsQueueNamePattern();
        // and for the tenants' topics, their subscriptions and the subscriptions' queues and alarms,
        // which the functions make at run time (ADR 0038)
        StateApiResources resources = s.config().resources();
        String arn = "Resource::arn:<AWS::Partition>:%s:<AWS::Region>:<AWS::AccountId>:";
        List<List<String>> patterns = List.of(List.of("Resource::*"), List.of(tenantQueues),
                List.of(String.format(arn, "sns") + resources.tenantChangesTopicNamePattern()),
                List.of(String.format(arn, "sns") + resources.tenantChangesTopicNamePattern() + ":*"),
                List.of(String.format(arn, "sqs") + resources.subscriptions().queueNamePattern()),
                List.of(String.format(arn, "cloudwatch") + "alarm:" + resources.subscriptions().alarmNamePattern()));
        assertThat(suppressions).filteredOn(r -> r.get("id").equals("AwsSolutions-IAM5"))
                .allSatisfy(r -> assertThat(r.get("applies_to")).isIn(patterns.toArray()))
                .anySatisfy(r -> assertThat(r.get("applies_to")).isEqualTo(List.of(tenantQueues)));
    }
}
