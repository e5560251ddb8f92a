package io.mistakeflow.platform;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Batch commands print their own result: one log line per reference row is noise there. */
public final class BatchLogging {

    private BatchLogging() {
    }

    public static void quiet() {
        Configurator.setLevel("io.mistakeflow", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.ERROR);
    }
}
