package io.mistakeflow.platform.generate;

import io.mistakeflow.common.reference.MistakeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example mistake types of {@value #SEED_RESOURCE}: the one list the demo, the generator, the
 * benchmark and docker-compose's {@code seed} service share. The file is the SQL that seeds them;
 * the rows are read back from its {@code ('CODE', severity)} tuples, so nothing repeats the list.
 */
public final class ExampleMistakeTypes {

    public static final String SEED_RESOURCE = "db/seed/example-mistake-types.sql";
    private static final Pattern ROW = Pattern.compile("\\('([A-Z_]+)',\\s*(\\d+)\\)");

    private static final String SQL = read();
    private static final List<MistakeType> ALL = parse(SQL);

    private ExampleMistakeTypes() {
    }

    /** The seeding statement: inserts the missing codes, returns the codes it inserted. */
    public static String sql() {
        return SQL.replaceAll("(?m)^--.*$", "").strip().replaceFirst(";$", "");
    }

    public static List<MistakeType> all() {
        return ALL;
    }

    public static List<String> codes() {
        return ALL.stream().map(MistakeType::mistakeCode).toList();
    }

    static List<MistakeType> parse(String sql) {
        List<MistakeType> types = new ArrayList<>();
        Matcher row = ROW.matcher(sql);
        while (row.find()) {
            types.add(new MistakeType(row.group(1), Integer.parseInt(row.group(2))));
        }
        if (types.isEmpty()) {
            throw new IllegalStateException(SEED_RESOURCE + " has no ('CODE', severity) rows");
        }
        return List.copyOf(types);
    }

    private static String read() {
        try (InputStream in = ExampleMistakeTypes.class.getClassLoader().getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SEED_RESOURCE + " is not on the classpath (the connectors jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
