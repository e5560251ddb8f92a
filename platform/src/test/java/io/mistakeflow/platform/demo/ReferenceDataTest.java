package io.mistakeflow.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.connectors.SchemaMigrations;
import io.mistakeflow.platform.embedded.EmbeddedPostgres;
import io.mistakeflow.platform.generate.ExampleMistakeTypes;
import io.mistakeflow.platform.generate.MistakeGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example seed file, as the demo runs it (docker-compose's psql runs the same file). */
class ReferenceDataTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start(null);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void theSeedFileHoldsTheGeneratorsCodesWithTheirSeverities() {
        assertThat(ExampleMistakeTypes.all()).hasSize(8)
                .contains(new MistakeType("CARELESS_READING", 1), new MistakeType("TIME_OUT", 5));
        assertThat(MistakeGenerator.KNOWN_CODES).isEqualTo(ExampleMistakeTypes.codes());
    }

    @Test
    void seedingInsertsTheMissingCodesOnceAndKeepsAnOperatorsSeverity() throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO mistake_types VALUES ('TIME_OUT', 1) ON CONFLICT DO NOTHING");

            assertThat(ReferenceData.seedMistakeTypes(connection)).hasSize(7).doesNotContain("TIME_OUT");
            assertThat(ReferenceData.seedMistakeTypes(connection)).isEmpty();

            List<MistakeType> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery("SELECT mistake_code, severity FROM mistake_types")) {
                while (row.next()) {
                    rows.add(new MistakeType(row.getString(1), row.getInt(2)));
                }
            }
            assertThat(rows).hasSize(8).contains(new MistakeType("TIME_OUT", 1), new MistakeType("CONCEPT_GAP", 4));
        }
    }
}
