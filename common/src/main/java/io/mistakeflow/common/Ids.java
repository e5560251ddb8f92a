package io.mistakeflow.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (version 5) UUIDs, so that a replay or a recovery produces the same ids and the
 * Postgres sink stays idempotent.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#ids}.
 */
public final class Ids {

    /** The pipeline's own namespace; changing it changes every id. */
    private static final UUID NAMESPACE = UUID.fromString("5b1f0c1e-8c7a-4d0e-9a53-6d6973746b66");

    private Ids() {
    }

    /** Parts are joined with a separator that cannot occur in them; a null part is distinct from "". */
    public static UUID nameBased(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part == null ? "\u0000" : "\u0001" + part).append('\u001f');
        }
        return v5(name.toString());
    }

    private static UUID v5(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
