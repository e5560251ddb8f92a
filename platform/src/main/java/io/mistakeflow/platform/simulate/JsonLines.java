package io.mistakeflow.platform.simulate;

import io.mistakeflow.common.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one JSON object per line, through the pipeline's mapper (the same text as on the topics). */
final class JsonLines implements AutoCloseable {

    private final BufferedWriter writer;

    JsonLines(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void write(Object row) {
        try {
            writer.write(Json.MAPPER.writeValueAsString(row));
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
