package io.stateapi.resources;

/**
 * Where the one an alarm pages reads on: {@code docs/runbook.md}, a section per alarm. Every
 * alarm's description ends with the link to its section, whether the CDK app makes the alarm or
 * the api function does at run time (a subscription's alarms, ADR 0038); {@code RunbookTest}
 * finds the section of each (ADR 0047).
 */
public final class Runbook {

    /**
     * The runbook, as a path in the State API repository: the one place to change it, to the URL
     * of the published repository or docs for instance.
     */
    public static final String LOCATION = "docs/runbook.md";

    /** The section on a subscription's backlog-age alarm. */
    public static final String SUBSCRIPTION_BACKLOG_AGE = "sub-id-backlog-age";
    /** The section on a subscription's dead-letter alarm. */
    public static final String SUBSCRIPTION_DLQ_DEPTH = "sub-id-dlq-depth";

    private Runbook() {
    }

    /** The link to a section, by its anchor. */
    public static String link(String section) {
        return LOCATION + "#" + section;
    }

    /** An alarm's description: what happened, then where its runbook section is. */
    public static String describe(String what, String section) {
        return what + ". Runbook: " + link(section);
    }
}
