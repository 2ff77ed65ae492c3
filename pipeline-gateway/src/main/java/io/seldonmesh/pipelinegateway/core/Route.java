package io.seldonmesh.pipelinegateway.core;

/**
 * Where requests for one model or pipeline go and where their answers come back, once the gateway reads the
 * answers: its inputs and outputs topics, how many partitions both have, and the largest record the inputs
 * topic takes.
 *
 * @param partitions the partitions both topics have (the smaller count, should they differ)
 * @param maxRecordBytes the smaller of the client limit and the topic's own {@code max.message.bytes}
 * @param limitName where {@code maxRecordBytes} comes from, for a 413 that says what to change
 * @param awaiting where the answer may arrive, for a timeout message
 */
public record Route(String inputsTopic, String outputsTopic, int partitions, long maxRecordBytes, String limitName,
                    String awaiting) {
}
