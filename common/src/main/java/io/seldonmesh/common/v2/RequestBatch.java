package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferRequest.InferInputTensor;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelInferResponse.InferOutputTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several requests for one model sent as one call, stacked along the first (batch) dimension, and the model's
 * response cut back into one response per request.
 *
 * <p>Requests stack when they have the same inputs (names, datatypes, every dimension but the first, typed or raw
 * contents alike), the same parameters and the same requested outputs, and each request's inputs share their first
 * dimension (its row count). Raw {@code BYTES} tensors do not stack: their elements have no fixed size. The
 * response splits when every output's first dimension is the total row count; otherwise the model does not batch,
 * and the caller sends the requests one by one. Only for models whose rows are independent: an output row must
 * depend on its input row alone, which is why batching is opt-in.
 */
public final class RequestBatch {

    private final List<ModelInferRequest> requests;
    private final List<Long> rows;

    private RequestBatch(List<ModelInferRequest> requests, List<Long> rows) {
        this.requests = requests;
        this.rows = rows;
    }

    /** The first dimension shared by all of a request's inputs, when it can be stacked at all. */
    public static Optional<Long> rows(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            return Optional.empty();
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        long rows = -1;
        for (InferInputTensor input : request.getInputsList()) {
            if (input.getShapeCount() == 0 || (raw && !fixedSize(input.getDatatype()))) {
                return Optional.empty();
            }
            if (rows >= 0 && input.getShape(0) != rows) {
                return Optional.empty();
            }
            rows = input.getShape(0);
        }
        return rows > 0 ? Optional.of(rows) : Optional.empty();
    }

