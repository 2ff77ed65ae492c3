package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.pipelinegateway.dataflow.core.KeyValueState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The dataflow's memory in a Kafka Streams key-value store (in memory, backed by its changelog topic). */
final class StoreState implements KeyValueState {

    private final KeyValueStore<String, byte[]> store;

    StoreState(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(String key) {
        return store.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public List<String> keys(String from, String to) {
        List<String> keys = new ArrayList<>();
        // Kafka Streams' range includes its upper end; this one does not.
        try (KeyValueIterator<String, byte[]> range = store.range(from, to)) {
            while (range.hasNext()) {
                KeyValue<String, byte[]> entry = range.next();
                if (!entry.key.equals(to)) {
                    keys.add(entry.key);
                }
            }
        }
        return keys;
    }
}
