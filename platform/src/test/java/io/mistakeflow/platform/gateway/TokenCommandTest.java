package io.mistakeflow.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mistakeflow.gateway.auth.DevelopmentSecret;
import io.mistakeflow.gateway.auth.TokenVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {

    private static final String STUDENT = "5b0c7f4e-3f43-4c8e-9a55-0a4c1b2d3e4f";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new TokenCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void signsWithTheDemosSecretForTheGivenTime() throws Exception {
        String secret = DevelopmentSecret.keptIn(dir);

        assertThat(run("--student", STUDENT, "--ttl", "2h", "--data-dir", dir.toString())).isZero();

        String token = out.toString().trim();
        assertThat(new TokenVerifier(secret, null, null, Clock.systemUTC()).studentId(token)).isEqualTo(STUDENT);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)).plusSeconds(5), ZoneOffset.UTC);
        assertThat(catchThrowable(() -> new TokenVerifier(secret, null, null, later).studentId(token)))
                .hasMessage("the token has expired");
    }

    @Test
    void signsWithTheSettingsSecretIssuerAndAudience() throws Exception {
        String secret = "settings-secret-0123456789abcdef0123";
        Path settings = Files.writeString(dir.resolve("gateway.properties"), "gateway.jwt.secret=" + secret + "\n"
                + "gateway.jwt.issuer=https://id.example.com\ngateway.jwt.audience=mistakeflow-gateway\n");

        assertThat(run("--student", STUDENT, settings.toString())).isZero();

        TokenVerifier strict = new TokenVerifier(secret, "https://id.example.com", "mistakeflow-gateway", Clock.systemUTC());
        assertThat(strict.studentId(out.toString().trim())).isEqualTo(STUDENT);
    }

    @Test
    void aStudentThatIsNoUuidGetsOneLineAndExitCode2() {
        assertThat(run("--student", "alice", "--data-dir", dir.toString())).isEqualTo(2);

        assertThat(err.toString()).isEqualTo("pipeline token: --student must be a student id (a uuid), got alice" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDataDirectoryWithoutSecretGetsOneLineAndExitCode2() {
        assertThat(run("--student", STUDENT, "--data-dir", dir.toString())).isEqualTo(2);

        assertThat(err.toString()).isEqualTo("pipeline token: no development secret in " + dir
                + " (it is created by ./pipeline demo --data-dir " + dir + ")" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBadTtlIsAUsageError() {
        assertThat(run("--student", STUDENT, "--ttl", "forever", "--data-dir", dir.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("Invalid value for option '--ttl': the value must look like 500ms, 15s, 5m, 1h or 2d,"
                + " got 'forever'");
    }
}
