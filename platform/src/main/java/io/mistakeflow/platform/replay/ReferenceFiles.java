package io.mistakeflow.platform.replay;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.platform.UsageException;
import io.mistakeflow.platform.simulate.InputRow;
import io.mistakeflow.platform.simulate.LineFile;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A what-if file (--presets, --student-settings, --mistake-types) read strictly: an analyst's
 * file with a bad line is a mistake to fix before anything runs, not a row to skip.
 */
final class ReferenceFiles {

    private ReferenceFiles() {
    }

    /** Every row of {@code file}, each checked by {@code check}; null when no file was given. */
    static List<InputRow> read(Path file, Consumer<byte[]> check) {
        if (file == null) {
            return null;
        }
        List<InputRow> rows = new LineFile(file).readAll();
        for (InputRow row : rows) {
            try {
                check.accept(row.value());
            } catch (BadRecordException e) {
                throw new UsageException(file + " line " + row.where().substring(row.where().lastIndexOf(':') + 1)
                        + " does not follow the input contract: " + e.getMessage());
            }
        }
        return rows;
    }
}
