package io.mistakeflow.platform.simulate;

import java.time.Instant;

/**
 * One input row as the topologies read it: the flat JSON with Postgres column names, the record
 * timestamp it is processed with, and where it came from (a file and line, a partition and
 * offset), for the report of a row that breaks the input contract.
 *
 * @param timestamp the record's timestamp (its commit time); null: the mistake's occurred_at, as
 *                  for rows from a file or a table, which carry no commit time
 */
public record InputRow(byte[] value, Instant timestamp, String where) {
}
