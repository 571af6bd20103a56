package io.aegis.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.contract.vin.VinPolicy;
import io.aegis.contract.vin.VinValidator;
import org.junit.jupiter.api.Test;

class VinTest {

    @Test
    void checkDigitMatchesPublishedExample() {
        // The VIN used as the worked example in the North American check-digit descriptions.
        assertThat(Vin.checkDigit("1M8GDM9AXKP042788")).isEqualTo('X');
        assertThat(Vin.isValid("1M8GDM9AXKP042788")).isTrue();
        assertThat(Vin.isValid("1M8GDM9A1KP042788")).isFalse();
    }

    @Test
    void builtVinsAreValid() {
        for (int serial = 0; serial < 1000; serial++) {
            String vin = Vin.of("1AE", "GS4E2", 2027, 'D', serial);
            assertThat(vin).hasSize(17);
            assertThat(Vin.isValid(vin)).as(vin).isTrue();
            assertThat(VinValidator.validate(vin, VinPolicy.STRICT).accepted())
                    .as(vin)
                    .isTrue();
            assertThat(VinValidator.validate(vin, VinPolicy.STRICT).flags())
                    .as(vin)
                    .isEmpty();
        }
    }

    @Test
    void yearCodeSkipsForbiddenLetters() {
        assertThat(Vin.yearCode(2010)).isEqualTo('A');
        assertThat(Vin.yearCode(2026)).isEqualTo('T');
        assertThat(Vin.yearCode(2030)).isEqualTo('Y');
        assertThat(Vin.yearCode(2031)).isEqualTo('1');
    }
}
