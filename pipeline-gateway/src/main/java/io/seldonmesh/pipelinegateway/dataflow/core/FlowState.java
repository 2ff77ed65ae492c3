package io.seldonmesh.pipelinegateway.dataflow.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.seldonmesh.pipelinegateway.dataflow.core.state.Batch;
import io.seldonmesh.pipelinegateway.dataflow.core.state.JoinProgress;
import io.seldonmesh.pipelinegateway.dataflow.core.state.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a pipeline version remembers per request, on top of a {@link KeyValueState}, each entry with the time it
 * ends: joins in progress, requests ended by an error, revisit counts, open and sent batches. A time index (keys
 * ordered by deadline) lets the periodic check find what is due without reading everything.
 */
public final class FlowState {

    /** The kinds of entries, the first character of their keys. */
    public enum Kind {
        JOIN('j'), ENDED('e'), VISITS('v'), OPEN_BATCH('b'), SENT_BATCH('s');

        final char tag;

        Kind(char tag) {
            this.tag = tag;
        }

        static Kind of(char tag) {
            for (Kind kind : values()) {
                if (kind.tag == tag) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown state entry kind '" + tag + "'");
        }
    }

    /** An entry whose deadline has passed: its kind, the parts of its key and the deadline. */
    public record Due(Kind kind, String stateKey, String first, String second, long deadline) {
    }

    private static final char SEP = '\u0001';
    private static final char DEADLINES = 't';

    private final KeyValueState store;

    public FlowState(KeyValueState store) {
        this.store = store;
    }

    public Optional<JoinProgress> join(String requestKey, String stage) {
        return read(key(Kind.JOIN, requestKey, stage), JoinProgress::parseFrom);
    }

    public void putJoin(String requestKey, String stage, JoinProgress progress, long previousDeadline) {
        write(key(Kind.JOIN, requestKey, stage), progress.toByteArray(), progress.getDeadline(), previousDeadline);
    }

    public void deleteJoin(String requestKey, String stage, long deadline) {
        remove(key(Kind.JOIN, requestKey, stage), deadline);
    }

    /** The stages holding data for a request. */
    public List<String> joinedStages(String requestKey) {
        String prefix = Kind.JOIN.tag + "" + SEP + requestKey + SEP;
        return store.keys(prefix, prefix + '\uffff').stream().map(key -> key.substring(prefix.length())).toList();
    }

    public boolean ended(String requestKey) {
        return store.get(key(Kind.ENDED, requestKey, null)) != null;
    }

    public void markEnded(String requestKey, long until) {
        String key = key(Kind.ENDED, requestKey, null);
        long previous = read(key, Mark::parseFrom).map(Mark::getDeadline).orElse(-1L);
        write(key, Mark.newBuilder().setDeadline(until).build().toByteArray(), until, previous);
    }

    public Optional<Mark> visits(String requestKey, String stage) {
        return read(key(Kind.VISITS, requestKey, stage), Mark::parseFrom);
    }

    public void putVisits(String requestKey, String stage, Mark visits, long previousDeadline) {
        write(key(Kind.VISITS, requestKey, stage), visits.toByteArray(), visits.getDeadline(), previousDeadline);
    }

    /** Forgets every revisit count of a request: it has left the pipeline. */
    public void clearVisits(String requestKey) {
        String prefix = Kind.VISITS.tag + "" + SEP + requestKey + SEP;
        for (String key : store.keys(prefix, prefix + '\uffff')) {
            read(key, Mark::parseFrom).ifPresent(mark -> remove(key, mark.getDeadline()));
        }
    }

    public Optional<Batch> openBatch(String stage) {
        return read(key(Kind.OPEN_BATCH, stage, null), Batch::parseFrom);
    }

    public void putOpenBatch(String stage, Batch batch, long previousDeadline) {
        write(key(Kind.OPEN_BATCH, stage, null), batch.toByteArray(), batch.getDeadline(), previousDeadline);
    }

    public void deleteOpenBatch(String stage, long deadline) {
        remove(key(Kind.OPEN_BATCH, stage, null), deadline);
    }

    public Optional<Batch> sentBatch(String batchKey) {
        return read(key(Kind.SENT_BATCH, batchKey, null), Batch::parseFrom);
    }

    public void putSentBatch(String batchKey, Batch batch) {
        write(key(Kind.SENT_BATCH, batchKey, null), batch.toByteArray(), batch.getDeadline(), -1);
    }

    public void deleteSentBatch(String batchKey, long deadline) {
        remove(key(Kind.SENT_BATCH, batchKey, null), deadline);
    }

    /** Entries whose deadline is at or before {@code now}, earliest first. */
    public List<Due> due(long now) {
        String from = DEADLINES + "" + SEP;
        List<Due> due = new ArrayList<>();
        for (String index : store.keys(from, from + deadline(now + 1))) {
            long deadline = Long.parseLong(index.substring(from.length(), from.length() + 16), 16);
            String stateKey = index.substring(from.length() + 17);
            String[] parts = stateKey.split(String.valueOf(SEP), -1);
            due.add(new Due(Kind.of(stateKey.charAt(0)), stateKey, parts[1], parts.length > 2 ? parts[2] : null,
                    deadline));
        }
        return due;
    }

    /** Removes an entry found by {@link #due} together with its index entry. */
    public void forget(Due due) {
        remove(due.stateKey(), due.deadline());
    }

    /** Whether a key can be used in state keys: it must not hold the separator. */
    public static boolean usable(String requestKey) {
        return requestKey.indexOf(SEP) < 0;
    }

    private void write(String key, byte[] value, long deadline, long previousDeadline) {
        if (previousDeadline >= 0 && previousDeadline != deadline) {
            store.delete(index(previousDeadline, key));
        }
        store.put(key, value);
        store.put(index(deadline, key), new byte[0]);
    }

    private void remove(String key, long deadline) {
        store.delete(key);
        store.delete(index(deadline, key));
    }

    private static String key(Kind kind, String first, String second) {
        return kind.tag + "" + SEP + first + (second == null ? "" : SEP + second);
    }

    private static String index(long deadline, String key) {
        return DEADLINES + "" + SEP + deadline(deadline) + SEP + key;
    }

    /** Fixed-width hex, so the store's order is the deadlines' order. */
    private static String deadline(long millis) {
        return String.format("%016x", Math.max(0, millis));
    }

    private interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private <T> Optional<T> read(String key, Parser<T> parser) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parse(bytes));
        } catch (InvalidProtocolBufferException e) {
            // Written by this class; unreadable means another version's format: forget it rather than fail forever.
            store.delete(key);
            return Optional.empty();
        }
    }
}
