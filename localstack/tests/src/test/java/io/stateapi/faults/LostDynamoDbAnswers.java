package io.stateapi.faults;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Faults between the api function and DynamoDB, drawn per DynamoDB call from a seeded
 * sequence: the first attempt's answer lost after DynamoDB applied it (the SDK then retries the
 * same request, which is how a committed conditional write meets its own commit), every
 * attempt failing before it is sent (the function answers 503 and nothing was written), or every
 * attempt's answer lost (503, and the write may have been applied). An answer is "lost" by failing
 * the attempt with an I/O error once the HTTP response has arrived, which the SDK's standard
 * retries treat like a connection reset.
 *
 * <p>The sequence is seeded, so the number and kinds of faults are the same on every run; which
 * concurrent request meets which fault depends on the order the calls arrive in.
 */
public final class LostDynamoDbAnswers implements ExecutionInterceptor {

    public enum Fault {
        NONE,
        /** The first attempt is applied and its answer lost; the SDK's retry gets through. */
        FIRST_ANSWER_LOST,
        /** Every attempt fails before it is sent: nothing is applied, the function answers 503. */
        UNAVAILABLE,
        /** Every attempt is sent and its answer lost: the first may be applied, the function answers 503. */
        EVERY_ANSWER_LOST
    }

    private static final ExecutionAttribute<Fault> FAULT = new ExecutionAttribute<>("injected-fault");
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("injected-fault-attempts");

    private final Random random;
    private final int firstAnswerLostPercent;
    private final int unavailablePercent;
    private final int everyAnswerLostPercent;
    private final AtomicInteger[] injected = new AtomicInteger[Fault.values().length];

    /** Percentages of DynamoDB calls that meet each fault. */
    public LostDynamoDbAnswers(long seed, int firstAnswerLostPercent, int unavailablePercent, int everyAnswerLostPercent) {
        this.random = new Random(seed);
        this.firstAnswerLostPercent = firstAnswerLostPercent;
        this.unavailablePercent = unavailablePercent;
        this.everyAnswerLostPercent = everyAnswerLostPercent;
        for (int i = 0; i < injected.length; i++) {
            injected[i] = new AtomicInteger();
        }
    }

    /** How many DynamoDB calls met {@code fault} so far. */
    public int injected(Fault fault) {
        return injected[fault.ordinal()].get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Fault fault = next();
        injected[fault.ordinal()].incrementAndGet();
        attributes.putAttribute(FAULT, fault);
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.getAttribute(ATTEMPTS).incrementAndGet();
        if (attributes.getAttribute(FAULT) == Fault.UNAVAILABLE) {
            throw lost("injected: connection refused before the request was sent");
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Fault fault = attributes.getAttribute(FAULT);
        boolean first = attributes.getAttribute(ATTEMPTS).get() == 1;
        if (fault == Fault.EVERY_ANSWER_LOST || (fault == Fault.FIRST_ANSWER_LOST && first)) {
            throw lost("injected: connection reset after DynamoDB answered");
        }
    }

    private synchronized Fault next() {
        int dice = random.nextInt(100);
        if (dice < firstAnswerLostPercent) {
            return Fault.FIRST_ANSWER_LOST;
        }
        if (dice < firstAnswerLostPercent + unavailablePercent) {
            return Fault.UNAVAILABLE;
        }
        if (dice < firstAnswerLostPercent + unavailablePercent + everyAnswerLostPercent) {
            return Fault.EVERY_ANSWER_LOST;
        }
        return Fault.NONE;
    }

    private static SdkClientException lost(String message) {
        return SdkClientException.builder().message(message).cause(new IOException(message)).build();
    }
}
