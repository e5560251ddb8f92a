package io.mistakeflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String STUDENT = "5b0c7f4e-3f43-4c8e-9a55-0a4c1b2d3e4f";
    private static final Instant NOW = Instant.parse("2025-01-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final TokenVerifier anyIssuer = new TokenVerifier(SECRET, null, null, CLOCK);

    @Test
    void aTokenOfTheSecretNamesItsStudent() throws Exception {
        String token = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), null, null, NOW);

        assertThat(anyIssuer.studentId(token)).isEqualTo(STUDENT);
    }

    @Test
    void theStudentIdComesBackInLowerCase() throws Exception {
        String token = DevelopmentTokens.issue(SECRET, STUDENT.toUpperCase(), Duration.ofHours(1), null, null, NOW);

        assertThat(anyIssuer.studentId(token)).isEqualTo(STUDENT);
    }

    @Test
    void noTokenIsRefused() {
        assertThatThrownBy(() -> anyIssuer.studentId(null)).isInstanceOf(InvalidTokenException.class)
                .hasMessage("no token: send Authorization: Bearer <token> or ?access_token=<token>");
        assertThatThrownBy(() -> anyIssuer.studentId(" ")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), null, null, NOW.minus(Duration.ofHours(2)));

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token has expired");
    }

    @Test
    void aTokenExpiringThisSecondIsRefused() {
        String token = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), null, null, NOW.minus(Duration.ofHours(1)));

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token has expired");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        String token = JWT.create().withSubject(STUDENT).sign(Algorithm.HMAC256(SECRET));

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token has no exp claim");
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        String token = JWT.create().withExpiresAt(NOW.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token has no sub claim");
    }

    @Test
    void aSubjectThatIsNoStudentIdIsRefused() {
        String token = DevelopmentTokens.issue(SECRET, "alice", Duration.ofHours(1), null, null, NOW);

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token's sub claim must be a student id (a uuid)");
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        String token = DevelopmentTokens.issue("another secret, also 32 bytes long", STUDENT, Duration.ofHours(1), null, null, NOW);

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token's signature does not match");
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"sub\":\"" + STUDENT + "\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}");

        assertThatThrownBy(() -> anyIssuer.studentId(header + "." + payload + ".")).hasMessage("the token must be signed with HS256");
    }

    @Test
    void aTokenOfAnotherAlgorithmIsRefused() {
        String token = JWT.create().withSubject(STUDENT).withExpiresAt(NOW.plusSeconds(60))
                .sign(Algorithm.HMAC512(SECRET));

        assertThatThrownBy(() -> anyIssuer.studentId(token)).hasMessage("the token must be signed with HS256");
    }

    @Test
    void somethingThatIsNoJwtIsRefused() {
        assertThatThrownBy(() -> anyIssuer.studentId("not-a-token")).hasMessage("the token is not a JWT");
    }

    @Test
    void theConfiguredIssuerAndAudienceAreRequired() throws Exception {
        TokenVerifier strict = new TokenVerifier(SECRET, "https://id.example.com", "mistakeflow-gateway", CLOCK);
        String right = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), "https://id.example.com",
                "mistakeflow-gateway", NOW);
        String wrongIssuer = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), "https://evil.example.com",
                "mistakeflow-gateway", NOW);
        String wrongAudience = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), "https://id.example.com",
                "another-service", NOW);
        String neither = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofHours(1), null, null, NOW);

        assertThat(strict.studentId(right)).isEqualTo(STUDENT);
        assertThatThrownBy(() -> strict.studentId(wrongIssuer)).hasMessage("the token's iss claim is not accepted here");
        assertThatThrownBy(() -> strict.studentId(wrongAudience)).hasMessage("the token's aud claim is not accepted here");
        assertThatThrownBy(() -> strict.studentId(neither)).hasMessage("the token has no iss claim");
    }

    @Test
    void aTokenLivesExactlyItsTtl() {
        String token = DevelopmentTokens.issue(SECRET, STUDENT, Duration.ofMinutes(90), null, null, NOW);

        assertThat(JWT.decode(token).getExpiresAtAsInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
        assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("HS256");
        assertThatThrownBy(() -> DevelopmentTokens.issue(SECRET, STUDENT, Duration.ZERO, null, null, NOW))
                .hasMessage("a token's lifetime must be above 0, got PT0S");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
