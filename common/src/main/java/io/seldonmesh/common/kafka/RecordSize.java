package io.seldonmesh.common.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The size a producer checks a record against its {@code max.request.size} (and a broker against a topic's
 * {@code max.message.bytes}): the record batch that would hold it alone, headers included. Every "too large" check
 * uses this one number, so a record judged to fit is never refused by the producer.
 */
public final class RecordSize {

    private RecordSize() {
    }

    public static int of(byte[] key, byte[] value, Headers headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, value, headers.toArray());
    }

    public static int of(ProducerRecord<byte[], byte[]> record) {
        return of(record.key(), record.value(), record.headers());
    }
}
