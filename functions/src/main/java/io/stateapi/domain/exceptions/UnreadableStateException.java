package io.stateapi.domain.exceptions;

/**
 * A key's stored state cannot be read: its item lacks an attribute the layout requires, holds
 * one of the wrong type, or holds a value the service would never have written. Only writes
 * outside the API (an operator's script, a partly applied write) leave such an item, so it is
 * a server-side fault (500), reported with the key so that an operator can find and repair it.
 */
public final class UnreadableStateException extends StateApiException {

    private final String namespace;
    private final String key;
    private final String reason;

    /**
     * @param namespace the namespace as stored, which may itself be what is unreadable
     * @param key       the key as stored
     * @param reason    what is wrong with the item, for people
     */
    public UnreadableStateException(String namespace, String key, String reason) {
        super("the stored state of key '" + key + "' in namespace '" + namespace + "' is unreadable: " + reason);
        this.namespace = namespace;
        this.key = key;
        this.reason = reason;
    }

    public String namespace() {
        return namespace;
    }

    public String key() {
        return key;
    }

    /** What is wrong with the item, without the key. */
    public String reason() {
        return reason;
    }
}
