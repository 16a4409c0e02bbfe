package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.InvalidCursorException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.support.TestStack;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing by prefix through the SDK against the real service on the emulator ({@link TestStack}). */
class KeyListingEndToEndTest {

    record Cart(List<String> items) {
    }

    private static StateClient client;

    private final String name = TestStack.uniqueNamespace("sdk-list");

    @BeforeAll
    static void start() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private StateNamespace carts() {
        return client.namespace(name);
    }

    @Test
    void aStreamListsEveryKeyWithThePrefixInOrderAcrossPages() {
        List<String> written = IntStream.range(0, 23).mapToObj(i -> String.format("users/%02d", i)).toList();
        written.forEach(key -> carts().put(key, new Cart(List.of(key))));
        carts().put("admins/1", new Cart(List.of()));

        List<String> listed = carts().list(o -> o.prefix("users/").pageSize(5)).map(ListedKey::key).toList();

        assertThat(listed).containsExactlyElementsOf(written);
        assertThat(carts().list().count()).isEqualTo(24);
    }

    @Test
    void aStreamFetchesTheNextPageOnlyWhenIterationReachesIt() {
        IntStream.range(0, 6).forEach(i -> carts().put("k" + i, i));
        AtomicInteger pages = new AtomicInteger();
        StateNamespace counting = carts();

        Iterator<ListedKey> keys = io.stateapi.client.internal.KeyListings.stream(ListOptions.of(o -> o.pageSize(2)),
                page -> {
                    pages.incrementAndGet();
                    return counting.listPage(page);
                }).iterator();

        assertThat(pages).hasValue(0);
        keys.next();
        keys.next();
        assertThat(pages).hasValue(1);
        keys.next();
        assertThat(pages).hasValue(2);
    }

    @Test
    void typedListingsCarryTheValues() {
        carts().put("users/1", new Cart(List.of("apple")));
        carts().put("users/1", new Cart(List.of("apple", "pear")));

        List<Versioned<Cart>> listed = carts().list(Cart.class, o -> o.prefix("users/")
                .consistency(Consistency.EVENTUAL)).toList();

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).value().items()).containsExactly("apple", "pear");
        assertThat(listed.get(0).version()).isEqualTo(2);
    }

    @Test
    void pagesCanBeWalkedWithTheCursorKeptByTheCaller() {
        IntStream.range(0, 5).forEach(i -> carts().put("p/" + i, i));

        List<String> listed = new ArrayList<>();
        ListOptions options = ListOptions.of(o -> o.prefix("p/").pageSize(2));
        KeyPage<ListedKey> page;
        do {
            page = carts().listPage(options);
            page.items().forEach(k -> listed.add(k.key()));
            options = options.toBuilder().cursor(page.nextCursor()).build();
        } while (page.hasMore());

        assertThat(listed).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
        KeyPage<Versioned<Integer>> async = carts().async()
                .listPage(Integer.class, ListOptions.of(o -> o.prefix("p/3"))).join();
        assertThat(async.items()).extracting(Versioned::value).containsExactly(3);
        assertThat(async.hasMore()).isFalse();
    }

    @Test
    void aCursorOfAnotherPrefixIsInvalidAndAMissingNamespaceIsNotFound() {
        IntStream.range(0, 3).forEach(i -> carts().put("p/" + i, i));
        String cursor = carts().listPage(o -> o.prefix("p/").pageSize(1)).nextCursor();

        assertThatThrownBy(() -> carts().listPage(o -> o.prefix("q/").cursor(cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> client.namespace(TestStack.uniqueNamespace("sdk-none")).list().toList())
                .isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void pageSizesOutsideOneToAThousandAreRefusedBeforeSending() {
        assertThatThrownBy(() -> ListOptions.of(o -> o.pageSize(1001))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListOptions.of(o -> o.pageSize(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
