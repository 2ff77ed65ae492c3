package io.seldonmesh.modelgateway.io;

import io.seldonmesh.modelgateway.core.OutputRecords;
import io.seldonmesh.modelgateway.core.Rejection;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * What answers a request when its answer is too large for its topic, so the request is still answered: an output
 * becomes an error record naming its size and the topic's limit; an error record becomes the same without the
 * request's headers; and when even that is too large, a log line is the only answer.
 */
final class TooLargeAnswers {

    private static final Logger LOG = Logger.getLogger(TooLargeAnswers.class);

    private final OutputRecords outputs;
    private final BrokerLimits limits;

    TooLargeAnswers(OutputRecords outputs, BrokerLimits limits) {
        this.outputs = outputs;
        this.limits = limits;
    }

    /**
     * The answer to write instead of {@code tooLarge}; empty when nothing smaller is left to try, and the log line
     * written here answers the request.
     *
     * @param errorPartition the errors topic's partition for the request (null: the key chooses)
     */
    Optional<Answer> replacement(Answer tooLarge, Integer errorPartition) {
        ProducerRecord<byte[], byte[]> record = tooLarge.record();
        if (!tooLarge.isError()) {
            Rejection refused = outputs.brokerRefused(record,
                    OutputRecords.describe(tooLarge.model(), tooLarge.requestId()), limits.maxMessageBytes(record.topic()));
            LOG.warnf("model=%s request=%s: %s", tooLarge.model(), tooLarge.requestId(), refused.message());
            return Optional.of(tooLarge.replacedBy(outputs.error(tooLarge.model(), tooLarge.requestId(),
                    tooLarge.request(), refused, errorPartition), refused, false));
        }
        if (!tooLarge.bare()) {
            LOG.warnf("model=%s request=%s: error record too large for topic %s; writing it without the request's headers",
                    tooLarge.model(), tooLarge.requestId(), record.topic());
            return Optional.of(tooLarge.replacedBy(outputs.bareError(tooLarge.model(), tooLarge.requestId(),
                    tooLarge.request(), tooLarge.rejection(), errorPartition), tooLarge.rejection(), true));
        }
        LOG.errorf("model=%s request=%s: even a bare error record is too large for topic %s; the request (input %s-%d"
                + " offset %d) is answered by this log line only: %s", tooLarge.model(), tooLarge.requestId(),
                record.topic(), tooLarge.request().topic(), tooLarge.request().partition(), tooLarge.request().offset(),
                tooLarge.rejection().message());
        return Optional.empty();
    }
}
