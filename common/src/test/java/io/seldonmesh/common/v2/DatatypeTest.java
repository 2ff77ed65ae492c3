package io.seldonmesh.common.v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatatypeTest {

    @Test
    void everyProtocolNameParsesToItsDatatype() {
        for (Datatype datatype : Datatype.values()) {
            assertThat(Datatype.parse(datatype.name())).isEqualTo(datatype);
        }
        assertThat(Datatype.validNames())
                .isEqualTo("BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }

    @Test
    void unknownNameIsRejectedListingTheValidNames() {
        assertThatThrownBy(() -> Datatype.parse("FP33"))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("unknown datatype 'FP33'; valid datatypes are BOOL, UINT8, UINT16, UINT32, UINT64, "
                        + "INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }

    @Test
    void lowerCaseNameIsRejectedSuggestingTheUpperCaseOne() {
        assertThatThrownBy(() -> Datatype.parse("fp32"))
                .hasMessage("unknown datatype 'fp32' (datatypes are upper case: did you mean FP32?)");
    }

    @Test
    void elementSizesFollowTheRawFormAndBytesIsVariable() {
        assertThat(Datatype.BOOL.elementSize()).isEqualTo(1);
        assertThat(Datatype.UINT8.elementSize()).isEqualTo(1);
        assertThat(Datatype.INT16.elementSize()).isEqualTo(2);
        assertThat(Datatype.FP16.elementSize()).isEqualTo(2);
        assertThat(Datatype.BF16.elementSize()).isEqualTo(2);
        assertThat(Datatype.UINT32.elementSize()).isEqualTo(4);
        assertThat(Datatype.FP32.elementSize()).isEqualTo(4);
        assertThat(Datatype.INT64.elementSize()).isEqualTo(8);
        assertThat(Datatype.FP64.elementSize()).isEqualTo(8);
        assertThat(Datatype.BYTES.elementSize()).isZero();
        assertThat(Datatype.BYTES.hasFixedSize()).isFalse();
        assertThat(Datatype.FP32.hasFixedSize()).isTrue();
    }

    @Test
    void eachDatatypeNamesTheTypedFieldThatCarriesIt() {
        assertThat(Datatype.BOOL.contentsField()).contains(ContentsField.BOOL_CONTENTS);
        assertThat(Datatype.INT8.contentsField()).contains(ContentsField.INT_CONTENTS);
        assertThat(Datatype.INT16.contentsField()).contains(ContentsField.INT_CONTENTS);
        assertThat(Datatype.INT32.contentsField()).contains(ContentsField.INT_CONTENTS);
        assertThat(Datatype.INT64.contentsField()).contains(ContentsField.INT64_CONTENTS);
        assertThat(Datatype.UINT8.contentsField()).contains(ContentsField.UINT_CONTENTS);
        assertThat(Datatype.UINT16.contentsField()).contains(ContentsField.UINT_CONTENTS);
        assertThat(Datatype.UINT32.contentsField()).contains(ContentsField.UINT_CONTENTS);
        assertThat(Datatype.UINT64.contentsField()).contains(ContentsField.UINT64_CONTENTS);
        assertThat(Datatype.FP32.contentsField()).contains(ContentsField.FP32_CONTENTS);
        assertThat(Datatype.FP64.contentsField()).contains(ContentsField.FP64_CONTENTS);
        assertThat(Datatype.BYTES.contentsField()).contains(ContentsField.BYTES_CONTENTS);
        assertThat(Datatype.FP16.contentsField()).isEmpty();
        assertThat(Datatype.BF16.contentsField()).isEmpty();
        assertThat(ContentsField.FP32_CONTENTS.protoName()).isEqualTo("fp32_contents");
    }
}
