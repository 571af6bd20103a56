package io.aegis.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectsTest {

    @Test
    void defaultSubjectsMatchTheStream() {
        Subjects subjects = Subjects.DEFAULT;

        assertThat(subjects.all()).isEqualTo("aegis.>");
        assertThat(subjects.telemetry("5")).isEqualTo("aegis.telemetry.5");
        assertThat(subjects.alerts("5")).isEqualTo("aegis.alerts.5");
        assertThat(subjects.mes("wo-1")).isEqualTo("aegis.mes.workorder.wo-1");
    }

    @Test
    void commandSubjectIsOutsideTheStream() {
        assertThat(Subjects.DEFAULT.workOrderCommands()).doesNotStartWith("aegis.");
    }

    @Test
    void wildcardsInIdsAreRejected() {
        assertThatThrownBy(() -> Subjects.DEFAULT.telemetry("5.*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("station_id '5.*' is invalid: use 1 to 64 letters, digits, '-' or '_' "
                        + "(it becomes a NATS subject token)");
        assertThatThrownBy(() -> Subjects.DEFAULT.telemetry("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lastTokenIsTheId() {
        assertThat(Subjects.lastToken("aegis.telemetry.17")).isEqualTo("17");
    }
}
