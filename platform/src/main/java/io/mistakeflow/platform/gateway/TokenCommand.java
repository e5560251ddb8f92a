package io.mistakeflow.platform.gateway;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentSecret;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import io.mistakeflow.platform.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline token --student ID [--ttl 1h] [--data-dir DIR] [settings.properties]}: prints a
 * token for one student, signed with the gateway's secret, for development. The secret is the
 * embedded demo's (kept in {@code --data-dir}) or the one the settings name; {@code iss} and
 * {@code aud} are the settings' too, so the gateway accepts the token.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a development token for one student (the gateway's HS256 secret; sub = the student id).")
public final class TokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--student", required = true, paramLabel = "ID", description = "the student id (a uuid)")
    private String student;

    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION", converter = DurationOption.class,
            description = "how long the token is valid: 30m, 1h, 7d (default ${DEFAULT-VALUE})")
    private Duration ttl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the demo's data directory: sign with the development secret kept there")
    private Path dataDir;

    @Parameters(arity = "0..1", paramLabel = "settings.properties",
            description = "gateway settings (gateway.jwt.secret or gateway.jwt.secret.file, issuer, audience); PIPELINE_* env wins")
    private Path settingsFile;

    @Override
    public Integer call() {
        String studentId;
        try {
            studentId = UUID.fromString(student).toString();
        } catch (IllegalArgumentException e) {
            return fail("--student must be a student id (a uuid), got " + student);
        }
        try {
            SettingsSource source = SettingsSource.loadChecked(settingsFile, System.getenv());
            String secret;
            if (dataDir != null) {
                secret = DevelopmentSecret.readFrom(dataDir);
            } else {
                secret = GatewaySettings.from(source).jwtSecret();
            }
            String token = DevelopmentTokens.issue(secret, studentId, ttl, source.get(GatewaySettings.JWT_ISSUER, null),
                    source.get(GatewaySettings.JWT_AUDIENCE, null), Instant.now());
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return fail(e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("pipeline token: " + message);
        return 2;
    }
}
