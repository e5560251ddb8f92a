package io.mistakeflow.gateway.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import java.time.Clock;
import java.util.UUID;

/**
 * Which student a token stands for. Accepted: HS256 only (so {@code alg=none} and every other
 * algorithm fail), signed with the configured secret, {@code exp} present and in the future, a
 * {@code sub} that is a student id (a uuid), and the configured {@code iss} and {@code aud} when
 * there are any. No leeway: the issuer and the gateway are expected to keep their clocks in sync.
 */
public final class TokenVerifier {

    private final JWTVerifier verifier;

    public TokenVerifier(String secret, String issuer, String audience, Clock clock) {
        Verification rules = JWT.require(Algorithm.HMAC256(secret))
                .withClaimPresence("exp")
                .withClaimPresence("sub");
        if (issuer != null) {
            rules = rules.withIssuer(issuer);
        }
        if (audience != null) {
            rules = rules.withAudience(audience);
        }
        this.verifier = ((JWTVerifier.BaseVerification) rules).build(clock);
    }

    /** @return the token's student id, in canonical (lower-case) form */
    public String studentId(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token: send Authorization: Bearer <token> or ?access_token=<token>");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token.trim());
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("the token has expired");
        } catch (AlgorithmMismatchException e) {
            throw new InvalidTokenException("the token must be signed with HS256");
        } catch (SignatureVerificationException e) {
            throw new InvalidTokenException("the token's signature does not match");
        } catch (MissingClaimException e) {
            throw new InvalidTokenException("the token has no " + e.getClaimName() + " claim");
        } catch (IncorrectClaimException e) {
            throw new InvalidTokenException("the token's " + e.getClaimName() + " claim is not accepted here");
        } catch (JWTDecodeException e) {
            throw new InvalidTokenException("the token is not a JWT");
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("the token is not valid");
        }
        try {
            return UUID.fromString(jwt.getSubject()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's sub claim must be a student id (a uuid)");
        }
    }
}
