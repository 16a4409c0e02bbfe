package io.stateapi.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidPatchException;
import io.stateapi.domain.exceptions.NestingTooDeepException;
import io.stateapi.domain.exceptions.PatchNotApplicableException;
import io.stateapi.domain.exceptions.PatchTestFailedException;
import io.stateapi.domain.patch.Patch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The patch formats as their RFCs give them, through the adapter the service uses. */
class JsonPatchesTest {

    private final JsonPatches patches = new JsonPatches();

    static JsonNode examples() throws IOException {
        try (InputStream in = JsonPatchesTest.class.getResourceAsStream("rfc-patch-examples.json")) {
            return StateJson.parse(in.readAllBytes());
        }
    }

    @TestFactory
    List<DynamicTest> rfc7396AppendixAExamples() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : examples().get("mergePatch")) {
            tests.add(DynamicTest.dynamicTest("RFC 7396 " + example.get("name").asText(), () -> {
                JsonDocument result = patches.apply(new Patch.MergePatch(StateJson.document(example.get("patch"))),
                        StateJson.document(example.get("original")));
                assertThat(tree(result)).isEqualTo(example.get("result"));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> rfc6902AppendixAExamples() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : examples().get("jsonPatch")) {
            tests.add(DynamicTest.dynamicTest("RFC 6902 " + example.get("name").asText(), () -> {
                Patch patch = new Patch.JsonPatch(StateJson.document(example.get("patch")));
                JsonDocument original = StateJson.document(example.get("original"));
                if (example.has("result")) {
                    assertThat(tree(patches.apply(patch, original))).isEqualTo(example.get("result"));
                } else if (example.get("status").asInt() == 409) {
                    assertThatThrownBy(() -> patches.apply(patch, original)).isInstanceOf(PatchTestFailedException.class);
                } else {
                    assertThatThrownBy(() -> patches.apply(patch, original)).isInstanceOf(PatchNotApplicableException.class);
                }
            }));
        }
        return tests;
    }

    @Test
    void numbersThePatchDoesNotTouchKeepEveryDigit() {
        JsonDocument value = new JsonDocument("{\"big\":123456789012345678901234567890,\"dec\":0.10000000000000000000001,"
                + "\"e\":1E+400,\"scaled\":2.50}");

        JsonDocument merged = patches.apply(merge("{\"new\":1.000}"), value);
        JsonDocument added = patches.apply(jsonPatch("[{\"op\":\"add\",\"path\":\"/new\",\"value\":1.000}]"), value);

        String expected = "{\"big\":123456789012345678901234567890,\"dec\":0.10000000000000000000001,"
                + "\"e\":1E+400,\"scaled\":2.50,\"new\":1.000}";
        assertThat(merged.json()).isEqualTo(expected);
        assertThat(added.json()).isEqualTo(expected);
    }

    @Test
    void aTestComparesNumbersByValueAsRfc6902Says() {
        JsonDocument value = new JsonDocument("{\"price\":1.0}");

        JsonDocument tested = patches.apply(jsonPatch("[{\"op\":\"test\",\"path\":\"/price\",\"value\":1.00}]"), value);

        assertThat(tested).isEqualTo(value);
    }

    @Test
    void aTestComparesObjectsWhateverTheirMemberOrder() {
        JsonDocument value = new JsonDocument("{\"a\":{\"x\":1,\"y\":[true,null]}}");

        JsonDocument tested = patches.apply(
                jsonPatch("[{\"op\":\"test\",\"path\":\"/a\",\"value\":{\"y\":[true,null],\"x\":1}}]"), value);

        assertThat(tested).isEqualTo(value);
    }

    @Test
    void aValueThatIsNoObjectOrArrayCanBeReplacedAtTheRoot() {
        JsonDocument patched = patches.apply(jsonPatch("[{\"op\":\"test\",\"path\":\"\",\"value\":7},"
                + "{\"op\":\"replace\",\"path\":\"\",\"value\":{\"n\":8}}]"), new JsonDocument("7"));

        assertThat(patched.json()).isEqualTo("{\"n\":8}");
    }

    @Test
    void removingTheWholeValueCannotApply() {
        assertThatThrownBy(() -> patches.apply(jsonPatch("[{\"op\":\"remove\",\"path\":\"\"}]"), new JsonDocument("{}")))
                .isInstanceOf(PatchNotApplicableException.class);
    }

    @Test
    void aFailureNamesTheOperationAndItsPath() {
        assertThatThrownBy(() -> patches.apply(jsonPatch("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},"
                + "{\"op\":\"remove\",\"path\":\"/missing\"}]"), new JsonDocument("{}")))
                .isInstanceOfSatisfying(PatchNotApplicableException.class, e -> {
                    assertThat(e.operationIndex()).isEqualTo(1);
                    assertThat(e.path()).isEqualTo("/missing");
                    assertThat(e.getMessage()).doesNotContain("/v/");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"op\":\"add\",\"path\":\"/a/01\",\"value\":1}]",
            "[{\"op\":\"remove\",\"path\":\"/a/x\"}]",
            "[{\"op\":\"copy\",\"from\":\"/a/00\",\"path\":\"/b\"}]",
            "[{\"op\":\"replace\",\"path\":\"/a/-1\",\"value\":1}]"})
    void anArrayIndexThatIsNoRfc6901IndexCannotApply(String document) {
        assertThatThrownBy(() -> patches.apply(jsonPatch(document), new JsonDocument("{\"a\":[1,2,3]}")))
                .isInstanceOf(PatchNotApplicableException.class);
    }

    @Test
    void aMemberNamedLikeAnIndexWithALeadingZeroIsJustAMember() {
        JsonDocument patched = patches.apply(jsonPatch("[{\"op\":\"add\",\"path\":\"/a/01\",\"value\":1}]"),
                new JsonDocument("{\"a\":{}}"));

        assertThat(patched.json()).isEqualTo("{\"a\":{\"01\":1}}");
    }

    @Test
    void aFailedTestNamesTheOperationAndItsPath() {
        assertThatThrownBy(() -> patches.apply(jsonPatch("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"),
                new JsonDocument("{\"a\":1}")))
                .isInstanceOfSatisfying(PatchTestFailedException.class, e -> {
                    assertThat(e.operationIndex()).isZero();
                    assertThat(e.path()).isEqualTo("/a");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}",
            "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]",
            "[{\"path\":\"/a\",\"value\":1}]",
            "[{\"op\":\"add\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":7,\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/a\"}]",
            "[{\"op\":\"move\",\"path\":\"/a\"}]",
            "[{\"op\":\"copy\",\"path\":\"/a\",\"from\":\"b\"}]",
            "[1]",
            "[null]"})
    void aMalformedJsonPatchIsInvalid(String document) {
        assertThatThrownBy(() -> patches.check(jsonPatch(document))).isInstanceOf(InvalidPatchException.class);
    }

    @Test
    void aJsonPatchHasAtMostAThousandOperations() {
        String operation = "{\"op\":\"test\",\"path\":\"\",\"value\":1}";
        String document = "[" + String.join(",", java.util.Collections.nCopies(JsonPatches.MAX_OPERATIONS + 1, operation)) + "]";

        assertThatThrownBy(() -> patches.check(jsonPatch(document))).isInstanceOf(InvalidPatchException.class);
    }

    @Test
    void aResultThatNestsTooDeeplyIsRefused() {
        String deep = "[".repeat(40) + "]".repeat(40);
        JsonDocument value = StateJson.document(StateJson.parse(("{\"a\":" + deep + "}").getBytes()));

        assertThatThrownBy(() -> patches.apply(jsonPatch("[{\"op\":\"add\",\"path\":\"/a" + "/0".repeat(38) + "\",\"value\":" + deep + "}]"),
                value)).isInstanceOf(NestingTooDeepException.class);
    }

    private static Patch merge(String json) {
        return new Patch.MergePatch(new JsonDocument(json));
    }

    private static Patch jsonPatch(String json) {
        return new Patch.JsonPatch(new JsonDocument(json));
    }

    private static JsonNode tree(JsonDocument document) {
        return StateJson.parse(document.json().getBytes());
    }
}
