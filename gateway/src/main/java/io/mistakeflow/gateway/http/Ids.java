package io.mistakeflow.gateway.http;

import java.util.UUID;

/** Ids in paths and headers: uuids, compared and stored in their canonical lower-case text. */
public final class Ids {

    private Ids() {
    }

    /** @throws ApiError 400 naming {@code what} when the text is not a uuid */
    public static String uuid(String text, String what) {
        try {
            return UUID.fromString(text).toString();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(what + " must be a uuid, got '" + text + "'");
        }
    }
}
