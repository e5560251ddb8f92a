package io.mistakeflow.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;

/**
 * Tokens signed with the gateway's own secret, for development and tests ({@code ./pipeline token},
 * the demo's page link). In production an identity provider issues them with the same claims:
 * {@code sub} = student id, {@code exp}, and {@code iss}/{@code aud} if the gateway checks them.
 */
public final class DevelopmentTokens {

    private DevelopmentTokens() {
    }

    /**
     * @param issuer the {@code iss} claim, or null for none
     * @param audience the {@code aud} claim, or null for none
     */
    public static String issue(String secret, String studentId, Duration ttl, String issuer, String audience, Instant now) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's lifetime must be above 0, got " + ttl);
        }
        JWTCreator.Builder token = JWT.create()
                .withSubject(studentId)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl));
        if (issuer != null) {
            token.withIssuer(issuer);
        }
        if (audience != null) {
            token.withAudience(audience);
        }
        return token.sign(Algorithm.HMAC256(secret));
    }
}
