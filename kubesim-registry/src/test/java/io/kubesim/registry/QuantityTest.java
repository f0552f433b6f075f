package io.kubesim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.registry.quantity.Quantity;
import io.kubesim.registry.quantity.QuantityException;

/** Quantities are written back in kube-apiserver's canonical form and rejected with its messages. */
class QuantityTest {

    @ParameterizedTest(name = "{0} is written as {1}")
    @MethodSource("canonical")
    void canonicalForm(String input, String expected) {
        assertThat(Quantity.parse(input).roundUpToMilli().toString()).isEqualTo(expected);
    }

    static Stream<Arguments> canonical() {
        return Stream.of(Arguments.of("0.5", "500m"), Arguments.of("1000m", "1"), Arguments.of("1.5", "1500m"),
                Arguments.of("2048Mi", "2Gi"), Arguments.of("1536Mi", "1536Mi"), Arguments.of("0.5Ki", "512"),
                Arguments.of("1e3", "1e3"), Arguments.of("1500", "1500"), Arguments.of("12000", "12k"),
                Arguments.of("0.0001", "1m"), Arguments.of("1G", "1G"), Arguments.of("0", "0"),
                Arguments.of("-1", "-1"), Arguments.of("128974848", "128974848"));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @MethodSource("malformed")
    void malformed(String input, String expected) {
        assertThatThrownBy(() -> Quantity.parse(input)).isInstanceOf(QuantityException.class).hasMessage(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(Arguments.of("one", Quantity.ERR_FORMAT), Arguments.of("", Quantity.ERR_FORMAT),
                Arguments.of("1.2.3", Quantity.ERR_NUMERIC), Arguments.of("1Gb", Quantity.ERR_FORMAT), Arguments.of("1Mi5", Quantity.ERR_SUFFIX),
                Arguments.of("1e", Quantity.ERR_SUFFIX));
    }
}
