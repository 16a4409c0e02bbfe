package io.stateapi.domain.subscriptions;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * New subscription ids: 16 random characters of {@code a-z0-9} (82 bits), short enough for the
 * queue names (SQS allows 80 characters) and never reused, so a deleted subscription's queue
 * name (which SQS refuses for 60 s) never stands in a new one's way.
 */
public final class SubscriptionIds implements Supplier<String> {

    public static final int LENGTH = 16;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
