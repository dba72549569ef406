package dev.ballast.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeverityTest {
    @Test
    void mostSevereFirstOrdersCriticalBeforeLow() {
        List<Severity> severities = new ArrayList<>(List.of(Severity.LOW, Severity.CRITICAL, Severity.MEDIUM, Severity.HIGH));
        severities.sort(Severity.MOST_SEVERE_FIRST);
        assertThat(severities).containsExactly(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
    }

    @Test
    void ofIdReadsTheLowerCaseId() {
        for (Severity s : Severity.values()) {
            assertThat(Severity.ofId(s.id())).isSameAs(s);
        }
    }

    @Test
    void ofIdNamesTheUnknownIdAndTheKnownOnes() {
        assertThatThrownBy(() -> Severity.ofId("urgent")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown severity 'urgent': expected one of [critical, high, medium, low]");
    }
}
