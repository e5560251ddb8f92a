package io.mistakeflow.gateway.http;

import io.javalin.http.Context;
import io.mistakeflow.gateway.auth.InvalidTokenException;
import io.mistakeflow.gateway.auth.TokenVerifier;
import java.util.Locale;

/**
 * Who is calling: the student of the request's token, from {@code Authorization: Bearer <token>}
 * or, for clients that cannot set headers (a browser's EventSource), {@code ?access_token=}.
 * The header wins when both are there. Tokens are never logged.
 */
public final class Authentication {

    private static final String BEARER = "bearer ";

    private final TokenVerifier verifier;

    public Authentication(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** @throws ApiError 401 without a valid token */
    public String student(Context ctx) {
        try {
            return verifier.studentId(token(ctx));
        } catch (InvalidTokenException e) {
            throw ApiError.unauthorized(e.getMessage());
        }
    }

    /** The caller, who must be the student the path names. @throws ApiError 401, 403 */
    public String student(Context ctx, String pathStudentId) {
        String caller = student(ctx);
        if (!caller.equalsIgnoreCase(pathStudentId)) {
            throw ApiError.forbidden("this token is for another student");
        }
        return caller;
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.length() > BEARER.length()
                && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return header.substring(BEARER.length());
        }
        return ctx.queryParam("access_token");
    }
}
