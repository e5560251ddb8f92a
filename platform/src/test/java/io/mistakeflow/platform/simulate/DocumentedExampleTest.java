package io.mistakeflow.platform.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.recommender.topology.RecommenderOptions;
import io.mistakeflow.recommender.topology.RecommenderTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/behaviour.md stays true: its input files, run through the production
 * topologies, give exactly the rows the page prints.
 */
class DocumentedExampleTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theWorkedExampleGivesTheRowsTheDocumentPrints(@TempDir Path out) throws IOException {
        // given
        Path example = DOCS.resolve("examples/worked-example");
        String page = Files.readString(DOCS.resolve("behaviour.md"), StandardCharsets.UTF_8);
        String section = page.substring(page.indexOf("### The rows after mistake 6"), page.indexOf("### Other checked facts"));
        List<JsonNode> documented = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(section);
        while (block.find()) {
            documented.add(Json.MAPPER.readTree(block.group(1)));
        }

        // when
        new Simulation(new SimulationInputs(example.resolve("mistakes.jsonl"), example.resolve("mistake_types.jsonl"),
                null, null), RecommenderTopology.build(RecommenderOptions.inMemory()),
                new PrintStream(OutputStream.nullOutputStream())).run(out);

        // then: baseline, pattern, analysed mistake, recommendation, event, as the page lists them
        assertThat(documented).containsExactly(
                last(out.resolve("baselines.jsonl")), last(out.resolve("patterns.jsonl")),
                last(out.resolve("analysed_mistakes.jsonl")), last(out.resolve("recommendations.jsonl")),
                last(out.resolve("ui_reflex_events.jsonl")));
    }

    private static JsonNode last(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }
}
