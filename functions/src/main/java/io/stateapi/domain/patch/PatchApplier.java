package io.stateapi.domain.patch;

import io.stateapi.domain.JsonDocument;

/**
 * Applies patches to values: the port to the JSON patch library, so the domain decides when a
 * patch applies and what is written, and the adapter ({@code io.stateapi.json.JsonPatches})
 * decides how a document is patched.
 */
public interface PatchApplier {

    /**
     * Checks that a patch document has the shape its format requires (a JSON Patch is an array
     * of operations, each with a known {@code op}, a JSON Pointer {@code path}, and the
     * {@code from} or {@code value} its op needs); a merge patch always has.
     *
     * @throws io.stateapi.domain.exceptions.InvalidPatchException when it has not
     */
    void check(Patch patch);

    /**
     * The value after the patch, as compact JSON: all operations applied, or none.
     *
     * @throws io.stateapi.domain.exceptions.PatchTestFailedException when a {@code test} operation fails
     *         (its current version unset: the caller knows it)
     * @throws io.stateapi.domain.exceptions.PatchNotApplicableException when an operation cannot apply
     *         (a missing path or {@code from}, an index out of range)
     * @throws io.stateapi.domain.exceptions.InvalidPatchException when the patch has not the shape of its format
     * @throws io.stateapi.domain.exceptions.NestingTooDeepException when the result nests deeper than a value may
     */
    JsonDocument apply(Patch patch, JsonDocument value);
}
