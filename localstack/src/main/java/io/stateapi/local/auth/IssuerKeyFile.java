package io.stateapi.local.auth;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The file that keeps the local issuer's private key between processes: {@code make run}
 * creates it, {@code make token} reads it. The key is a JWK (JSON, RFC 7517) with its private
 * parts, readable by its owner only (mode 0600, in a directory of mode 0700).
 */
public final class IssuerKeyFile {

    /** Where {@code make run} keeps the key, under the project root (ignored by git). */
    public static final String PROJECT_RELATIVE_PATH = ".local/issuer-key.json";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    private IssuerKeyFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public static IssuerKeyFile at(Path path) {
        return new IssuerKeyFile(path);
    }

    /** The key file of the project checked out at {@code projectRoot}. */
    public static IssuerKeyFile underProjectRoot(Path projectRoot) {
        return new IssuerKeyFile(projectRoot.resolve(PROJECT_RELATIVE_PATH));
    }

    public Path path() {
        return path;
    }

    /** There is no key file yet: the stack that would create it has not run. */
    public static final class MissingKeyException extends IllegalStateException {
        MissingKeyException(Path path) {
            super("no local issuer key at " + path + ": start the local stack once with `make run`"
                    + " (it creates the key), then ask for tokens while it runs");
        }
    }

    /** The key in the file. */
    public RSAKey read() {
        if (!Files.exists(path)) {
            throw new MissingKeyException(path);
        }
        try {
            return RSAKey.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local issuer key " + path, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the local issuer key " + path + " is not an RSA JWK; delete it and"
                    + " `make run` creates a new one (tokens signed with the old one stop working)", e);
        }
    }

    /** The key in the file, or, when there is none yet, {@code generate}'s key written there first. */
    public RSAKey readOrCreate(Supplier<RSAKey> generate) {
        if (Files.exists(path)) {
            return read();
        }
        RSAKey key = generate.get();
        try {
            createDirectory(path.getParent());
            Path partial = path.resolveSibling(path.getFileName() + ".partial-" + ProcessHandle.current().pid());
            Files.deleteIfExists(partial);
            // Created with mode 0600, before the private key is written into it.
            Files.createFile(partial, ownerOnly(OWNER_ONLY_FILE));
            Files.writeString(partial, key.toJSONString(), StandardCharsets.UTF_8);
            try {
                // A second stack starting at the same moment may have won: its key is the one to keep.
                Files.createLink(path, partial);
            } catch (FileAlreadyExistsException lostTheRace) {
                return read();
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(partial, path);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local issuer key " + path, e);
        }
        return key;
    }

    private void createDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(OWNER_ONLY_DIRECTORY));
        }
    }

    private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
