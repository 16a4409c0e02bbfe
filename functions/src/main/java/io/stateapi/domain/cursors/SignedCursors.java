package io.stateapi.domain.cursors;

import io.stateapi.domain.exceptions.InvalidCursorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque cursors the server can verify (ADR 0026): a position (whatever bytes a listing needs to
 * resume) sealed with an HMAC-SHA256 tag over the position and a {@link CursorScope}, under one
 * key per deployment. A cursor that was altered, cut short, made up, or issued for another
 * scope fails to {@link #open} with {@link InvalidCursorException}; nothing says which.
 *
 * <p>Format: base64url (no padding) of {@code [format 0x01][position][tag: 32 bytes]}. The scope
 * is not in it, only under the tag. The position is not encrypted: a cursor shows its holder
 * where it stands in a listing of its own data, and nothing else.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignedCursors {

    /** Shortest key accepted: as long as the tag, so the key is no weaker than HMAC-SHA256 itself. */
    public static final int MIN_KEY_BYTES = 32;
    /** Longest cursor text opened; anything longer is refused before it is decoded. */
    public static final int MAX_CURSOR_LENGTH = 4096;

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte FORMAT = 0x01;
    private static final int TAG_BYTES = 32;

    private final SecretKeySpec key;

    public SignedCursors(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a cursor key needs at least " + MIN_KEY_BYTES + " bytes; got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * The key of a deployment from its configured text (the generated secret): its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_KEY_BYTES}
     */
    public static SignedCursors fromSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        return new SignedCursors(secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor for {@code position} within {@code scope}. */
    public String seal(CursorScope scope, byte[] position) {
        byte[] out = new byte[1 + position.length + TAG_BYTES];
        out[0] = FORMAT;
        System.arraycopy(position, 0, out, 1, position.length);
        System.arraycopy(tag(scope, position), 0, out, 1 + position.length, TAG_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * The position a cursor of {@code scope} holds.
     *
     * @throws InvalidCursorException when {@code cursor} is not one {@link #seal} made for {@code scope} with this key
     */
    public byte[] open(CursorScope scope, String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        if (bytes.length < 1 + TAG_BYTES || bytes[0] != FORMAT) {
            throw new InvalidCursorException();
        }
        byte[] position = Arrays.copyOfRange(bytes, 1, bytes.length - TAG_BYTES);
        byte[] tag = Arrays.copyOfRange(bytes, bytes.length - TAG_BYTES, bytes.length);
        if (!MessageDigest.isEqual(tag, tag(scope, position))) {
            throw new InvalidCursorException();
        }
        // Base64 has several spellings of the same bytes (the last character's unused bits): only
        // the one this class writes is a cursor, so a cursor's text is as fixed as its bytes.
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
            throw new InvalidCursorException();
        }
        return position;
    }

    /**
     * The tag over the format, the scope and the position, each part length-prefixed so that no
     * two different (scope, position) pairs sign the same bytes.
     */
    private byte[] tag(CursorScope scope, byte[] position) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream(64 + position.length);
        signed.write(FORMAT);
        part(signed, scope.purpose().getBytes(StandardCharsets.UTF_8));
        count(signed, scope.binding().size());
        for (String value : scope.binding()) {
            part(signed, value.getBytes(StandardCharsets.UTF_8));
        }
        part(signed, position);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static void part(ByteArrayOutputStream out, byte[] bytes) {
        count(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void count(ByteArrayOutputStream out, int n) {
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
    }
}
