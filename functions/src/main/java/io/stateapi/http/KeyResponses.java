package io.stateapi.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.stateapi.domain.StateRecord;

/** How every operation on one key answers with the key's state: its representation, ETag and replay marker. */
final class KeyResponses {

    /** The response header of a key's read that names its value's schema version. */
    static final String SCHEMA_VERSION = "Schema-Version";
    /** The response header of a key's read that names the schema version its item records (ADR 0057). */
    static final String STORED_SCHEMA_VERSION = "Stored-Schema-Version";

    private KeyResponses() {
    }

    /** The key's representation with its version as the ETag. */
    static MutableHttpResponse<byte[]> representation(MutableHttpResponse<byte[]> response, StateRecord record) {
        return response
                .header(HttpHeaders.ETAG, EntityTags.of(record.version()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Representations.of(record));
    }

    /**
     * A read of the key names the schema version its value was checked against (ADR 0056), and
     * says nothing for a value written without a schema.
     */
    static MutableHttpResponse<byte[]> schemaVersion(MutableHttpResponse<byte[]> response,
                                                     java.util.OptionalLong schemaVersion) {
        return schemaVersion.isPresent()
                ? response.header(SCHEMA_VERSION, Long.toString(schemaVersion.getAsLong())) : response;
    }

    /**
     * A read of the current value names the schema version of the value it returns and the one
     * the item records: they differ when the value was upgraded on read (ADR 0057).
     */
    static MutableHttpResponse<byte[]> schemaVersions(MutableHttpResponse<byte[]> response, StateRecord record) {
        schemaVersion(response, record.schemaVersion());
        return record.storedSchemaVersion().isPresent()
                ? response.header(STORED_SCHEMA_VERSION, Long.toString(record.storedSchemaVersion().getAsLong()))
                : response;
    }

    /** Marks a stored outcome sent again, so a client can tell a replay from a new write. */
    static MutableHttpResponse<byte[]> replayed(MutableHttpResponse<byte[]> response, boolean replayed) {
        return replayed ? response.header(IdempotencyKeyHeader.REPLAYED, "true") : response;
    }
}
