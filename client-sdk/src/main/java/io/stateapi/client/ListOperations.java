package io.stateapi.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Listing one namespace's keys by prefix (ADR 0026), blocking: the operations
 * {@link StateNamespace} offers beside reads and writes. Every overload ends in one of the four
 * operations a namespace implements; a value type given as a {@code Class} or a
 * {@code TypeReference} is the Jackson type it names.
 */
public interface ListOperations {

    /**
     * Every key with the options' prefix, in key order, without values, as a lazy stream: a page
     * is fetched when iteration reaches it, and each traversal starts at the options' cursor (or
     * the first key). A key live for the whole traversal appears exactly once; one written or
     * deleted meanwhile may or may not. A failure on a later page is thrown from the stream.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when the namespace does not exist
     * @throws io.stateapi.client.exceptions.InvalidCursorException when the options' cursor is not one of this listing
     */
    Stream<ListedKey> list(ListOptions options);

    /** As {@link #list(ListOptions)}, each key with its value as {@code type}. */
    <T> Stream<Versioned<T>> list(JavaType type, ListOptions options);

    /**
     * One page of keys without values, from the options' cursor; pass its {@code nextCursor} back
     * in the options (same prefix) for the next. For callers that keep the cursor themselves.
     */
    KeyPage<ListedKey> listPage(ListOptions options);

    /** One page of keys with their values as {@code type}. */
    <T> KeyPage<Versioned<T>> listPage(JavaType type, ListOptions options);

    /** Every key of the namespace (see {@link #list(ListOptions)}). */
    default Stream<ListedKey> list() {
        return list(ListOptions.defaults());
    }

    default Stream<ListedKey> list(Consumer<ListOptions.Builder> options) {
        return list(ListOptions.of(options));
    }

    default <T> Stream<Versioned<T>> list(Class<T> type, ListOptions options) {
        return list(TypeFactory.defaultInstance().constructType(type), options);
    }

    default <T> Stream<Versioned<T>> list(Class<T> type, Consumer<ListOptions.Builder> options) {
        return list(type, ListOptions.of(options));
    }

    default <T> Stream<Versioned<T>> list(TypeReference<T> type, ListOptions options) {
        return list(TypeFactory.defaultInstance().constructType(type), options);
    }

    default KeyPage<ListedKey> listPage(Consumer<ListOptions.Builder> options) {
        return listPage(ListOptions.of(options));
    }

    default <T> KeyPage<Versioned<T>> listPage(Class<T> type, ListOptions options) {
        return listPage(TypeFactory.defaultInstance().constructType(type), options);
    }

    default <T> KeyPage<Versioned<T>> listPage(TypeReference<T> type, ListOptions options) {
        return listPage(TypeFactory.defaultInstance().constructType(type), options);
    }
}
