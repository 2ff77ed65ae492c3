package io.seldonmesh.pipelinegateway.dataflow.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.RecordSize;
import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.v2.InferenceSummary;
import io.seldonmesh.common.v2.RequestBatch;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.pipelinegateway.core.ErrorMessages;
import io.seldonmesh.pipelinegateway.dataflow.core.state.Arrival;
import io.seldonmesh.pipelinegateway.dataflow.core.state.Batch;
import io.seldonmesh.pipelinegateway.dataflow.core.state.BatchMember;
import io.seldonmesh.pipelinegateway.dataflow.core.state.JoinProgress;
import io.seldonmesh.pipelinegateway.dataflow.core.state.Mark;
import io.seldonmesh.pipelinegateway.dataflow.core.state.StoredHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * The dataflow of one pipeline version on one partition: every record it reads goes through {@link #process},
 * and {@link #tick} closes the windows that are due. Plain Java over a {@link FlowState} and an {@link Outbox}, so
 * the same code runs inside Kafka Streams and in unit tests.
 *
 * <p>A record is taken by the stages with a slot on its topic, when it belongs to this version
 * ({@link RecordOwnership}) and brings tensors the slot takes. A stage with one slot sends at once; the others keep
 * what arrived per request until their {@link JoinRule} says go (or the window closes). An error record for a
 * request ends it here at once: whatever its stages hold is dropped, and later data for it is ignored, so no model
 * is called for a request whose caller already has its error.
 */
public final class DataflowEngine {

    private static final Logger LOG = Logger.getLogger(DataflowEngine.class);
    static final String STATUS = ErrorMessages.DATAFLOW_STATUS;
    private static final String BATCH_PREFIX = "batch-";

    private final DataflowPlan plan;
    private final RecordOwnership ownership;
    private final FlowState state;
    private final Outbox outbox;
    private final FlowMetrics metrics;
    private final long maxRecordBytes;
    private final String pipeline;
    private final Set<String> batchAnswerTopics;

    /** @param maxRecordBytes the largest record the producer sends ({@code KAFKA_MESSAGE_MAX_BYTES}) */
    public DataflowEngine(DataflowPlan plan, RecordOwnership ownership, FlowState state, Outbox outbox,
                          FlowMetrics metrics, long maxRecordBytes) {
        this.plan = plan;
        this.ownership = ownership;
        this.state = state;
        this.outbox = outbox;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.pipeline = plan.pipeline();
        this.batchAnswerTopics = plan.batchAnswerTopics();
    }

    public void process(Inbound in, long now) {
        if (in.topic().equals(plan.errorsTopic())) {
            onError(in, now);
            return;
        }
        String recordPipeline = SeldonHeaders.lastValue(in.headers(), SeldonHeaders.PIPELINE).orElse(null);
        String recordVersion = SeldonHeaders.lastValue(in.headers(), SeldonHeaders.PIPELINE_VERSION).orElse(null);
        List<Target> targets = new ArrayList<>();
        for (Stage stage : plan.stages()) {
            for (Slot slot : stage.slots()) {
                if (slot.topic().equals(in.topic()) && ownership.owns(slot, recordPipeline, recordVersion,
                        in.timestamp())) {
                    targets.add(new Target(stage, slot));
                }
            }
        }
        boolean batchAnswer = batchAnswerTopics.contains(in.topic()) && ownership.version().equals(recordVersion);
        if (targets.isEmpty() && !batchAnswer) {
            return;
        }
        String key = requestKey(in);
        if (!FlowState.usable(key)) {
            LOG.warnf("%s: ignoring a record of %s-%d at timestamp %d: its key holds the control character U+0001,"
                    + " which this dataflow cannot keep", plan.version(), in.topic(), in.partition(), in.timestamp());
            return;
        }
        if (batchAnswer && state.sentBatch(key).isPresent()) {
            answerBatch(in, key, now);
            return;
        }
        if (targets.isEmpty()) {
            return;
        }
        if (state.ended(key)) {
            targets.forEach(target -> metrics.dropped(target.stage().name(), FlowMetrics.Drop.ENDED));
            return;
        }
        RecordTensors tensors;
        try {
            tensors = RecordTensors.decode(targets.get(0).slot().payload(), in.value(), in.headers());
        } catch (IllegalArgumentException e) {
            fail(key, in.headers(), in.partition(), targets.get(0).stage().name(), "the record at " + in.topic() + "-"
                    + in.partition() + " with timestamp " + in.timestamp() + " could not be read: " + e.getMessage(),
                    "write V2 inference messages to the pipeline's topics", in.timestamp(), now);
            return;
        }
        for (Target target : targets) {
            if (tensors.fills(target.slot())) {
                arrive(target, key, in, tensors, now);
            }
        }
    }

    /** Closes the windows that are due: outer joins go with what they have, other partial joins are dropped. */
    public void tick(long now) {
        for (FlowState.Due due : state.due(now)) {
            switch (due.kind()) {
                case JOIN -> closeWindow(due, now);
                case OPEN_BATCH -> state.openBatch(due.first()).ifPresent(batch -> {
                    state.deleteOpenBatch(due.first(), batch.getDeadline());
                    plan.stage(due.first()).ifPresent(stage -> sendBatch(stage, batch, now));
                });
                case SENT_BATCH -> {
                    LOG.warnf("%s: no answer to batch %s within %d ms; its requests end at their callers' timeouts",
                            plan.version(), due.first(), plan.longestWindowMillis());
                    state.forget(due);
                }
                case ENDED, VISITS -> state.forget(due);
            }
        }
    }

    private record Target(Stage stage, Slot slot) {
    }

    private void arrive(Target target, String key, Inbound in, RecordTensors tensors, long now) {
        Stage stage = target.stage();
        metrics.arrived(stage.name());
        if (stage.passesThrough() && !plan.cyclic()) {
            send(stage, key, List.of(new Taken(target.slot(), tensors, in.headers())), in.partition(), now, now,
                    in.timestamp());
            return;
        }
        Optional<JoinProgress> existing = state.join(key, stage.name());
        JoinProgress.Builder progress = existing.map(JoinProgress::toBuilder).orElseGet(() -> JoinProgress.newBuilder()
                .setFirstArrival(now).setDeadline(now + stage.windowMillis()).setPartition(in.partition()));
        if (progress.getDone() || progress.getArrivalsList().stream().anyMatch(a -> a.getSlot() == target.slot().index())) {
            metrics.dropped(stage.name(), FlowMetrics.Drop.DUPLICATE);
            return;
        }
        progress.addArrivals(Arrival.newBuilder().setSlot(target.slot().index()).setValue(ByteString.copyFrom(in.value()))
                .addAllHeaders(stored(in.headers())).setArrivedAt(now));
        long deadline = existing.map(JoinProgress::getDeadline).orElse(-1L);
        if (JoinRule.decide(stage, present(progress), false) == JoinRule.Decision.GO) {
            go(stage, key, progress, in.partition(), now, in.timestamp(), deadline);
        } else {
            state.putJoin(key, stage.name(), progress.build(), deadline);
        }
    }

    private void closeWindow(FlowState.Due due, long now) {
        String key = due.first();
        String stageName = due.second();
        Optional<JoinProgress> progress = state.join(key, stageName);
        Optional<Stage> stage = plan.stage(stageName);
        state.forget(due);
        if (progress.isEmpty() || stage.isEmpty() || progress.get().getDone()) {
            return;
        }
        JoinProgress.Builder found = progress.get().toBuilder();
        if (JoinRule.decide(stage.get(), present(found), true) == JoinRule.Decision.GO) {
            go(stage.get(), key, found, found.getPartition(), now, now, -1);
        } else {
            metrics.dropped(stageName, FlowMetrics.Drop.EXPIRED);
            LOG.debugf("%s: %s dropped the data of request %s after %d ms without %s", plan.version(),
                    stage.get().describe(), key, stage.get().windowMillis(), JoinRule.missing(stage.get(), present(found)));
        }
    }

    /** The join is complete: send, and remember it went so that late or repeated data is not sent again. */
    private void go(Stage stage, String key, JoinProgress.Builder progress, int partition, long now, long timestamp,
                    long previousDeadline) {
        List<Taken> taken = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>(progress.getArrivalsList());
        arrivals.sort(Comparator.comparingLong(Arrival::getArrivedAt));
        for (Arrival arrival : arrivals) {
            Slot slot = stage.slots().get(arrival.getSlot());
            Headers headers = headers(arrival.getHeadersList());
            try {
                taken.add(new Taken(slot, RecordTensors.decode(slot.payload(), arrival.getValue().toByteArray(),
                        headers), headers));
            } catch (IllegalArgumentException e) {
                fail(key, headers, partition, stage.name(), "data kept for " + stage.describe() + " could not be read"
                        + " again: " + e.getMessage(), null, timestamp, now);
                return;
            }
        }
        if (plan.cyclic()) {
            // A step of a loop must be able to run again for the same request: nothing is kept once it went.
            state.deleteJoin(key, stage.name(), previousDeadline);
        } else {
            progress.clearArrivals().setDone(true);
            state.putJoin(key, stage.name(), progress.build(), previousDeadline);
        }
        send(stage, key, taken, partition, progress.getFirstArrival(), now, timestamp);
    }

    /** Data one slot brought: its tensors and the headers of its record. */
    private record Taken(Slot slot, RecordTensors tensors, Headers headers) {
    }

    private void send(Stage stage, String key, List<Taken> taken, int partition, long firstArrival, long now,
                      long timestamp) {
        List<Headers> arrivalHeaders = taken.stream().map(Taken::headers).toList();
        Headers headers = DataflowHeaders.forStage(arrivalHeaders, pipeline, ownership.version());
        if (plan.cyclic() && stage.kind() == Stage.Kind.STEP && !countVisit(stage, key, headers, partition, timestamp,
                now)) {
            return;
        }
        List<StageOutput.Part> parts = taken.stream().sorted(Comparator.comparingInt(t -> t.slot().index()))
                .map(t -> new StageOutput.Part(t.slot(), t.tensors())).toList();
        byte[] value;
        try {
            if (stage.kind() == Stage.Kind.OUTPUT) {
                value = answer(parts, headers);
            } else {
                ModelInferRequest request = StageOutput.request(stage.kind() == Stage.Kind.STEP ? stage.name() : "",
                        parts);
                if (stage.batching().isPresent()) {
                    collect(stage, key, request, headers, partition, now);
                    metrics.sent(stage.name(), now - firstArrival);
                    return;
                }
                value = request.toByteArray();
            }
        } catch (V2ValidationException e) {
            fail(key, headers, partition, stage.name(), stage.describe() + " could not combine its inputs: "
                    + e.getMessage(), "check the step's inputs and tensorMap", timestamp, now);
            return;
        }
        if (write(stage, stage.sinkTopic(), key, partition, value, headers, timestamp, now)) {
            metrics.sent(stage.name(), now - firstArrival);
            if (stage.kind() == Stage.Kind.OUTPUT && plan.cyclic()) {
                state.clearVisits(key);
            }
        }
    }

    private byte[] answer(List<StageOutput.Part> parts, Headers headers) {
        ModelInferResponse response = StageOutput.response(parts);
        if (DataflowHeaders.answersAsJson(headers)) {
            SeldonHeaders.put(headers, SeldonHeaders.INFER_TYPE, InferType.JSON_RESPONSE.headerValue());
            return V2Json.writeResponse(response);
        }
        return response.toByteArray();
    }

    /** Seldon's rule: a step's first run counts 0; the run that finds more than maxStepRevisits ends the request. */
    private boolean countVisit(Stage stage, String key, Headers headers, int partition, long timestamp, long now) {
        Optional<Mark> visits = state.visits(key, stage.name());
        long count = visits.map(Mark::getCount).orElse(0L);
        if (count > plan.stepRevisits()) {
            fail(key, headers, partition, stage.name(), stage.describe() + " of " + plan.version() + " was reached "
                    + (count + 1) + " times for this request, more than maxStepRevisits=" + plan.stepRevisits()
                    + " allows: the loop did not end", "make the loop end (a trigger that stops it), or raise"
                    + " spec.maxStepRevisits", timestamp, now);
            return false;
        }
        state.putVisits(key, stage.name(), Mark.newBuilder().setCount(count + 1)
                .setDeadline(now + plan.longestWindowMillis()).build(), visits.map(Mark::getDeadline).orElse(-1L));
        return true;
    }

    /** Adds a step's request to its open batch; the batch goes when full, or when its window closes. */
    private void collect(Stage stage, String key, ModelInferRequest request, Headers headers, int partition, long now) {
        StepBatching batching = stage.batching().orElseThrow();
        Optional<Batch> open = state.openBatch(stage.name());
        Batch.Builder batch = open.map(Batch::toBuilder).orElseGet(() -> Batch.newBuilder().setFirstArrival(now)
                .setPartition(partition));
        batch.addMembers(BatchMember.newBuilder().setKey(ByteString.copyFrom(key, StandardCharsets.ISO_8859_1))
                .setRequest(request.toByteString()).addAllHeaders(stored(headers)).setId(request.getId()));
        batch.setLatestArrival(now).setDeadline(batching.deadline(batch.getFirstArrival(), now));
        long previous = open.map(Batch::getDeadline).orElse(-1L);
        if (batching.full(batch.getMembersCount())) {
            state.deleteOpenBatch(stage.name(), previous);
            sendBatch(stage, batch.build(), now);
        } else {
            state.putOpenBatch(stage.name(), batch.build(), previous);
        }
    }

    /**
     * Sends a step's collected requests: those that stack by rows as one request under a batch key of its own,
     * kept until the model answers; the others alone, as they came.
     */
    private void sendBatch(Stage stage, Batch batch, long now) {
        List<BatchMember> stacked = new ArrayList<>();
        List<ModelInferRequest> requests = new ArrayList<>();
        for (BatchMember member : batch.getMembersList()) {
            ModelInferRequest request = parseRequest(member);
            boolean stacks = RequestBatch.rows(request).isPresent()
                    && (requests.isEmpty() || RequestBatch.stackable(requests.get(0), request));
            if (stacks) {
                stacked.add(member);
                requests.add(request);
            } else {
                sendAlone(stage, member, batch.getPartition(), now);
            }
        }
        if (stacked.size() == 1) {
            sendAlone(stage, stacked.get(0), batch.getPartition(), now);
            return;
        }
        if (stacked.isEmpty()) {
            return;
        }
        String id = BATCH_PREFIX + new UUID(ThreadLocalRandom.current().nextLong(),
                ThreadLocalRandom.current().nextLong());
        String batchKey = new RequestKey(batch.getPartition(), pipeline, id).toString();
        RequestBatch merged = RequestBatch.of(requests);
        Batch.Builder sent = Batch.newBuilder().setPartition(batch.getPartition()).setFirstArrival(now)
                .setDeadline(now + plan.longestWindowMillis());
        for (int i = 0; i < stacked.size(); i++) {
            sent.addMembers(stacked.get(i).toBuilder().clearRequest().setRows(merged.rows().get(i)));
        }
        Headers headers = new RecordHeaders();
        SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, id);
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, pipeline);
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE_VERSION, ownership.version());
        state.putSentBatch(batchKey, sent.build());
        write(stage, stage.sinkTopic(), batchKey, batch.getPartition(),
                merged.merged().toBuilder().setId(id).build().toByteArray(), headers, now, now);
    }

    private void sendAlone(Stage stage, BatchMember member, int partition, long now) {
        write(stage, stage.sinkTopic(), member.getKey().toString(StandardCharsets.ISO_8859_1), partition,
                member.getRequest().toByteArray(), headers(member.getHeadersList()), now, now);
    }

    /** A member's request, which this class wrote itself. */
    private static ModelInferRequest parseRequest(BatchMember member) {
        try {
            return ModelInferRequest.parseFrom(member.getRequest());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a batch member's request kept in the store is not a V2 request", e);
        }
    }

    /**
     * The model answered a batch: its answer is cut back per request and each written to the model's outputs topic
     * as if the model had answered it alone, where the stages that read the step take them as usual.
     */
    private void answerBatch(Inbound in, String batchKey, long now) {
        Batch batch = state.sentBatch(batchKey).orElseThrow();
        state.deleteSentBatch(batchKey, batch.getDeadline());
        String step = plan.batchingStepAnswering(in.topic()).map(Stage::name).orElse(pipeline);
        RequestBatch.Split split;
        try {
            // The batch went to the model as protobuf, so model-gateway answers it as protobuf.
            split = RequestBatch.split(ModelInferResponse.parseFrom(in.value()), batch.getMembersList().stream()
                    .map(BatchMember::getRows).toList(), batch.getMembersList().stream().map(BatchMember::getId).toList());
        } catch (InvalidProtocolBufferException e) {
            split = new RequestBatch.Split(List.of(), "it is not a V2 ModelInferResponse (" + e.getMessage() + ")");
        }
        for (int i = 0; i < batch.getMembersCount(); i++) {
            BatchMember member = batch.getMembers(i);
            String key = member.getKey().toString(StandardCharsets.ISO_8859_1);
            Headers headers = headers(member.getHeadersList());
            if (!split.succeeded()) {
                fail(key, headers, in.partition(), step, "model '" + step + "' answered a batch of "
                        + batch.getMembersCount() + " requests with an answer that cannot be cut back per request: "
                        + split.problem(), "batch only models whose output rows follow their input rows, or remove"
                        + " the step's batch", in.timestamp(), now);
                continue;
            }
            for (Header hop : in.headers().headers(SeldonHeaders.ROUTE)) {
                headers.add(hop);
            }
            write(plan.stage(step).orElseThrow(), in.topic(), key, in.partition(),
                    split.responses().get(i).toByteArray(), headers, in.timestamp(), now);
        }
    }

    private void onError(Inbound in, long now) {
        String recordPipeline = SeldonHeaders.lastValue(in.headers(), SeldonHeaders.PIPELINE).orElse(null);
        String recordVersion = SeldonHeaders.lastValue(in.headers(), SeldonHeaders.PIPELINE_VERSION).orElse(null);
        if (in.key() == null || !ownership.ownsError(recordPipeline, recordVersion, in.timestamp())) {
            return;
        }
        String key = new String(in.key(), StandardCharsets.ISO_8859_1);
        String failed = SeldonHeaders.lastValue(in.headers(), SeldonHeaders.PIPELINE_ERRORS).orElse(pipeline);
        Optional<Batch> batch = state.sentBatch(key);
        if (batch.isPresent()) {
            // The model failed a whole batch: each of its requests gets the model's error.
            state.deleteSentBatch(key, batch.get().getDeadline());
            ErrorRecord error;
            try {
                error = ErrorRecord.parse(in.key(), in.headers(), in.value());
            } catch (IllegalArgumentException unattributed) {
                error = new ErrorRecord(failed, null, null, new String(in.value() == null ? new byte[0] : in.value(),
                        StandardCharsets.UTF_8), null);
            }
            for (BatchMember member : batch.get().getMembersList()) {
                ProducerRecord<byte[], byte[]> record = new ErrorRecord(error.model(),
                        member.getId().isEmpty() ? null : member.getId(), error.status(), error.message(), error.action())
                        .toRecord(plan.errorsTopic(), in.partition(), member.getKey().toByteArray(),
                                headers(member.getHeadersList()));
                outbox.send(record.topic(), record.key(), in.partition(), record.value(), record.headers(),
                        in.timestamp());
            }
            return;
        }
        metrics.failed(failed);
        end(key, now);
    }

    /** Ends a request: drops what its stages hold and ignores its data from now on. */
    private void end(String key, long now) {
        for (String stage : state.joinedStages(key)) {
            state.join(key, stage).ifPresent(progress -> state.deleteJoin(key, stage, progress.getDeadline()));
        }
        state.clearVisits(key);
        state.markEnded(key, now + plan.longestWindowMillis());
    }

    /** Writes an error record for the request, which ends it at the gateway at once, and ends it here. */
    private void fail(String key, Headers headers, int partition, String stage, String message, String action,
                      long timestamp, long now) {
        String requestId = SeldonHeaders.requestId(headers)
                .or(() -> RequestKey.tryParse(key.getBytes(StandardCharsets.ISO_8859_1)).map(RequestKey::requestId))
                .orElse(null);
        ProducerRecord<byte[], byte[]> record = new ErrorRecord(stage, requestId, STATUS, "pipeline '" + pipeline
                + "': " + message, action).toRecord(plan.errorsTopic(), partition,
                key.getBytes(StandardCharsets.ISO_8859_1), headers);
        SeldonHeaders.put(record.headers(), SeldonHeaders.PIPELINE, pipeline);
        SeldonHeaders.put(record.headers(), SeldonHeaders.PIPELINE_VERSION, ownership.version());
        outbox.send(record.topic(), record.key(), partition, record.value(), record.headers(), timestamp);
        metrics.failed(stage);
        LOG.infof("%s: request %s ended: %s", plan.version(), requestId == null ? key : requestId, message);
        end(key, now);
    }

    /** Sends a record unless it is larger than the producer takes; then the request ends with that error instead. */
    private boolean write(Stage stage, String topic, String key, int partition, byte[] value, Headers headers,
                          long timestamp, long now) {
        byte[] keyBytes = key.getBytes(StandardCharsets.ISO_8859_1);
        long size = RecordSize.of(keyBytes, value, headers);
        if (size > maxRecordBytes) {
            String what = stage.describe() + "'s record for " + topic;
            fail(key, headers, partition, stage.name(), InferenceSummary.sizeLimitProblem(what, size,
                    "KAFKA_MESSAGE_MAX_BYTES", maxRecordBytes).map(problem -> problem.message())
                    .orElse(what + " is too large"), "raise KAFKA_MESSAGE_MAX_BYTES (and the topics'"
                    + " max.message.bytes), or send smaller requests", timestamp, now);
            return false;
        }
        outbox.send(topic, keyBytes, partition, value, headers, timestamp);
        return true;
    }

    /** The key of a request; a record without one (a plain Kafka client's) gets one, on its own partition. */
    private String requestKey(Inbound in) {
        if (in.key() != null) {
            return new String(in.key(), StandardCharsets.ISO_8859_1);
        }
        String id = SeldonHeaders.requestId(in.headers()).filter(requestId -> requestId.indexOf('.') < 0)
                .orElseGet(() -> new UUID(ThreadLocalRandom.current().nextLong(),
                        ThreadLocalRandom.current().nextLong()).toString());
        return new RequestKey(in.partition(), pipeline, id).toString();
    }

    private static Set<Integer> present(JoinProgress.Builder progress) {
        Set<Integer> present = new HashSet<>();
        progress.getArrivalsList().forEach(arrival -> present.add(arrival.getSlot()));
        return present;
    }

    private static List<StoredHeader> stored(Headers headers) {
        List<StoredHeader> stored = new ArrayList<>();
        for (Header header : headers) {
            stored.add(StoredHeader.newBuilder().setKey(header.key())
                    .setValue(header.value() == null ? ByteString.EMPTY : ByteString.copyFrom(header.value())).build());
        }
        return stored;
    }

    private static Headers headers(List<StoredHeader> stored) {
        Headers headers = new RecordHeaders();
        stored.forEach(header -> headers.add(header.getKey(), header.getValue().toByteArray()));
        return headers;
    }
}
