package io.mistakeflow.platform.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A JSON Lines input file as {@link InputRow}s, read as it is consumed (a mistakes file can be large). */
public final class LineFile implements Iterable<InputRow> {

    private final Path file;

    public LineFile(Path file) {
        this.file = file;
    }

    /** Every non-blank line, in memory: for the small reference files. */
    public List<InputRow> readAll() {
        List<InputRow> rows = new ArrayList<>();
        forEach(rows::add);
        return rows;
    }

    /** Non-blank lines, each with {@code file:line} and no timestamp (simulate's rows have no commit time). */
    @Override
    public Iterator<InputRow> iterator() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = file.getFileName().toString();
        return new Iterator<>() {
            private long lineNo;
            private String next = advance();

            private String advance() {
                try {
                    String line;
                    do {
                        line = reader.readLine();
                        lineNo++;
                    } while (line != null && line.isBlank());
                    if (line == null) {
                        reader.close();
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public InputRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                InputRow row = new InputRow(next.getBytes(StandardCharsets.UTF_8), null, name + ":" + lineNo);
                next = advance();
                return row;
            }
        };
    }
}
