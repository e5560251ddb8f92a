package io.mistakeflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentSecretTest {

    @TempDir
    Path dataDir;

    @Test
    void aGeneratedSecretIs32RandomBytes() {
        String one = DevelopmentSecret.generate();

        assertThat(one).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(one.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(DevelopmentSecret.generate()).isNotEqualTo(one);
    }

    @Test
    void aKeptSecretIsTheSameOnTheNextStart() throws Exception {
        String first = DevelopmentSecret.keptIn(dataDir);

        assertThat(DevelopmentSecret.keptIn(dataDir)).isEqualTo(first);
        assertThat(DevelopmentSecret.readFrom(dataDir)).isEqualTo(first);
        Path file = dataDir.resolve(DevelopmentSecret.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DevelopmentSecret.FILE_NAME);
        }
    }

    @Test
    void readingADirectoryWithoutSecretSaysWhereItComesFrom() {
        assertThatThrownBy(() -> DevelopmentSecret.readFrom(dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no development secret in " + dataDir + " (it is created by ./pipeline demo --data-dir " + dataDir + ")");
    }
}
