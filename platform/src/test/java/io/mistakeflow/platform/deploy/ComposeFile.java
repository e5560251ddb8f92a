package io.mistakeflow.platform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docker-compose.yml as Compose reads it, for the tests that must agree with it (images, files). */
public final class ComposeFile {

    public static final Path ROOT = Path.of("..");

    private ComposeFile() {
    }

    /** The pinned image of a service, e.g. {@code image("connect")}: the containers tests run the same. */
    public static String image(String service) {
        String image = read().path("services").path(service).path("image").asText();
        if (image.isEmpty()) {
            throw new IllegalArgumentException("docker-compose.yml has no image for " + service);
        }
        return image;
    }

    static JsonNode read() {
        try {
            return yaml(ROOT.resolve("docker-compose.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SnakeYAML, as Compose reads it: anchors, aliases and {@code <<} merge keys resolved. */
    static JsonNode yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(reader));
        }
    }
}
