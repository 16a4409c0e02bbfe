package io.stateapi.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.stateapi.domain.StateRecord;

/** How every operation on one key answers with the key's state: its representation, ETag and replay marker. */
final class KeyResponses {

    private KeyResponses() {
    }

    /** The key's representation with its version as the ETag. */
    static MutableHttpResponse<byte[]> representation(MutableHttpResponse<byte[]> response, StateRecord record) {
        return response
                .header(HttpHeaders.ETAG, EntityTags.of(record.version()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Representations.of(record));
    }

    /** Marks a stored outcome sent again, so a client can tell a replay from a new write. */
    static MutableHttpResponse<byte[]> replayed(MutableHttpResponse<byte[]> response, boolean replayed) {
        return replayed ? response.header(IdempotencyKeyHeader.REPLAYED, "true") : response;
    }
}
