package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Requests are named by operation and path template, never by namespace or key. */
class OperationTest {

    @Test
    void keyOperationsHideTheNamespaceAndTheKeyEvenAHierarchicalOne() {
        Operation get = Operation.of("GET", KeyPaths.keyPath("carts", "users/42/cart"), null);

        assertThat(get).isEqualTo(new Operation("GetKey", "GET", "/v1/namespaces/{namespace}/keys/{key}"));
        assertThat(Operation.of("PUT", "/v1/namespaces/carts/keys/a", null).name()).isEqualTo("PutKey");
        assertThat(Operation.of("DELETE", "/v1/namespaces/carts/keys/a", null).name()).isEqualTo("DeleteKey");
        assertThat(Operation.of("PATCH", "/v1/namespaces/carts/keys/a", null).name()).isEqualTo("PatchKey");
    }

    @Test
    void theAgreedNewOperationsAreNamed() {
        assertThat(Operation.of("GET", "/v1/namespaces/carts/keys", "prefix=users%2F").name()).isEqualTo("ListKeys");
        assertThat(Operation.of("POST", "/v1/namespaces/carts/batch-get", null).name()).isEqualTo("BatchGetKeys");
        assertThat(Operation.of("POST", "/v1/transactions", null).name()).isEqualTo("CommitTransaction");
        assertThat(Operation.of("POST", "/v1/namespaces/carts/counters/hits/home", null))
                .isEqualTo(new Operation("IncrementCounter", "POST", "/v1/namespaces/{namespace}/counters/{key}"));
        assertThat(Operation.of("PUT", "/v1/namespaces/carts/expiry/a", null).name()).isEqualTo("SetExpiry");
    }

    @Test
    void namespaceOperationsAreNamed() {
        assertThat(Operation.of("GET", "/v1/namespaces", "limit=10").name()).isEqualTo("ListNamespaces");
        assertThat(Operation.of("PUT", "/v1/namespaces/carts", null).name()).isEqualTo("PutNamespace");
        assertThat(Operation.of("GET", "/v1/namespaces/carts", null).name()).isEqualTo("DescribeNamespace");
        assertThat(Operation.of("DELETE", "/v1/namespaces/carts", null).name()).isEqualTo("DeleteNamespace");
        assertThat(Operation.of("DELETE", "/v1/namespaces/carts", "purge=true").name()).isEqualTo("PurgeNamespace");
        assertThat(Operation.of("GET", "/v1/namespaces/carts/purge", null).name()).isEqualTo("DescribePurge");
    }

    @Test
    void theWatchAndItsSnapshotAreNamedAndTheSnapshotIsNoKey() {
        assertThat(Operation.of("GET", "/v1/namespaces/carts/changes", "after=x"))
                .isEqualTo(new Operation("WatchChanges", "GET", "/v1/namespaces/{namespace}/changes"));
        assertThat(Operation.of("GET", "/v1/namespaces/carts/changes/snapshot", "prefix=a"))
                .isEqualTo(new Operation("GetSnapshot", "GET", "/v1/namespaces/{namespace}/changes/snapshot"));
    }

    @Test
    void anUnnamedRequestIsNamedByMethodAndTemplate() {
        assertThat(Operation.of("POST", "/v1/namespaces/carts/widgets/w1", null).name())
                .isEqualTo("POST /v1/namespaces/{namespace}/widgets/{key}");
        assertThat(Operation.of("GET", "/v1/principals/arn:aws:iam::1:role/x", null).pathTemplate())
                .isEqualTo("/v1/principals/{id}");
    }
}
