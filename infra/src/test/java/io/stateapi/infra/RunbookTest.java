package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.Runbook;
import io.stateapi.subscriptions.SubscriptionAlarmDescriptions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every alarm tells the one it pages where to read on: its description links to a section of
 * {@code docs/runbook.md} that says what the alarm means, where to look and how to fix it. The
 * alarms are read from the synthesized template, and the subscriptions' alarms, which the api
 * function makes at run time (ADR 0038), from the code that writes their descriptions; so an
 * alarm added without its section fails here.
 */
class RunbookTest {

    private static final Pattern LINK = Pattern.compile(Pattern.quote(Runbook.LOCATION) + "#([a-z0-9_-]+)");
    /** CloudWatch's limit on {@code AlarmDescription}. */
    private static final int MAX_DESCRIPTION = 1024;
    private static final List<String> PARTS = List.of("What it means", "Where to look", "How to fix");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyAlarmOfTheStackLinksToItsSectionOfTheRunbook(String env) {
        Map<String, String> descriptions = Synthesized.of(env).resources("AWS::CloudWatch::Alarm").values().stream()
                .map(Synthesized::properties)
                .collect(Collectors.toMap(a -> a.get("AlarmName").toString(),
                        a -> String.valueOf(a.get("AlarmDescription"))));

        assertThat(descriptions).isNotEmpty();
        descriptions.forEach(RunbookTest::assertLinksToACompleteSection);
    }

    @Test
    void theStacksAlarmsHaveASectionEach() {
        Map<String, Long> alarmsPerSection = Synthesized.of("prod").resources("AWS::CloudWatch::Alarm").values()
                .stream().map(a -> anchorIn(String.valueOf(properties(a).get("AlarmDescription"))))
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()));

        assertThat(alarmsPerSection).allSatisfy((section, alarms) -> assertThat(alarms).as(section).isEqualTo(1));
    }

    @Test
    void aSubscriptionsAlarmsLinkToTheirSectionsOfTheRunbook() {
        assertLinksToACompleteSection("backlog age",
                SubscriptionAlarmDescriptions.backlogAge("acme", "shop", "billing"));
        assertLinksToACompleteSection("dead letters",
                SubscriptionAlarmDescriptions.deadLetters("acme", "shop", "billing"));
        assertThat(anchorIn(SubscriptionAlarmDescriptions.backlogAge("acme", "shop", "billing")))
                .isNotEqualTo(anchorIn(SubscriptionAlarmDescriptions.deadLetters("acme", "shop", "billing")));
    }

    /** The check above can fail: a link to a section the runbook lacks, or to one missing a part. */
    @Test
    void aLinkToAMissingOrIncompleteSectionIsFound() {
        RunbookSections runbook = RunbookSections.parse("""
                # Runbook
                ## `api-5xx`
                What it means. Where to look. How to fix.
                ## `api-latency-p99`
                What it means.
                ```
                ## `in-a-code-block`
                ```
                """);

        assertThat(runbook.section("api-5xx")).hasValueSatisfying(s -> assertThat(s).contains(PARTS));
        assertThat(runbook.section("api-latency-p99")).hasValueSatisfying(s -> assertThat(s).doesNotContain("How to fix"));
        assertThat(runbook.section("api-errors")).isEmpty();
        assertThat(runbook.section("in-a-code-block")).isEmpty();
        assertThat(RunbookSections.slug("Replay the stream DLQ (on AWS)")).isEqualTo("replay-the-stream-dlq-on-aws");
    }

    private static void assertLinksToACompleteSection(String alarm, String description) {
        assertThat(description).as(alarm).hasSizeLessThanOrEqualTo(MAX_DESCRIPTION);
        String anchor = anchorIn(description);
        assertThat(RunbookSections.ofTheRepository().section(anchor))
                .as("%s links to %s#%s, which must be a section of the runbook", alarm, Runbook.LOCATION, anchor)
                .hasValueSatisfying(section -> assertThat(section).as(alarm).contains(PARTS));
    }

    private static String anchorIn(String description) {
        Matcher link = LINK.matcher(description);
        assertThat(link.find()).as("a link to the runbook in: %s", description).isTrue();
        return link.group(1);
    }
}
