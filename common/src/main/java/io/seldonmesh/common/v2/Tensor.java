package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.InferTensorContents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One named tensor, read the same way whether its data came as typed contents or as raw bytes. Obtain
 * tensors with {@link Tensors#inputs} / {@link Tensors#outputs} or build them with the {@code of...}
 * factories; put them into messages with {@link Tensors#setInputs} / {@link Tensors#setOutputs}.
 *
 * <p>Readers convert where it is lossless in intent: {@link #floats()} and {@link #doubles()} read any INT,
 * UINT or FP datatype; {@link #ints()} reads INT8/16/32 and UINT8/16/32; {@link #longs()} any INT or UINT.
 * UINT32 in {@code ints()} and UINT64 in {@code longs()} come back as their unsigned bits, as protobuf-java
 * represents them. Reading a tensor as something its datatype cannot be (BYTES as numbers, FP32 as ints)
 * throws {@link V2ValidationException} naming the tensor, so a model server can return it as a 400.
 *
 * <p>Immutable; arrays passed in and returned are copies.
 */
public final class Tensor {

    private final String name;
    private final Datatype datatype;
    private final long[] shape;
    private final Map<String, InferParameter> parameters;
    private final int elementCount;
    /** Exactly one of typed and raw is set. */
    private final InferTensorContents typed;
    private final ByteString raw;
    /** The split elements of raw BYTES data, else null. */
    private final List<ByteString> rawBytesElements;

    private Tensor(String name, Datatype datatype, long[] shape, Map<String, InferParameter> parameters,
                   int elementCount, InferTensorContents typed, ByteString raw, List<ByteString> rawBytesElements) {
        this.name = name;
        this.datatype = datatype;
        this.shape = shape.clone();
        this.parameters = Map.copyOf(parameters);
        this.elementCount = elementCount;
        this.typed = typed;
        this.raw = raw;
        this.rawBytesElements = rawBytesElements;
    }

    // ---- building

    /** A FP16, BF16, FP32 or FP64 tensor; FP16/BF16 values are rounded to nearest even. */
    public static Tensor ofFloats(String name, Datatype datatype, long[] shape, float[] values) {
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = values[i];
        }
        return fromDoubles(labelOf(name), name, datatype, shape, widened);
    }

    /** A FP16, BF16, FP32 or FP64 tensor; narrowing rounds to nearest even. */
    public static Tensor ofDoubles(String name, Datatype datatype, long[] shape, double[] values) {
        return fromDoubles(labelOf(name), name, datatype, shape, values.clone());
    }

    /**
     * An INT8, INT16, INT32, UINT8, UINT16 or UINT32 tensor. Values must fit the datatype; for UINT32 every
     * int is taken as its unsigned bits.
     */
    public static Tensor ofInts(String name, Datatype datatype, long[] shape, int[] values) {
        if (!datatype.contentsField().filter(f -> f == ContentsField.INT_CONTENTS
                || f == ContentsField.UINT_CONTENTS).isPresent()) {
            throw new IllegalArgumentException("ofInts builds INT8, INT16, INT32, UINT8, UINT16 or UINT32 "
                    + "tensors, not " + datatype + "; use ofLongs, ofFloats, ofDoubles, ofBooleans or ofBytes");
        }
        long[] widened = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = datatype == Datatype.UINT32 ? Integer.toUnsignedLong(values[i]) : values[i];
        }
        return fromLongs(labelOf(name), name, datatype, shape, widened);
    }

    /** Any INT or UINT tensor. Values must fit the datatype; for UINT64 every long is taken as its unsigned bits. */
    public static Tensor ofLongs(String name, Datatype datatype, long[] shape, long[] values) {
        return fromLongs(labelOf(name), name, datatype, shape, values.clone());
    }

    public static Tensor ofBooleans(String name, long[] shape, boolean[] values) {
        return fromBooleans(labelOf(name), name, shape, values.clone());
    }

    /** A BYTES tensor. */
    public static Tensor ofBytes(String name, long[] shape, List<byte[]> values) {
        List<ByteString> elements = new ArrayList<>(values.size());
        for (byte[] value : values) {
            elements.add(ByteString.copyFrom(value));
        }
        return fromBytes(labelOf(name), name, shape, elements);
    }

    /** A BYTES tensor holding the UTF-8 encoding of each string. */
    public static Tensor ofStrings(String name, long[] shape, List<String> values) {
        List<ByteString> elements = new ArrayList<>(values.size());
        for (String value : values) {
            elements.add(ByteString.copyFromUtf8(value));
        }
        return fromBytes(labelOf(name), name, shape, elements);
    }

    /**
     * A tensor of any datatype from its raw form: little-endian, row-major; BOOL one byte per element; BYTES as
     * 4-byte little-endian length + bytes per element. This is the form ONNX Runtime buffers have on
     * little-endian machines.
     *
     * @throws V2ValidationException when the byte count does not match the shape
     */
    public static Tensor ofRaw(String name, Datatype datatype, long[] shape, ByteString littleEndian) {
        String label = labelOf(name);
        requireName(name);
        V2ValidationException.throwIfAny(Shapes.problems(label, shape));
        int expected = (int) Shapes.elementCount(shape);
        V2ValidationException.throwIfAny(rawProblems(label, datatype, shape, expected, littleEndian));
        List<ByteString> bytesElements = datatype == Datatype.BYTES ? RawBytes.split(label, littleEndian) : null;
        return new Tensor(name, datatype, shape, Map.of(), expected, null, littleEndian, bytesElements);
    }

    /** This tensor under another name (pipelines rename tensors between steps). */
    public Tensor withName(String newName) {
        requireName(newName);
        return new Tensor(newName, datatype, shape, parameters, elementCount, typed, raw, rawBytesElements);
    }

    /** This tensor with these parameters instead of its own. */
    public Tensor withParameters(Map<String, InferParameter> newParameters) {
        return new Tensor(name, datatype, shape, newParameters, elementCount, typed, raw, rawBytesElements);
    }

    // ---- reading

    public String name() {
        return name;
    }

    public Datatype datatype() {
        return datatype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Tensor-level parameters (unmodifiable). */
    public Map<String, InferParameter> parameters() {
        return parameters;
    }

    /** Product of the shape. */
    public int elementCount() {
        return elementCount;
    }

    /** Any INT, UINT or FP tensor as floats. */
    public float[] floats() {
        Elements elements = numericElements();
        float[] values = new float[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = (float) numberAt(elements, i);
        }
        return values;
    }

    /** Any INT, UINT or FP tensor as doubles (UINT64 read as unsigned). */
    public double[] doubles() {
        Elements elements = numericElements();
        double[] values = new double[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = numberAt(elements, i);
        }
        return values;
    }

    /** An INT8, INT16, INT32, UINT8, UINT16 or UINT32 tensor as ints (UINT32 as unsigned bits). */
    public int[] ints() {
        if (!datatype.isInteger() || datatype.elementSize() > 4) {
            throw cannotRead("ints (INT8, INT16, INT32, UINT8, UINT16, UINT32; use longs() for 64-bit)");
        }
        Elements elements = elements();
        int[] values = new int[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = (int) elements.integerAt(i);
        }
        return values;
    }

    /** Any INT or UINT tensor as longs (UINT64 as unsigned bits). */
    public long[] longs() {
        if (!datatype.isInteger()) {
            throw cannotRead("integers");
        }
        Elements elements = elements();
        long[] values = new long[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = elements.integerAt(i);
        }
        return values;
    }

    /** A BOOL tensor. */
    public boolean[] booleans() {
        if (datatype != Datatype.BOOL) {
            throw cannotRead("booleans");
        }
        Elements elements = elements();
        boolean[] values = new boolean[elementCount];
        for (int i = 0; i < elementCount; i++) {
            values[i] = elements.boolAt(i);
        }
        return values;
    }

    /** A BYTES tensor, one array per element. */
    public List<byte[]> bytes() {
        List<byte[]> values = new ArrayList<>(elementCount);
        for (ByteString element : byteStrings()) {
            values.add(element.toByteArray());
        }
        return values;
    }

    /**

     * A BYTES tensor whose elements are UTF-8 text.

     *

     * @throws V2ValidationException naming the first element that is not

     */
    public List<String> strings() {
        List<ByteString> elements = byteStrings();
        List<String> values = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            try {
                values.add(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(elements.get(i).asReadOnlyByteBuffer()).toString());
            } catch (CharacterCodingException e) {
                throw new V2ValidationException(new V2Problem(labelOf(name) + " element " + i
                        + " is not valid UTF-8 text; read it with bytes() instead"));
            }
        }
        return values;
    }

    /**
     * The data in raw form (see {@link #ofRaw}), converting typed contents if needed. For ONNX Runtime:
     * {@code raw().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)}.
     */
    public ByteString raw() {
        return raw != null ? raw : ContentsCodec.toRaw(datatype, elements(), elementCount);
    }

    /** "x FP32[1,4]". */
    @Override
    public String toString() {
        return name + " " + datatype + Shapes.format(shape);
    }

    // ---- package: used by Tensors and the JSON codec

    /** Whether this datatype can be carried in typed contents (everything except FP16 and BF16). */
    boolean hasTypedForm() {
        return datatype.contentsField().isPresent();
    }

    /** The data as typed contents; only for datatypes with {@link #hasTypedForm()}. */
    InferTensorContents typedContents() {
        if (typed != null) {
            return typed;
        }
        if (!hasTypedForm()) {
            throw new V2ValidationException(new V2Problem(labelOf(name) + " is " + datatype
                    + ", which has no typed contents field; keep the message in raw form"));
        }
        return ContentsCodec.toTyped(datatype, elements(), elementCount);
    }

    List<ByteString> byteStrings() {
        if (datatype != Datatype.BYTES) {
            throw cannotRead("bytes");
        }
        return rawBytesElements != null ? rawBytesElements : typed.getBytesContentsList();
    }

    /** A tensor from a message already checked by {@link TensorValidation}. */
    static Tensor fromMessage(String name, Datatype datatype, long[] shape, Map<String, InferParameter> parameters,
                              InferTensorContents typed, ByteString raw) {
        int count = (int) Shapes.elementCount(shape);
        if (raw != null) {
            List<ByteString> bytesElements = datatype == Datatype.BYTES ? RawBytes.split(labelOf(name), raw) : null;
            return new Tensor(name, datatype, shape, parameters, count, null, raw, bytesElements);
        }
        return new Tensor(name, datatype, shape, parameters, count, typed, null, null);
    }

    static Tensor fromDoubles(String label, String name, Datatype datatype, long[] shape, double[] values) {
        if (!datatype.isFloatingPoint()) {
            throw new IllegalArgumentException("ofFloats/ofDoubles build FP16, BF16, FP32 or FP64 tensors, not "
                    + datatype);
        }
        checkCount(label, name, shape, values.length);
        if (datatype == Datatype.FP16 || datatype == Datatype.BF16) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (double value : values) {
                buffer.putShort(datatype == Datatype.FP16
                        ? HalfFloat.floatToFp16((float) value) : HalfFloat.floatToBf16((float) value));
            }
            buffer.flip();
            return new Tensor(name, datatype, shape, Map.of(), values.length, null, ByteString.copyFrom(buffer), null);
        }
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (double value : values) {
            if (datatype == Datatype.FP32) {
                contents.addFp32Contents((float) value);
            } else {
                contents.addFp64Contents(value);
            }
        }
        return typedTensor(name, datatype, shape, contents.build());
    }

    static Tensor fromLongs(String label, String name, Datatype datatype, long[] shape, long[] values) {
        if (!datatype.isInteger()) {
            throw new IllegalArgumentException("ofLongs builds INT* or UINT* tensors, not " + datatype);
        }
        checkCount(label, name, shape, values.length);
        if (datatype != Datatype.UINT64) {
            checkRange(label, datatype, values);
        }
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (long value : values) {
            switch (datatype.contentsField().orElseThrow()) {
                case INT_CONTENTS -> contents.addIntContents((int) value);
                case UINT_CONTENTS -> contents.addUintContents((int) value);
                case INT64_CONTENTS -> contents.addInt64Contents(value);
                default -> contents.addUint64Contents(value);
            }
        }
        return typedTensor(name, datatype, shape, contents.build());
    }

    static Tensor fromBooleans(String label, String name, long[] shape, boolean[] values) {
        checkCount(label, name, shape, values.length);
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (boolean value : values) {
            contents.addBoolContents(value);
        }
        return typedTensor(name, Datatype.BOOL, shape, contents.build());
    }

    static Tensor fromBytes(String label, String name, long[] shape, List<ByteString> values) {
        checkCount(label, name, shape, values.size());
        return typedTensor(name, Datatype.BYTES, shape,
                InferTensorContents.newBuilder().addAllBytesContents(values).build());
    }

    /** Problems with raw data for a tensor of this datatype and (valid) shape; empty when it fits. */
    static List<V2Problem> rawProblems(String label, Datatype datatype, long[] shape, long expected, ByteString raw) {
        if (datatype == Datatype.BYTES) {
            try {
                int actual = RawBytes.split(label, raw).size();
                return actual == expected
                        ? List.of() : List.of(Problems.countMismatch(label, shape, expected, actual));
            } catch (V2ValidationException e) {
                return e.problems();
            }
        }
        if (raw.size() % datatype.elementSize() != 0) {
            return List.of(Problems.rawNotMultiple(label, datatype, raw.size()));
        }
        if (raw.size() != expected * datatype.elementSize()) {
            return List.of(Problems.rawSizeMismatch(label, datatype, shape, expected, raw.size()));
        }
        return List.of();
    }

    /** Whole numbers outside the datatype's range (not UINT64); reports the first with the total. */
    static void checkRange(String label, Datatype datatype, long[] values) {
        int firstBad = -1;
        int badCount = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < datatype.minValue() || values[i] > datatype.maxValue()) {
                badCount++;
                if (firstBad < 0) {
                    firstBad = i;
                }
            }
        }
        if (badCount > 0) {
            throw new V2ValidationException(Problems.outOfRange(label, datatype, "element " + firstBad,
                    Long.toString(values[firstBad]), badCount));
        }
    }

    static String labelOf(String name) {
        return "tensor '" + name + "'";
    }

    private static Tensor typedTensor(String name, Datatype datatype, long[] shape, InferTensorContents contents) {
        return new Tensor(name, datatype, shape, Map.of(), datatype.contentsField().orElseThrow().count(contents),
                contents, null, null);
    }

    private static void checkCount(String label, String name, long[] shape, int count) {
        requireName(name);
        V2ValidationException.throwIfAny(Shapes.problems(label, shape));
        long expected = Shapes.elementCount(shape);
        if (expected != count) {
            throw new V2ValidationException(Problems.countMismatch(label, shape, expected, count));
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new V2ValidationException(new V2Problem("a tensor has no name; every tensor needs a unique name"));
        }
    }

    private Elements elements() {
        return typed != null
                ? Elements.typed(datatype, typed)
                : Elements.raw(datatype, raw, rawBytesElements);
    }

    private V2ValidationException cannotRead(String as) {
        return new V2ValidationException(new V2Problem(labelOf(name) + " has datatype " + datatype
                + " and cannot be read as " + as));
    }

    private Elements numericElements() {
        if (!datatype.isFloatingPoint() && !datatype.isInteger()) {
            throw cannotRead("numbers");
        }
        return elements();
    }

    private double numberAt(Elements elements, int index) {
        if (datatype.isFloatingPoint()) {
            return elements.floatingAt(index);
        }
        long value = elements.integerAt(index);
        if (datatype == Datatype.UINT64 && value < 0) {
            // above Long.MAX_VALUE: halve to read the bits as unsigned, then restore the value
            return (double) (value >>> 1) * 2.0 + (value & 1);
        }
        return value;
    }
}