    /** Whether {@code next} can join a batch that starts with {@code first}; both must have {@link #rows}. */
    public static boolean stackable(ModelInferRequest first, ModelInferRequest next) {
        if (first.getInputsCount() != next.getInputsCount()
                || first.getRawInputContentsCount() != next.getRawInputContentsCount()
                || !first.getParametersMap().equals(next.getParametersMap())
                || !first.getOutputsList().equals(next.getOutputsList())
                || !first.getModelName().equals(next.getModelName())) {
            return false;
        }
        for (int i = 0; i < first.getInputsCount(); i++) {
            InferInputTensor a = first.getInputs(i);
            InferInputTensor b = next.getInputs(i);
            if (!a.getName().equals(b.getName()) || !a.getDatatype().equals(b.getDatatype())
                    || a.getShapeCount() != b.getShapeCount() || !a.getParametersMap().equals(b.getParametersMap())) {
                return false;
            }
            for (int d = 1; d < a.getShapeCount(); d++) {
                if (a.getShape(d) != b.getShape(d)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The batch of {@code requests}, which the caller has checked pairwise with {@link #stackable} against the
     * first and each of which has {@link #rows}.
     */
    public static RequestBatch of(List<ModelInferRequest> requests) {
        if (requests.size() < 2) {
            throw new IllegalArgumentException("a batch needs at least two requests, got " + requests.size());
        }
        return new RequestBatch(List.copyOf(requests),
                requests.stream().map(request -> rows(request).orElseThrow()).toList());
    }

    public int size() {
        return requests.size();
    }

    /** One request holding every request's rows in order; its id is empty, since it has no single caller. */
    public ModelInferRequest merged() {
        ModelInferRequest first = requests.get(0);
        ModelInferRequest.Builder merged = first.toBuilder().clearId().clearInputs().clearRawInputContents();
        long total = rows.stream().mapToLong(Long::longValue).sum();
        for (int i = 0; i < first.getInputsCount(); i++) {
            InferInputTensor.Builder input = first.getInputs(i).toBuilder().setShape(0, total);
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            ByteString raw = ByteString.EMPTY;
            for (ModelInferRequest request : requests) {
                // mergeFrom appends repeated fields: the rows stay in request order
                contents.mergeFrom(request.getInputs(i).getContents());
                if (request.getRawInputContentsCount() > 0) {
                    raw = raw.concat(request.getRawInputContents(i));
                }
            }
            if (first.getRawInputContentsCount() > 0) {
                input.clearContents();
                merged.addRawInputContents(raw);
            } else {
                input.setContents(contents);
            }
            merged.addInputs(input);
        }
        return merged.build();
    }

    /**
     * The response to each request, in order, cut from the model's response to {@link #merged()}; or why it cannot
     * be cut (then the model does not treat the first dimension as the batch).
     */
    public Split split(ModelInferResponse response) {
        return split(response, rows, requests.stream().map(ModelInferRequest::getId).toList());
    }

    /** The rows each request of {@link #merged()} contributed, in order. */
    public List<Long> rows() {
        return rows;
    }

    /**
     * {@link #split(ModelInferResponse)} for a batch whose requests are no longer at hand: only their row counts
     * and ids are needed (a pipeline step keeps those while the batch is at the model).
     */
    public static Split split(ModelInferResponse response, List<Long> rows, List<String> ids) {
        long total = rows.stream().mapToLong(Long::longValue).sum();
        boolean raw = response.getRawOutputContentsCount() > 0;
        if (raw && response.getRawOutputContentsCount() != response.getOutputsCount()) {
            return Split.impossible(response.getRawOutputContentsCount() + " raw output contents for "
                    + response.getOutputsCount() + " outputs");
        }
        for (InferOutputTensor output : response.getOutputsList()) {
            if (output.getShapeCount() == 0 || output.getShape(0) != total) {
                return Split.impossible("output '" + output.getName() + "' has shape " + output.getShapeList()
                        + ", not " + total + " rows (the batch's)");
            }
            if (raw && !fixedSize(output.getDatatype())) {
                return Split.impossible("raw output '" + output.getName() + "' is " + output.getDatatype()
                        + ", whose elements have no fixed size");
            }
        }
        // Templates without the tensors' data: copying the whole response per request would cost batch² elements.
        ModelInferResponse empty = response.toBuilder().clearOutputs().clearRawOutputContents().build();
        List<ModelInferResponse.Builder> parts = new ArrayList<>();
        for (String id : ids) {
            parts.add(empty.toBuilder().setId(id));
        }
        for (int o = 0; o < response.getOutputsCount(); o++) {
            InferOutputTensor output = response.getOutputs(o);
            InferOutputTensor withoutData = output.toBuilder().clearContents().build();
            long perRow = elementsPerRow(output);
            long start = 0;
            for (int r = 0; r < rows.size(); r++) {
                long end = start + rows.get(r);
                InferOutputTensor.Builder part = withoutData.toBuilder().setShape(0, rows.get(r));
                if (raw) {
                    int size = Datatype.parse(output.getDatatype()).elementSize();
                    ByteString bytes = response.getRawOutputContents(o);
                    if (bytes.size() != total * perRow * size) {
                        return Split.impossible("raw output '" + output.getName() + "' has " + bytes.size()
                                + " bytes, not " + total * perRow * size);
                    }
                    parts.get(r).addRawOutputContents(bytes.substring((int) (start * perRow * size),
                            (int) (end * perRow * size)));
                } else {
                    Optional<InferTensorContents> slice = TensorSlice.of(output.getContents(), total * perRow,
                            start * perRow, end * perRow);
                    if (slice.isEmpty()) {
                        return Split.impossible("output '" + output.getName() + "' does not hold " + total * perRow
                                + " elements");
                    }
                    part.setContents(slice.get());
                }
                parts.get(r).addOutputs(part);
                start = end;
            }
        }
        return new Split(parts.stream().map(ModelInferResponse.Builder::build).toList(), null);
    }

    private static long elementsPerRow(InferOutputTensor output) {
        long perRow = 1;
        for (int d = 1; d < output.getShapeCount(); d++) {
            perRow *= output.getShape(d);
        }
        return perRow;
    }

    private static boolean fixedSize(String datatype) {
        return Datatype.find(datatype).map(Datatype::hasFixedSize).orElse(false);
    }

    /** The responses, one per request in order, or the reason the model's response cannot be cut by rows. */
    public record Split(List<ModelInferResponse> responses, String problem) {

        static Split impossible(String problem) {
            return new Split(List.of(), problem);
        }

        public boolean succeeded() {
            return problem == null;
        }
    }
}
