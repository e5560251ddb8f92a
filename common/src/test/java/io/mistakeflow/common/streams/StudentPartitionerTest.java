package io.mistakeflow.common.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.recommendation.Recommendation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentPartitionerTest {

    @ParameterizedTest
    @CsvSource({
            "00000000-0000-4000-8000-000000000010, 6",
            "00000000-0000-4000-8000-000000000011, 6",
            "00000000-0000-4000-8000-000000000047, 12",
            "5c3f1d7e-2b9a-4e61-8f0d-3a7b9c2e4d10, 3"})
    void aRecommendationGoesWhereItsStudentsKeyedRecordsGo(String studentId, int partitions) {
        // given a recommendation, keyed by its own id
        Recommendation recommendation = new Recommendation("a14819eb-3694-599e-941d-9d84c3e6a0c8", studentId, null,
                "PANIC_RUSH", "t", "m", List.of(), 8, true, false, false, "m1", null, null, null);

        // when
        var chosen = new StudentPartitioner<>(Recommendation::studentId)
                .partitions("mistakeflow.recommendations", recommendation.id(), recommendation, partitions);

        // then: the partition the producer picks for a record keyed by the student id
        int producers = BuiltInPartitioner.partitionForKey(studentId.getBytes(StandardCharsets.UTF_8), partitions);
        assertThat(chosen).contains(Set.of(producers));
    }
}
