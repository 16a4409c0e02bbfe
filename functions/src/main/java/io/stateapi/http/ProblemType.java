package io.stateapi.http;

import java.net.URI;

/**
 * Every problem the HTTP API reports, with its stable type URI. Clients switch on the type,
 * never on the title or detail. The OpenAPI document lists the same set.
 */
public enum ProblemType {
    INVALID_JSON("invalid-json", 400, "Request body is not valid JSON"),
    NESTING_TOO_DEEP("nesting-too-deep", 400, "JSON nests too deeply"),
    INVALID_TEXT("invalid-text", 400, "Text is not valid Unicode"),
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    INVALID_NAMESPACE("invalid-namespace", 400, "Invalid namespace"),
    INVALID_KEY("invalid-key", 400, "Invalid key"),
    INVALID_PRECONDITION("invalid-precondition", 400, "Invalid precondition header"),
    INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", 400, "Invalid Idempotency-Key header"),
    INVALID_PRINCIPAL("invalid-principal", 400, "Invalid principal"),
    INVALID_PATCH("invalid-patch", 400, "Invalid patch document"),
    INVALID_CURSOR("invalid-cursor", 400, "Invalid cursor"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Key not found"),
    NAMESPACE_NOT_FOUND("namespace-not-found", 404, "Namespace not found"),
    VERSION_NOT_FOUND("version-not-found", 404, "Version not in the key's history"),
    PURGE_NOT_FOUND("purge-not-found", 404, "No purge of this namespace"),
    PRINCIPAL_NOT_FOUND("principal-not-found", 404, "Principal not registered"),
    SCHEMA_NOT_FOUND("schema-not-found", 404, "Schema version not found"),
    BACKFILL_NOT_FOUND("backfill-not-found", 404, "No backfill of this schema version"),
    SUBSCRIPTION_NOT_FOUND("subscription-not-found", 404, "Subscription not found"),
    ROUTE_NOT_FOUND("route-not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    NAMESPACE_NOT_EMPTY("namespace-not-empty", 409, "Namespace not empty"),
    NAMESPACE_PURGING("namespace-purging", 409, "Namespace is being purged"),
    SUBSCRIPTION_CONFLICT("subscription-conflict", 409, "Subscription cannot be created as asked"),
    SCHEMA_VERSION_CONFLICT("schema-version-conflict", 409, "Schema version cannot be created"),
    BACKFILL_CONFLICT("backfill-conflict", 409, "Backfill cannot be started as asked"),
    NOT_A_NUMBER("not-a-number", 409, "Value is not an integer"),
    COUNTERS_NOT_SUPPORTED("counters-not-supported", 409, "Counters not supported in a namespace with a schema"),
    TRANSACTION_CONFLICT("transaction-conflict", 409, "Transaction not committed"),
    IDEMPOTENCY_KEY_IN_FLIGHT("idempotency-key-in-flight", 409, "A request with this Idempotency-Key is in progress"),
    PATCH_TEST_FAILED("patch-test-failed", 409, "Patch test failed"),
    VERSION_NOT_RESTORABLE("version-not-restorable", 409, "Version holds no value to restore"),
    CURSOR_EXPIRED("cursor-expired", 410, "Cursor older than the change retention"),
    VERSION_CONFLICT("version-conflict", 412, "Version conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    COUNTER_OVERFLOW("counter-overflow", 422, "Counter would leave the exact integer range"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency-Key already used for a different request"),
    INVALID_SCHEMA("invalid-schema", 422, "Not a schema this API takes"),
    INVALID_MIGRATION("invalid-migration", 422, "Not a migration this API takes"),
    SCHEMA_VIOLATION("schema-violation", 422, "Value does not match the namespace's schema"),
    PATCH_NOT_APPLICABLE("patch-not-applicable", 422, "Patch cannot be applied"),
    QUOTA_EXCEEDED("quota-exceeded", 429, "Request quota exceeded"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service temporarily unavailable"),
    OUTCOME_UNKNOWN("outcome-unknown", 503, "The write may have been applied"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    public static final String BASE_URI = "https://stateapi.io/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
