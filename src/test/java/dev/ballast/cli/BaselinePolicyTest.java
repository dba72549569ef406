package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The shipped baseline is read without the constraint checks, so it must pass them: this is where it does. */
class BaselinePolicyTest {
    @Test
    void theShippedBaselinePassesTheChecksItIsReadWithout() throws Exception {
        InputLimits limits = InputLimits.defaults();
        String text;
        try (InputStream in = BaselinePolicy.class.getResourceAsStream(BaselinePolicy.RESOURCE)) {
            assertThat(in).as("baseline resource").isNotNull();
            text = InputText.read(BaselinePolicy.NAME, in, limits);
        }
        PolicyReader validating = new PolicyReader(limits, true);
        validating.read(BaselinePolicy.NAME, text);
        assertThat(validating.policies()).isNotEmpty().isEqualTo(BaselinePolicy.policies());
    }
}
