package io.mistakeflow.analyzer.reference;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.reference.PresetSettings;
import io.mistakeflow.common.reference.StudentSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The analyzer's reference data as its stores hold it. {@link #current()} reads it as it is now,
 * so a settings or reference change applies to the mistakes analysed after it: call it once per
 * mistake. Rows are parsed once and the parse is reused while the stored row is the same.
 */
public final class ReferenceStores {

    private final KeyValueStore<String, byte[]> mistakeTypes;
    private final KeyValueStore<String, byte[]> presets;
    private final KeyValueStore<String, StudentSettings> studentSettings;
    private final ParseCache<MistakeType> typeCache = new ParseCache<>(Rows::mistakeType);
    private final ParseCache<Preset> presetCache = new ParseCache<>(Rows::preset);
    private final ReferenceChanges changes;
    private List<Preset> presetsRead;
    private long presetsReadAt;

    /** {@code changes}: counted by the loaders of {@code mistakeTypes} and {@code presets}. */
    public ReferenceStores(KeyValueStore<String, byte[]> mistakeTypes, KeyValueStore<String, byte[]> presets,
                           KeyValueStore<String, StudentSettings> studentSettings, ReferenceChanges changes) {
        this.mistakeTypes = mistakeTypes;
        this.presets = presets;
        this.studentSettings = studentSettings;
        this.changes = changes;
    }

    /**
     * The references for the next mistake. The presets are read here, once: Rules 1 and 2 and the
     * history bound all need them. Mistake types and student settings are read when asked.
     */
    public References current() {
        // the version is read before the store: a change made during the read is read again next time
        long version = changes.version();
        if (presetsRead == null || version != presetsReadAt) {
            presetsRead = readPresets();
            presetsReadAt = version;
        }
        return new Snapshot(presetsRead);
    }

    private List<Preset> readPresets() {
        List<Preset> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> rows = presets.all()) {
            while (rows.hasNext()) {
                KeyValue<String, byte[]> row = rows.next();
                Preset preset = presetCache.get(row.key, row.value);
                if (preset != null) {
                    all.add(preset);
                }
            }
        }
        return List.copyOf(all);
    }

    private final class Snapshot implements References {

        private final List<Preset> presets;

        Snapshot(List<Preset> presets) {
            this.presets = presets;
        }

        @Override
        public Integer severity(String mistakeCode) {
            MistakeType type = typeCache.get(mistakeCode, mistakeTypes.get(mistakeCode));
            return type == null ? null : type.severity();
        }

        @Override
        public PresetSettings defaultPreset() {
            for (Preset preset : presets) {
                if (preset.isDefault()) {
                    return preset.settings();
                }
            }
            return PresetSettings.NORMAL;
        }

        @Override
        public PresetSettings presetOf(String studentId) {
            StudentSettings settings = studentSettings.get(studentId);
            if (settings != null && settings.presetName() != null) {
                for (Preset preset : presets) {
                    if (preset.presetName().equals(settings.presetName())) {
                        return preset.settings();
                    }
                }
            }
            return defaultPreset();
        }

        @Override
        public HistoryBound historyBound() {
            return HistoryBound.of(presets.stream().map(Preset::settings).toList());
        }
    }

    /** The parse of each key's row, redone only when the stored bytes change. */
    private static final class ParseCache<T> {
        private final Function<byte[], T> parser;
        private final Map<String, byte[]> raw = new HashMap<>();
        private final Map<String, T> parsed = new HashMap<>();

        ParseCache(Function<byte[], T> parser) {
            this.parser = parser;
        }

        T get(String key, byte[] row) {
            if (row == null) {
                return null;
            }
            byte[] cached = raw.get(key);
            if (cached != row && !Arrays.equals(cached, row)) {
                T value;
                try {
                    value = parser.apply(row);
                } catch (BadRecordException e) {
                    value = null;
                }
                raw.put(key, row);
                parsed.put(key, value);
            }
            return parsed.get(key);
        }
    }
}
