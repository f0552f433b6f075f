package io.kubesim.state.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownCommandsTest {

    @ParameterizedTest(name = "a filter sized for {0} ids holding {1} finds every one, and at most {2} % of 100,000 "
            + "other ids")
    @CsvSource({
            "0,       1000,    0.1",
            "100000,  100000,  0.5",
            "100000,  400000,  5",
            "1000000, 1000000, 0.5",
    })
    void everyIdAddedIsFoundAndFewOthersAre(long expected, int added, double maxFalsePercent) {
        KnownCommands known = new KnownCommands(expected);
        List<String> ids = IntStream.range(0, added).mapToObj(i -> UUID.randomUUID().toString()).toList();
        ids.forEach(known::add);

        long missed = ids.stream().filter(id -> !known.mightContain(id)).count();
        long falsePositives = IntStream.range(0, 100_000)
                .filter(i -> known.mightContain(UUID.randomUUID().toString())).count();

        assertThat(missed).isZero();
        assertThat(falsePositives / 1000.0).isLessThanOrEqualTo(maxFalsePercent);
    }

    @ParameterizedTest(name = "an empty filter holds nothing: {0}")
    @CsvSource({"bench-1", "''", "c0ffee00-0000-4000-8000-000000000000"})
    void anEmptyFilterHoldsNothing(String id) {
        assertThat(new KnownCommands(0).mightContain(id)).isFalse();
    }
}
