package io.mistakeflow.common.config;

import java.util.List;

/**
 * Every settings key of every process of the pipeline: what a properties file or a
 * {@code PIPELINE_*} variable may name (besides Kafka client properties under {@code kafka.}).
 * One list for all, because one environment or file often serves several processes (an env file
 * shared by the apps in docker-compose): a key another process reads is not a typo. Each process
 * declares the keys it reads next to its defaults (its settings class); a test keeps this list
 * equal to their union.
 */
public final class KnownSettings {

    public static final List<String> ALL = List.of(
            // shared by both Streams apps
            "bootstrap.servers", "state.dir", "processing.guarantee", "num.stream.threads", "num.standby.replicas",
            "replication.factor", "commit.interval.ms", "rocksdb.memory.bytes", "ops.port",
            // analyzer
            "mistakeflow-analyzer.application.id", "analyzer.persistent.stores",
            // recommender
            "mistakeflow-recommender.application.id", "recommender.language", "recommender.expiry.enabled",
            "recommender.dismissals.enabled", "recommender.pattern-changed.enabled",
            // gateway
            "gateway.host", "gateway.port", "gateway.jwt.secret", "gateway.jwt.secret.file", "gateway.jwt.issuer",
            "gateway.jwt.audience", "gateway.backlog.limit", "gateway.streams.per.student", "gateway.streams.max",
            "gateway.client.buffer.events", "gateway.heartbeat.interval", "gateway.recent.window",
            "gateway.recent.max.events", "gateway.cors.origins", "gateway.jdbc.url", "gateway.jdbc.user",
            "gateway.jdbc.password", "gateway.jdbc.pool.size",
            // migrate: the database roles' passwords
            "postgres.cdc.password", "postgres.sink.password", "postgres.app.password");

    private KnownSettings() {
    }
}
