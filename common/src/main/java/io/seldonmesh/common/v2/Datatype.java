package io.seldonmesh.common.v2;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tensor element types of the Open Inference Protocol, with their raw element size and the typed
 * {@link ContentsField} that carries them. FP16 and BF16 have no typed field: they travel only as raw bytes
 * (2 bytes per element, little-endian).
 */
public enum Datatype {
    BOOL(1, ContentsField.BOOL_CONTENTS),
    UINT8(1, ContentsField.UINT_CONTENTS),
    UINT16(2, ContentsField.UINT_CONTENTS),
    UINT32(4, ContentsField.UINT_CONTENTS),
    UINT64(8, ContentsField.UINT64_CONTENTS),
    INT8(1, ContentsField.INT_CONTENTS),
    INT16(2, ContentsField.INT_CONTENTS),
    INT32(4, ContentsField.INT_CONTENTS),
    INT64(8, ContentsField.INT64_CONTENTS),
    FP16(2, null),
    FP32(4, ContentsField.FP32_CONTENTS),
    FP64(8, ContentsField.FP64_CONTENTS),
    BYTES(0, ContentsField.BYTES_CONTENTS),
    BF16(2, null);

    private static final String VALID_NAMES =
            Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    private final int elementSize;
    private final ContentsField contentsField;

    Datatype(int elementSize, ContentsField contentsField) {
        this.elementSize = elementSize;
        this.contentsField = contentsField;
    }

    /**
     * Bytes per element in the raw (little-endian) form: 1 for BOOL, INT8, UINT8; 2 for INT16, UINT16, FP16, BF16;
     * 4 for INT32, UINT32, FP32; 8 for INT64, UINT64, FP64; 0 for BYTES, whose elements vary in length.
     */
    public int elementSize() {
        return elementSize;
    }

    /** False only for BYTES. */
    public boolean hasFixedSize() {
        return elementSize > 0;
    }

    /** The typed field holding this datatype, or empty for FP16 and BF16 (raw only). */
    public Optional<ContentsField> contentsField() {
        return Optional.ofNullable(contentsField);
    }

    /** An INT* or UINT* datatype. */
    public boolean isInteger() {
        return contentsField == ContentsField.INT_CONTENTS || contentsField == ContentsField.INT64_CONTENTS
                || contentsField == ContentsField.UINT_CONTENTS || contentsField == ContentsField.UINT64_CONTENTS;
    }

    /** FP16, BF16, FP32 or FP64. */
    public boolean isFloatingPoint() {
        return this == FP16 || this == BF16 || this == FP32 || this == FP64;
    }

    /**
     * The datatype with exactly this name (names are upper case, as the protocol spells them).
     *
     * @throws V2ValidationException naming the value and listing the valid names
     */
    public static Datatype parse(String name) {
        return find(name).orElseThrow(() -> new V2ValidationException(
                new V2Problem("unknown datatype " + describeUnknown(name))));
    }

    /** The datatype with exactly this name, or empty. */
    public static Optional<Datatype> find(String name) {
        for (Datatype datatype : values()) {
            if (datatype.name().equals(name)) {
                return Optional.of(datatype);
            }
        }
        return Optional.empty();
    }

    /** "BOOL, UINT8, ..., BF16": for messages. */
    public static String validNames() {
        return VALID_NAMES;
    }

    /** "'fp32' (datatypes are upper case: did you mean FP32?)" or "'FP33'; valid datatypes are ...". */
    static String describeUnknown(String name) {
        String quoted = "'" + name + "'";
        Optional<Datatype> caseInsensitive = find(name.toUpperCase(Locale.ROOT));
        if (caseInsensitive.isPresent()) {
            return quoted + " (datatypes are upper case: did you mean " + caseInsensitive.get() + "?)";
        }
        return quoted + "; valid datatypes are " + VALID_NAMES;
    }

    /** Smallest value of an integer datatype other than UINT64 (which is handled as unsigned 64-bit). */
    long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case UINT8, UINT16, UINT32, UINT64 -> 0;
            default -> throw new IllegalStateException(this + " is not an integer datatype");
        };
    }

    /** Largest value of an integer datatype other than UINT64 (which is handled as unsigned 64-bit). */
    long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64, UINT64 -> Long.MAX_VALUE;
            case UINT8 -> 0xFF;
            case UINT16 -> 0xFFFF;
            case UINT32 -> 0xFFFF_FFFFL;
            default -> throw new IllegalStateException(this + " is not an integer datatype");
        };
    }

    /**
     * Whether a finite number can only become infinity in this FP datatype. Numbers a little past the largest
     * value still round to it, and tiny ones round to zero, as IEEE narrowing does; only what rounds to
     * infinity is lost.
     */
    boolean overflows(double value) {
        return switch (this) {
            case FP64 -> Double.isInfinite(value);
            case FP32 -> Float.isInfinite((float) value);
            case FP16 -> Float.isInfinite(HalfFloat.fp16ToFloat(HalfFloat.floatToFp16((float) value)));
            case BF16 -> Float.isInfinite(HalfFloat.bf16ToFloat(HalfFloat.floatToBf16((float) value)));
            default -> throw new IllegalStateException(this + " is not a floating-point datatype");
        };
    }

    /** "-128..127", "0..18446744073709551615", "-3.4028235E38..3.4028235E38": for messages. */
    String rangeText() {
        return switch (this) {
            case UINT64 -> "0..18446744073709551615";
            case FP64 -> -Double.MAX_VALUE + ".." + Double.MAX_VALUE;
            case FP32 -> -Float.MAX_VALUE + ".." + Float.MAX_VALUE;
            case FP16 -> -HalfFloat.FP16_MAX + ".." + HalfFloat.FP16_MAX;
            case BF16 -> -HalfFloat.BF16_MAX + ".." + HalfFloat.BF16_MAX;
            default -> minValue() + ".." + maxValue();
        };
    }
}
