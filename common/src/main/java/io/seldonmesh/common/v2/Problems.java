package io.seldonmesh.common.v2;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The wording of every tensor problem, in one place so that JSON parsing, protobuf validation and tensor
 * building say the same thing about the same mistake. A label is "input 'x'", "output 'y'", "tensor 'z'" or,
 * for a tensor without a name, "input #2".
 */
final class Problems {

    private Problems() {
    }

    static String label(String kind, int index, String name) {
        return name.isEmpty() ? kind + " #" + index : kind + " '" + name + "'";
    }

    static V2Problem noName(String kind, int index) {
        return new V2Problem(kind + " #" + index + " has no name; every tensor needs a name, unique among the "
                + kind + "s");
    }

    static V2Problem duplicateName(String kind, String name, int first, int second) {
        return new V2Problem(kind + "s #" + first + " and #" + second + " are both named '" + name
                + "'; tensor names must be unique");
    }

    static V2Problem noDatatype(String label) {
        return new V2Problem(label + " has no datatype; valid datatypes are " + Datatype.validNames());
    }

    static V2Problem unknownDatatype(String label, String datatype) {
        return new V2Problem(label + " has unknown datatype " + Datatype.describeUnknown(datatype));
    }

    static V2Problem negativeDimension(String label, long[] shape, int index) {
        return new V2Problem(label + " has shape " + Shapes.format(shape) + " with negative dimension "
                + shape[index] + " at index " + index + "; dimensions must be 0 or more");
    }

    static V2Problem shapeTooLarge(String label, long[] shape) {
        return new V2Problem(label + " has shape " + Shapes.format(shape) + ", more than "
                + Integer.MAX_VALUE + " elements; split the tensor into smaller requests");
    }

    static V2Problem countMismatch(String label, long[] shape, long expected, long actual) {
        return new V2Problem(label + " has shape " + Shapes.format(shape) + ", which needs " + expected
                + " element" + plural(expected) + ", but its data has " + actual + " element" + plural(actual));
    }

    /** {@code rawField} null when the data is not protobuf (JSON carries FP16 as numbers). */
    static V2Problem noData(String label, Datatype datatype, long[] shape, long expected, String rawField) {
        String where = rawField == null || datatype.contentsField().isPresent()
                ? ""
                : " (" + datatype + " data goes in " + rawField + ", " + datatype.elementSize()
                        + " bytes per element, little-endian)";
        return new V2Problem(label + " has no data; shape " + Shapes.format(shape) + " needs " + expected
                + " element" + plural(expected) + where);
    }

    static V2Problem wrongField(String label, Datatype datatype, ContentsField field, String rawField) {
        String expected = datatype.contentsField()
                .map(f -> datatype + " data belongs in " + f.protoName())
                .orElse(datatype + " has no typed contents field: send it in " + rawField + " ("
                        + datatype.elementSize() + " bytes per element, little-endian)");
        return new V2Problem(label + " has datatype " + datatype + " but its data is in " + field.protoName()
                + "; " + expected);
    }

    static V2Problem rawAndTypedMixed(String label, List<ContentsField> fields, String rawField) {
        String names = fields.stream().map(ContentsField::protoName).collect(Collectors.joining(", "));
        return new V2Problem(label + " has data in " + names + " while the message also uses " + rawField
                + "; when " + rawField + " is used, every tensor's data must be there and none in contents");
    }

    static V2Problem rawCountMismatch(String message, String kind, int tensors, int raws, String rawField) {
        return new V2Problem(message + " has " + tensors + " " + kind + plural(tensors) + " but " + raws
                + " entr" + (raws == 1 ? "y" : "ies") + " in " + rawField + "; " + rawField
                + " needs exactly one entry per " + kind + ", in the same order");
    }

    static V2Problem rawNotMultiple(String label, Datatype datatype, long bytes) {
        return new V2Problem(label + " has " + bytes + " bytes of raw " + datatype + " data, which is not a "
                + "multiple of the " + datatype.elementSize() + "-byte element size");
    }

    static V2Problem rawSizeMismatch(String label, Datatype datatype, long[] shape, long expected, long bytes) {
        return new V2Problem(label + " has " + bytes + " bytes of raw " + datatype + " data but shape "
                + Shapes.format(shape) + " needs " + expected * datatype.elementSize() + " bytes (" + expected
                + " element" + plural(expected) + " x " + datatype.elementSize() + " bytes)");
    }

    static V2Problem bytesLengthOverrun(String label, int element, int offset, long declared, int remaining) {
        return new V2Problem(label + " has malformed raw BYTES data: element " + element + " at byte offset "
                + offset + " declares a length of " + declared + " bytes but only " + remaining
                + " bytes follow; each BYTES element is a 4-byte little-endian length followed by that many bytes");
    }

    static V2Problem bytesPrefixTruncated(String label, int element, int offset, int remaining) {
        return new V2Problem(label + " has malformed raw BYTES data: element " + element + " at byte offset "
                + offset + " needs a 4-byte little-endian length but only " + remaining + " byte"
                + plural(remaining) + " remain");
    }

    /** {@code position} says which element: "element 3", or "element 3 (data[1][1])" for nested JSON data. */
    static V2Problem outOfRange(String label, Datatype datatype, String position, String value, int badCount) {
        return new V2Problem(label + " " + position + " is " + value + ", outside the " + datatype
                + " range " + datatype.rangeText() + others(badCount, "out of range"));
    }

    /** " (3 elements in all are out of range)" when more than the one reported are wrong. */
    static String others(int badCount, String what) {
        return badCount > 1 ? " (" + badCount + " elements in all are " + what + ")" : "";
    }

    static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
