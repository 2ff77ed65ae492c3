/**
 * The Open Inference Protocol (V2): its messages, their JSON form, tensor data and validation.
 *
 * <h2>One internal representation</h2>
 * The protobuf messages of {@code grpc_service.proto} ({@code io.seldonmesh.common.v2.proto}) are what every
 * service holds and passes around: they are the Seldon Core 2 Kafka payload and the gRPC form. JSON exists
 * only at the edges (REST bodies, Kafka records with {@code seldon-infer-type: json/inferModelRequest}) and
 * is converted on entry and exit by {@link io.seldonmesh.common.v2.V2Json}. There is no third, "domain"
 * model of a request.
 *
 * <h2>Typed or raw, both first class</h2>
 * A message may carry tensor data in each tensor's typed {@code contents} or in the message's
 * {@code raw_input_contents}/{@code raw_output_contents} (little-endian, row-major; BOOL one byte per element;
 * BYTES as a 4-byte little-endian length before each element, as Triton does). The protocol forbids mixing
 * the two in one message. Rather than normalise every message to one form,
 * {@link io.seldonmesh.common.v2.Tensor} reads either form the same way ({@code floats()}, {@code longs()},
 * {@code bytes()}, {@code raw()} ...), so a model server takes whatever clients send.
 * {@link io.seldonmesh.common.v2.Tensors} converts a whole message when a peer needs one form.
 *
 * <h2>FP16 and BF16</h2>
 * They have no typed field, so they stay raw (2 bytes per element) and any message holding one is raw
 * throughout; {@code Tensor.floats()} decodes them. They are not widened to FP32: that would change the
 * datatype the model asked for. In JSON they are plain numbers, rounded to nearest even on the way in.
 *
 * <h2>Errors are values for people</h2>
 * {@link io.seldonmesh.common.v2.TensorValidation} returns every {@link io.seldonmesh.common.v2.V2Problem}
 * found; everything else throws one {@link io.seldonmesh.common.v2.V2ValidationException} carrying them
 * all. Each message names the tensor ("input 'x'"), the element index where one is at fault, the numbers that
 * disagree, and what was expected, so the sender can fix the payload without reading this code. Services map
 * the exception to HTTP 400 / gRPC INVALID_ARGUMENT / a Kafka error record.
 */
package io.seldonmesh.common.v2;
