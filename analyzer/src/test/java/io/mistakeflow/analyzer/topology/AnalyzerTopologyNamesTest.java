package io.mistakeflow.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Every node and store has an explicit, stable name: renaming one orphans state. */
class AnalyzerTopologyNamesTest {

    private static final TopologyDescription DESCRIPTION =
            AnalyzerTopology.build(AnalyzerOptions.inMemory()).topology().describe();

    private static Map<String, TopologyDescription.Node> nodes() {
        Map<String, TopologyDescription.Node> nodes = new HashMap<>();
        for (TopologyDescription.Subtopology sub : DESCRIPTION.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                nodes.put(node.name(), node);
            }
        }
        for (TopologyDescription.GlobalStore global : DESCRIPTION.globalStores()) {
            nodes.put(global.source().name(), global.source());
            nodes.put(global.processor().name(), global.processor());
        }
        return nodes;
    }

    @Test
    void everyNodeHasItsExplicitName() {
        // given / when
        Set<String> names = nodes().keySet();

        // then
        assertThat(names).containsExactlyInAnyOrder(
                "mistakes-source", "student-settings-source", "mistake-types-source", "presets-source",
                "analyse-mistakes", "store-student-settings", "load-mistake-types", "load-presets",
                "baselines-sink", "patterns-sink", "analysed-mistakes-sink", "pattern-updates-sink",
                "dead-letter-sink");
    }

    @Test
    void theMistakeProcessorUsesTheStudentTopicStateSettingsAndAnalysedIdsStores() {
        // given / when
        TopologyDescription.Processor analyse = (TopologyDescription.Processor) nodes().get("analyse-mistakes");

        // then
        assertThat(analyse.stores()).containsExactlyInAnyOrder("analyzer-student-topic-state", "analyzer-student-settings",
                "analyzer-analysed-mistake-ids");
    }

    @Test
    void theSettingsProcessorUsesTheSettingsStore() {
        // given / when
        TopologyDescription.Processor settings = (TopologyDescription.Processor) nodes().get("store-student-settings");

        // then
        assertThat(settings.stores()).containsExactly("analyzer-student-settings");
    }

    @Test
    void theReferenceTablesAreGlobalStoresWithTheirOwnNames() {
        // given / when
        Map<String, Set<String>> storesBySource = new HashMap<>();
        for (TopologyDescription.GlobalStore global : DESCRIPTION.globalStores()) {
            storesBySource.put(global.source().name(), new HashSet<>(global.processor().stores()));
        }

        // then
        assertThat(storesBySource).isEqualTo(Map.of(
                "mistake-types-source", Set.of("analyzer-mistake-types"),
                "presets-source", Set.of("analyzer-presets")));
    }

    @Test
    void mistakesAndSettingsAreOneSubtopologySoTheyShareATask() {
        // given / when
        long withMistakes = DESCRIPTION.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals("mistakes-source"))
                        && sub.nodes().stream().anyMatch(n -> n.name().equals("student-settings-source")))
                .count();

        // then
        assertThat(DESCRIPTION.subtopologies()).hasSize(1);
        assertThat(withMistakes).isEqualTo(1);
    }
}
