package io.kubesim.state.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.kubesim.model.status.ApiException;

/** Times in the audit API's parameters are RFC 3339. */
class TimeParameterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-12-07T12:00:00Z           | 2026-12-07T12:00:00Z",
            "2026-12-07T12:00:00.123456Z    | 2026-12-07T12:00:00.123456Z",
            "2026-12-07T13:00:00+01:00      | 2026-12-07T12:00:00Z",
            "2026-12-07T07:30:00-04:30      | 2026-12-07T12:00:00Z",
            "2026-12-07t12:00:00z           | 2026-12-07T12:00:00Z",
            "'2026-12-07T13:00:00 01:00'    | 2026-12-07T12:00:00Z"})
    void anRfc3339TimeIsReadAsTheInstantItNames(String text, String expected) {
        assertThat(AuditController.timeParam("time", text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "yesterday", "2026-12-07", "2026-12-07T12:00:00", "1733572800",
            "2026-12-07 12:00:00Z", "2026-13-07T12:00:00Z"})
    void anythingElseIsABadRequest(String text) {
        assertThatThrownBy(() -> AuditController.timeParam("time", text))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getReason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).startsWith("time must be an RFC 3339 time");
                });
    }
}
