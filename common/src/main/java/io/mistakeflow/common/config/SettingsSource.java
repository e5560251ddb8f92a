package io.mistakeflow.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Map;
import java.util.Properties;

/**
 * Where settings come from: a properties file, overridden by environment variables named after
 * the keys (12-factor style: {@code bootstrap.servers} is overridden by
 * {@code PIPELINE_BOOTSTRAP_SERVERS}). Defaults live in the typed settings classes, not here.
 */
public final class SettingsSource {

    public static final String ENV_PREFIX = "PIPELINE_";
    /** Kafka client properties passed through: {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** {@code key.file} names a file holding the value of {@code key} (a secret, usually). */
    public static final String FILE_SUFFIX = ".file";
    /** The launcher's own variables, not settings. */
    private static final Set<String> IGNORED_ENV = Set.of("PIPELINE_JAVA_OPTS");

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

    /** {@link #load}, then {@link #requireKnown} against every key of the pipeline: what a process starts with. */
    public static SettingsSource loadChecked(Path propertiesFile, Map<String, String> env) {
        SettingsSource source = load(propertiesFile, env);
        source.requireKnown(KnownSettings.ALL);
        return source;
    }

    public static SettingsSource of(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return new SettingsSource(properties, Map.of());
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The value of {@code key}: from {@code PIPELINE_<KEY>}, else the file's {@code key}; else the
     * content of the file that {@code PIPELINE_<KEY>_FILE} or {@code key.file} names (how
     * orchestrators hand over secrets); else {@code fallback}.
     */
    public String get(String key, String fallback) {
        String direct = direct(key);
        if (direct != null) {
            return direct;
        }
        String secretFile = direct(key + FILE_SUFFIX);
        return secretFile == null ? fallback : readSecret(key, secretFile);
    }

    /**
     * Kafka client properties given as {@code kafka.<property>} ({@code PIPELINE_KAFKA_<PROPERTY>}),
     * passed to the clients as they are: {@code kafka.security.protocol=SASL_SSL},
     * {@code kafka.sasl.jaas.config=...}, and Kafka Streams' prefixed forms
     * ({@code kafka.producer.linger.ms}). Values may come from files as for {@link #get}.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> properties = new TreeMap<>();
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith(KAFKA_PREFIX)) {
                properties.put(stripFile(name.substring(KAFKA_PREFIX.length())), null);
            }
        }
        String envPrefix = envName(KAFKA_PREFIX);
        for (String name : env.keySet()) {
            if (name.startsWith(envPrefix)) {
                // Kafka's property names are lower case words joined by dots
                String property = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                properties.put(stripFile(property), null);
            }
        }
        properties.replaceAll((property, none) -> get(KAFKA_PREFIX + property, null));
        properties.values().removeIf(java.util.Objects::isNull);
        return properties;
    }

    /**
     * Fails on a setting nobody reads: a file key or a {@code PIPELINE_*} variable that is neither
     * one of {@code known} nor a Kafka client property under {@code kafka.}, naming the closest
     * valid key. A misspelt key would otherwise be ignored without a word.
     */
    public void requireKnown(Collection<String> known) {
        Set<String> valid = new TreeSet<>(known);
        Map<String, String> envKeys = new HashMap<>();
        valid.forEach(key -> envKeys.put(envName(key), key));
        for (String name : file.stringPropertyNames()) {
            check(stripFile(name), valid, "setting '" + name + "'");
        }
        for (String name : env.keySet()) {
            if (!name.startsWith(ENV_PREFIX) || IGNORED_ENV.contains(name)) {
                continue;
            }
            String base = name.endsWith("_FILE") ? name.substring(0, name.length() - "_FILE".length()) : name;
            if (envKeys.containsKey(base)) {
                continue;
            }
            if (base.startsWith(envName(KAFKA_PREFIX))) {
                check(KAFKA_PREFIX + base.substring(envName(KAFKA_PREFIX).length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        valid, "environment variable " + name);
                continue;
            }
            throw new IllegalArgumentException("unknown environment variable " + name
                    + KeySuggestion.hint(base, envKeys.keySet()));
        }
    }

    private static void check(String key, Set<String> valid, String what) {
        if (valid.contains(key)) {
            return;
        }
        if (key.startsWith(KAFKA_PREFIX)) {
            String property = key.substring(KAFKA_PREFIX.length());
            if (KafkaClientProperties.isKnown(property)) {
                return;
            }
            throw new IllegalArgumentException("unknown " + what + ": '" + property + "' is not a Kafka client property"
                    + KeySuggestion.hint(property, KafkaClientProperties.names()));
        }
        Set<String> candidates = new TreeSet<>(valid);
        KafkaClientProperties.names().forEach(name -> candidates.add(KAFKA_PREFIX + name));
        throw new IllegalArgumentException("unknown " + what + KeySuggestion.hint(key, candidates));
    }

    private String direct(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String fromFile = file.getProperty(key);
        return fromFile == null || fromFile.isBlank() ? null : fromFile.trim();
    }

    private static String readSecret(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("setting " + key + ": cannot read " + path + " (" + e.getMessage() + ")");
        }
    }

    private static String stripFile(String key) {
        return key.endsWith(FILE_SUFFIX) ? key.substring(0, key.length() - FILE_SUFFIX.length()) : key;
    }

    public int getInt(String key, int fallback) {
        String value = get(key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + value + "'");
        }
    }

    public long getLong(String key, long fallback) {
        String value = get(key, null);
        try {
            return value == null ? fallback : Long.parseLong(value);
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
