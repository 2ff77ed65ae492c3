package io.seldonmesh.modelgateway.io;

/**
 * Where a consumer's lanes release answers, in each partition's order, and which partition an answer goes to.
 * Used by any thread: the consumer's, and those that receive model replies.
 */
interface Outlet {

    /** The request's partition when {@code topic} has it, else null (the record key chooses). */
    Integer partition(String topic, int requestPartition);

    /** Writes {@code answer} to Kafka, or hands it to what will; never blocks for long. */
    void send(Answer answer);

    /** Fetches what the first answer to {@code topic} would otherwise wait for (its metadata). May block. */
    void knowTopic(String topic);
}
