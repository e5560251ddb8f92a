package io.mistakeflow.recommender.template;

import io.mistakeflow.common.analysis.PatternStatus;
import java.util.Map;

/**
 * The texts of a {@code PATTERN_CHANGED} event. {@code message} may name the two statuses as
 * {@code {previous}} and {@code {current}}; {@code statuses} holds every status's display name.
 */
public record PatternChangeTexts(String title, String message, Map<PatternStatus, String> statuses) {

    public String message(PatternStatus previous, PatternStatus current) {
        return message.replace("{previous}", statuses.get(previous)).replace("{current}", statuses.get(current));
    }
}
