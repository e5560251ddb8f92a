package io.mistakeflow.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line path that must name a readable file: a usage error otherwise. */
public final class ExistingFile implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new TypeConversionException("no such file: " + value);
        }
        return path;
    }
}
