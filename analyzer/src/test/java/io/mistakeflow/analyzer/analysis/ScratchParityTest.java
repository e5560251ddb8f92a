package io.mistakeflow.analyzer.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchParityTest {
    @Test
    void compare() throws Exception {
        Path dir = Paths.get("/work/shared/parity-sample");
        MapReferences refs = MapReferences.seeded();
        for (String line : Files.readAllLines(dir.resolve("student_analysis_settings.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            refs.studentPresets.put(n.get("student_id").asText(), n.get("preset_name").asText());
        }
        Map<String, TopicState> states = new HashMap<>();
        List<String> trend = Files.readAllLines(dir.resolve("per_event_trend.jsonl"));
        List<String> in = Files.readAllLines(dir.resolve("input_mistakes.jsonl"));
        int bad = 0;
        for (int i = 0; i < in.size(); i++) {
            Mistake m = Rows.mistake(in.get(i).getBytes());
            JsonNode exp = Json.MAPPER.readTree(in.get(i));
            JsonNode tr = Json.MAPPER.readTree(trend.get(i));
            String k = m.topicKey().encode();
            var r = MistakeAnalysis.analyse(states.getOrDefault(k, TopicState.empty()), m, refs);
            states.put(k, r.state());
            String got = r.state().pattern() == null ? "null" : r.state().pattern().improvementTrend();
            String want = tr.get("improvement_trend_after").asText();
            String gotE = r.analysed() == null ? "null" : String.valueOf(r.analysed().mistake().expectedDuration());
            String gotR = r.analysed() == null ? "null" : String.valueOf(r.analysed().mistake().timeRatio());
            if (!got.equals(want) || !gotE.equals(exp.get("expected_duration").asText()) || !gotR.equals(exp.get("time_ratio").asText())) {
                if (bad++ < 15) System.out.println("seq " + (i + 1) + " got " + got + " " + gotE + " " + gotR + " want " + want + " " + exp.get("expected_duration") + " " + exp.get("time_ratio"));
            }
        }
        System.out.println("BAD " + bad);
        int bbad = 0;
        for (String line : Files.readAllLines(dir.resolve("student_baseline_performance.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            String k = new io.mistakeflow.common.mistake.TopicKey(n.get("student_id").asText(), n.get("global_topic_uid").isNull() ? null : n.get("global_topic_uid").asText()).encode();
            JsonNode got = Json.MAPPER.valueToTree(states.get(k).baseline());
            for (var it = n.fieldNames(); it.hasNext();) { String f = it.next();
                if (!n.get(f).asText().equals(got.get(f).asText())) { if (bbad++ < 10) System.out.println(k + " " + f + " " + n.get(f) + " vs " + got.get(f)); } }
        }
        int pbad = 0;
        for (String line : Files.readAllLines(dir.resolve("student_mistake_patterns.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line);
            String k = new io.mistakeflow.common.mistake.TopicKey(n.get("student_id").asText(), n.get("global_topic_uid").isNull() ? null : n.get("global_topic_uid").asText()).encode();
            JsonNode got = Json.MAPPER.valueToTree(states.get(k).pattern());
            for (var it = n.fieldNames(); it.hasNext();) { String f = it.next();
                if (!n.get(f).toString().equals(got.get(f).toString())) { if (pbad++ < 10) System.out.println(k + " " + f + " " + n.get(f) + " vs " + got.get(f)); } }
        }
        System.out.println("BBAD " + bbad + " PBAD " + pbad);
    }
}
