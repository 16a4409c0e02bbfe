package io.stateapi.subscriptions;

import io.stateapi.resources.Runbook;

/**
 * The descriptions of a subscription's two alarms ({@link SubscriptionAlarms}): whose
 * subscription it is, what is wrong, and the runbook section to read.
 */
public final class SubscriptionAlarmDescriptions {

    private SubscriptionAlarmDescriptions() {
    }

    public static String backlogAge(String tenant, String namespace, String subscription) {
        return Runbook.describe("The consumer of subscription '" + subscription + "' of namespace '" + namespace
                + "' (tenant " + tenant + ") is more than " + SubscriptionAlarms.BACKLOG_AGE_THRESHOLD.toSeconds()
                + " s behind", Runbook.SUBSCRIPTION_BACKLOG_AGE);
    }

    public static String deadLetters(String tenant, String namespace, String subscription) {
        return Runbook.describe("Subscription '" + subscription + "' of namespace '" + namespace + "' (tenant "
                + tenant + ") has messages in its dead-letter queue", Runbook.SUBSCRIPTION_DLQ_DEPTH);
    }
}
