package io.mistakeflow.platform.cutover;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Waits, inside the rollout's transaction (inserts held back), until the pipeline has written every
 * output of the mistakes it analysed for the students in buckets {@code [fromBucket, toBucket)},
 * who are about to go back to the triggers.
 */
@FunctionalInterface
public interface Drain {

    DrainReport await(Connection connection, int fromBucket, int toBucket) throws SQLException, InterruptedException;
}
