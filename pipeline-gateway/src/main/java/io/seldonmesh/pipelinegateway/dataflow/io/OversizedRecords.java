package io.seldonmesh.pipelinegateway.dataflow.io;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens when the broker refuses a dataflow record as too large: the dataflow checks records against
 * {@code KAFKA_MESSAGE_MAX_BYTES} itself (and ends the request with an error naming both sizes), so this is a topic
 * whose {@code max.message.bytes} is lower. One request is lost to its caller's timeout, logged with the topic to
 * fix; the pipeline goes on. Kafka Streams' default would stop the whole pipeline instead.
 */
public final class OversizedRecords implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(OversizedRecords.class);

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            LOG.errorf("the broker refused a record of %d bytes for %s as too large (%s): raise the topic's"
                            + " max.message.bytes to KAFKA_MESSAGE_MAX_BYTES; the request it carried gets no answer",
                    record.value() == null ? 0 : record.value().length, record.topic(), exception.getMessage());
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        return ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
