package io.mistakeflow.recommender.template;

import io.mistakeflow.common.analysis.PatternStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The part of Rule 3's table (docs/behaviour.md#templates) that no language changes: priority, lifetime and the actions
 * with their parameter, in the order the action items list them. Statuses missing here
 * ({@code stable}, {@code insufficient_data}) recommend nothing.
 */
final class Playbook {

    /** Every action of the playbook takes exactly one parameter. */
    record Action(String name, String parameter, Object value) {
    }

    record Play(int priority, Duration lifetime, List<Action> actions) {
    }

    static final Map<PatternStatus, Play> PLAYS = Map.of(
            PatternStatus.PANIC_RUSH, new Play(8, Duration.ofHours(6), List.of(
                    new Action("slow_down", "duration_sec", 60),
                    new Action("recheck_steps", "count", 2),
                    new Action("micro_break", "duration_sec", 45))),
            PatternStatus.STUCK_LOOP, new Play(9, Duration.ofHours(24), List.of(
                    new Action("hint", "level", 1),
                    new Action("micro_review", "duration_min", 6),
                    new Action("retry", "count", 1))),
            PatternStatus.STUCK_SLOW, new Play(7, Duration.ofHours(24), List.of(
                    new Action("split_solution", "steps", 3),
                    new Action("time_box", "duration_sec", 90),
                    new Action("retry", "count", 1))),
            PatternStatus.worsening, new Play(7, Duration.ofHours(24), List.of(
                    new Action("prereq_check", "mode", "light"),
                    new Action("easy_set", "count", 6),
                    new Action("review", "duration_min", 8))),
            PatternStatus.improving, new Play(4, Duration.ofHours(24), List.of(
                    new Action("review", "duration_min", 5),
                    new Action("normal_set", "count", 8))));

    private Playbook() {
    }
}
