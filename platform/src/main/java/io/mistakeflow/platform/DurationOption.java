package io.mistakeflow.platform;

import io.mistakeflow.common.config.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** {@code --ttl 1h}, {@code --duration 60s}: the settings' duration syntax ({@link DurationText}) on the command line. */
public final class DurationOption implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse("the value", value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
