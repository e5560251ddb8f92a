package io.mistakeflow.recommender.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.mistakeflow.common.analysis.PatternStatus;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.recommender.template.Playbook.Action;
import io.mistakeflow.recommender.template.Playbook.Play;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recommendation texts of one language, from the class-path resource
 * {@code templates/<language>.json}, joined with the {@link Playbook} (priorities, lifetimes and
 * actions, which no language changes). {@code tr} holds the triggers' texts verbatim; {@code en}
 * is its translation. A file that misses a text or a label fails at load, not at the first
 * recommendation.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#templates}.
 */
public final class TemplateCatalog {

    public static final String DEFAULT_LANGUAGE = "tr";

    private final String language;
    private final Map<PatternStatus, Template> templates;
    private final PatternChangeTexts patternChanged;

    private TemplateCatalog(String language, Map<PatternStatus, Template> templates,
            PatternChangeTexts patternChanged) {
        this.language = language;
        this.templates = templates;
        this.patternChanged = patternChanged;
    }

    public static TemplateCatalog load(String language) {
        String resource = "templates/" + language + ".json";
        try (InputStream in = TemplateCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template catalog for language '" + language
                        + "' (expected class-path resource " + resource + ")");
            }
            CatalogFile file = Json.MAPPER.readerFor(CatalogFile.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in);
            return new TemplateCatalog(language, templates(resource, file), patternChangeTexts(resource, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template catalog " + resource, e);
        }
    }

    public String language() {
        return language;
    }

    /** Empty for the statuses that recommend nothing ({@code stable}, {@code insufficient_data}). */
    public Optional<Template> forStatus(PatternStatus status) {
        return Optional.ofNullable(templates.get(status));
    }

    public PatternChangeTexts patternChanged() {
        return patternChanged;
    }

    private static Map<PatternStatus, Template> templates(String resource, CatalogFile file) {
        Map<PatternStatus, Texts> texts = file.recommendations() == null ? Map.of() : file.recommendations();
        if (!texts.keySet().equals(Playbook.PLAYS.keySet())) {
            throw new IllegalArgumentException(resource + " must have texts for exactly " + Playbook.PLAYS.keySet()
                    + ", has " + texts.keySet());
        }
        Map<PatternStatus, Template> templates = new EnumMap<>(PatternStatus.class);
        Playbook.PLAYS.forEach((status, play) ->
                templates.put(status, template(resource, status, play, texts.get(status))));
        return Collections.unmodifiableMap(templates);
    }

    private static Template template(String resource, PatternStatus status, Play play, Texts texts) {
        String where = resource + " " + status;
        Map<String, String> labels = texts.labels() == null ? Map.of() : texts.labels();
        List<String> actions = play.actions().stream().map(Action::name).toList();
        if (!labels.keySet().equals(Set.copyOf(actions))) {
            throw new IllegalArgumentException(where + " must label exactly the actions " + actions
                    + ", labels " + labels.keySet());
        }
        List<Map<String, Object>> items = play.actions().stream()
                .map(action -> actionItem(action, labels.get(action.name())))
                .toList();
        return new Template(status, play.priority(), play.lifetime(),
                required(where, "title", texts.title()), required(where, "message", texts.message()), items);
    }

    private static Map<String, Object> actionItem(Action action, String label) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("action", action.name());
        item.put(action.parameter(), action.value());
        item.put("label", label);
        return Collections.unmodifiableMap(item);
    }

    private static PatternChangeTexts patternChangeTexts(String resource, CatalogFile file) {
        String where = resource + " pattern_changed";
        PatternChangeTexts texts = file.patternChanged();
        if (texts == null) {
            throw new IllegalArgumentException(where + " is missing");
        }
        Map<PatternStatus, String> statuses = texts.statuses() == null ? Map.of() : texts.statuses();
        if (!statuses.keySet().equals(EnumSet.allOf(PatternStatus.class))) {
            throw new IllegalArgumentException(where + " must name every status, names " + statuses.keySet());
        }
        return new PatternChangeTexts(required(where, "title", texts.title()),
                required(where, "message", texts.message()), Collections.unmodifiableMap(new EnumMap<>(statuses)));
    }

    private static String required(String where, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + " has no " + field);
        }
        return value;
    }

    /** The file's shape: {@code {"recommendations": {STATUS: texts}, "pattern_changed": {...}}}. */
    private record CatalogFile(Map<PatternStatus, Texts> recommendations, PatternChangeTexts patternChanged) {
    }

    /** Labels are keyed by action name, so a translator cannot put them in the wrong order. */
    private record Texts(String title, String message, Map<String, String> labels) {
    }
}
