package io.kubesim.registry.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written name checks give the answers of the regular expressions upstream writes them as. */
class NamesTest {

    private static final List<String> EDGES = List.of("", "a", "A", "0", "-", ".", "_", "a-", "-a", "a.", ".a",
            "a..b", "a.b", "a-b", "a_b", "A_b", "ab.cd-ef", "my-name", "123-abc", "example.com", "Example.com",
            "a.-b", "a-.b", "x".repeat(63), "é", "a b", "a/b", "MyName", "my.name", "my_value", "12345", "a_",
            "_a", "a__b", "a..", "..", "a.b.c.d");

    @ParameterizedTest(name = "{0} answers as its regular expression for edge cases and 20,000 random strings")
    @ValueSource(strings = {"dns1123Label", "dns1123Subdomain", "qualifiedNamePart", "labelValue"})
    void theHandWrittenCheckAnswersAsTheRegularExpression(String check) {
        Pattern regex = Pattern.compile(switch (check) {
            case "dns1123Label" -> Names.DNS1123_LABEL_FMT;
            case "dns1123Subdomain" -> Names.DNS1123_SUBDOMAIN_FMT;
            case "qualifiedNamePart" -> Names.QUALIFIED_NAME_FMT;
            default -> Names.LABEL_VALUE_FMT;
        });
        Predicate<String> fast = switch (check) {
            case "dns1123Label" -> v -> Names.isDns1123Label(v, 0, v.length());
            case "dns1123Subdomain" -> Names::isDns1123Subdomain;
            case "qualifiedNamePart" -> Names::isQualifiedNamePart;
            default -> v -> v.isEmpty() || Names.isQualifiedNamePart(v);
        };
        List<String> inputs = new ArrayList<>(EDGES);
        Random random = new Random(1123);
        String alphabet = "ab09AZ-._/ é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(sb.toString());
        }

        List<String> disagreements = inputs.stream()
                .filter(v -> fast.test(v) != regex.matcher(v).matches()).distinct().toList();
        long accepted = inputs.stream().filter(fast).count();

        assertThat(disagreements).isEmpty();
        assertThat(accepted).as("inputs accepted (the table must hold both answers)")
                .isBetween(10L, inputs.size() - 10L);
    }
}
