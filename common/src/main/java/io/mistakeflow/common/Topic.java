package io.mistakeflow.common;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values; the only way the apps name a topic. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
