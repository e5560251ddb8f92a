package io.mistakeflow.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where settings come from: a properties file, overridden by environment variables named after
 * the keys (12-factor style: {@code bootstrap.servers} is overridden by
 * {@code PIPELINE_BOOTSTRAP_SERVERS}). Defaults live in the typed settings classes, not here.
 */
public final class SettingsSource {

    public static final String ENV_PREFIX = "PIPELINE_";

    private final Properties file;
    private final Map<String, String> env;

    public SettingsSource(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** The file may be null (environment and defaults only). */
    public static SettingsSource load(Path propertiesFile, Map<String, String> env) {
        Properties properties = new Properties();
        if (propertiesFile != null) {
            try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + propertiesFile, e);
            }
        }
        return new SettingsSource(properties, env);
    }

    public static SettingsSource of(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return new SettingsSource(properties, Map.of());
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key, String fallback) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String fromFile = file.getProperty(key);
        return fromFile == null || fromFile.isBlank() ? fallback : fromFile.trim();
    }

    public int getInt(String key, int fallback) {
        String value = get(key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + value + "'");
        }
    }

    /** {@link DurationText}: {@code 15s}, {@code 500ms}, {@code 1h}. */
    public Duration getDuration(String key, Duration fallback) {
        String value = get(key, null);
        return value == null ? fallback : DurationText.parse("setting " + key, value);
    }

    public boolean getBoolean(String key, boolean fallback) {
        String value = get(key, null);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
