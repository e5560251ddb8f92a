package io.mistakeflow.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token secret of a development gateway (the embedded demo): 32 random bytes as base64url
 * text, generated at start, or kept in a data directory so tokens stay valid across restarts and
 * {@code ./pipeline token --data-dir DIR} can sign with it.
 */
public final class DevelopmentSecret {

    /** Where {@link #keptIn} keeps the secret inside a data directory. */
    public static final String FILE_NAME = "gateway-jwt.secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevelopmentSecret() {
    }

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** The secret in {@code dataDir}, created there (readable by the owner only) on first use. */
    public static String keptIn(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        String secret = generate();
        try {
            Files.createDirectories(dataDir);
            // a temporary file is created readable by its owner only; the move makes the secret appear whole
            Path written = Files.writeString(Files.createTempFile(dataDir, FILE_NAME, ".tmp"), secret, StandardCharsets.UTF_8);
            try {
                Files.move(written, file);
                return secret;
            } catch (FileAlreadyExistsException raced) {
                Files.delete(written);
                return read(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the gateway's development secret in " + dataDir, e);
        }
    }

    /** The secret an earlier {@link #keptIn} left in {@code dataDir}. */
    public static String readFrom(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no development secret in " + dataDir
                    + " (it is created by ./pipeline demo --data-dir " + dataDir + ")");
        }
        return read(file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
