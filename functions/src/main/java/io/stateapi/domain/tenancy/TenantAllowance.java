package io.stateapi.domain.tenancy;

import java.util.concurrent.locks.ReentrantLock;

/**
 * What one instance of the api function knows of one tenant's current quota window: the
 * requests it leased from the ledger and has not used yet, what it admitted, and whether the
 * ledger already refused or could not be reached in this window. Guarded by {@link #lock}.
 */
final class TenantAllowance {

    /** Where the window stands for this instance. */
    enum Standing {
        /** Leases come from the ledger. */
        SHARED,
        /** The ledger refused: the window is full for every instance; no more calls until it ends. */
        FULL,
        /** The ledger could not be reached: this instance counts alone until the window ends (fail open). */
        LOCAL
    }

    final ReentrantLock lock = new ReentrantLock();

    private volatile QuotaWindow window;
    private Standing standing = Standing.SHARED;
    private int leased;
    private int admitted;
    private int admittedBefore;
    private long counted;

    /** Moves to {@code current}, starting its count afresh when it is a new window. */
    void enter(QuotaWindow current) {
        if (current.equals(window)) {
            return;
        }
        admittedBefore = window != null && window.next().equals(current) ? admitted : 0;
        window = current;
        standing = Standing.SHARED;
        leased = 0;
        admitted = 0;
        counted = 0;
    }

    /** Admits one request on a lease this instance holds, if it holds one. */
    boolean admitLeased() {
        if (leased == 0) {
            return false;
        }
        leased--;
        admitted++;
        return true;
    }

    /** Admits one request on this instance's own count, while the ledger cannot be reached. */
    boolean admitLocally(int limit) {
        if (admitted >= limit) {
            return false;
        }
        admitted++;
        return true;
    }

    void leased(int requests, long windowCount) {
        leased += requests;
        counted = windowCount;
    }

    void full() {
        standing = Standing.FULL;
    }

    void ledgerUnavailable() {
        standing = Standing.LOCAL;
    }

    Standing standing() {
        return standing;
    }

    /** Requests this instance admitted in the window right before this one: its expected demand. */
    int admittedBefore() {
        return admittedBefore;
    }

    /** The window's count across instances, as the ledger last reported it to this instance. */
    long counted() {
        return counted;
    }

    /** Whether this allowance belongs to a window before {@code current}: it can be forgotten. */
    boolean before(QuotaWindow current) {
        QuotaWindow own = window;
        return own == null || own.start().isBefore(current.start());
    }
}
