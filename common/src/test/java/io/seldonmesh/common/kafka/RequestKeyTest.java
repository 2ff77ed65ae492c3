package io.seldonmesh.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestKeyTest {

    @Test
    void buildsPartitionResourceAndRequestId() {
        RequestKey key = new RequestKey(3, "join", "cieq6aai8ufs73flaj5g");
        assertThat(key).hasToString("3.join.cieq6aai8ufs73flaj5g");
        assertThat(new String(key.toBytes(), StandardCharsets.UTF_8)).isEqualTo("3.join.cieq6aai8ufs73flaj5g");
    }

    @Test
    void parsesBackIncludingResourceNamesWithDots() {
        assertThat(RequestKey.parse("0.iris.abc")).isEqualTo(new RequestKey(0, "iris", "abc"));
        assertThat(RequestKey.parse("12.iris.v2.abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RequestKey(12, "iris.v2", "abc"));
    }

    @Test
    void keyWithoutEnoughPartsIsRejectedSayingWhy() {
        assertThatThrownBy(() -> RequestKey.parse("abc"))
                .hasMessage("record key 'abc' is not a request key <partition>.<resource>.<requestId>: it has no '.'");
        assertThatThrownBy(() -> RequestKey.parse("1.abc"))
                .hasMessageContaining("it has only one '.'");
    }

    @Test
    void nonNumericPartitionIsRejectedNamingIt() {
        assertThatThrownBy(() -> RequestKey.parse("x.iris.abc"))
                .hasMessageContaining("'x' is not a partition number");
    }

    @Test
    void requestIdWithDotIsRejectedBecauseItWouldNotParseBack() {
        assertThatThrownBy(() -> new RequestKey(0, "iris", "a.b"))
                .hasMessageContaining("request id 'a.b' contains '.'");
    }

    @Test
    void missingKeyAndNegativePartitionAreRejected() {
        assertThatThrownBy(() -> RequestKey.parse((byte[]) null)).hasMessageContaining("record has no key");
        assertThatThrownBy(() -> new RequestKey(-1, "iris", "a")).hasMessageContaining("partition is -1");
        assertThat(RequestKey.tryParse("free-form".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
