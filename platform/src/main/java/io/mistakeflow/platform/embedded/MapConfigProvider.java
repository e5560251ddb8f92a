package io.mistakeflow.platform.embedded;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Resolves the {@code ${env:NAME}} placeholders of the connector files from an in-memory map
 * instead of the process environment: the embedded worker registers it under the name
 * {@code env}, with the values as provider parameters
 * ({@code config.providers.env.param.PG_HOST=localhost}). A deployed worker registers Kafka's
 * {@code EnvVarConfigProvider} under the same name, so the files are the same in both places.
 *
 * <p>An unknown name fails, where Connect would otherwise leave the placeholder text in the config.
 */
public class MapConfigProvider implements ConfigProvider {

    private final Map<String, String> values = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        configs.forEach((name, value) -> values.put(name, String.valueOf(value)));
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.copyOf(values));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = values.get(key);
            if (value == null) {
                throw new ConfigException("no value for ${env:" + key + "}; known: " + values.keySet());
            }
            found.put(key, value);
        }
        return new ConfigData(found);
    }

    @Override
    public void close() {
    }
}
