package io.aegis.contract.vin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VinValidatorTest {

    private static final String WRONG_CHECK_DIGIT = "1HGBH41JXMN100005";

    @Test
    void strictRejectsWrongNorthAmericanCheckDigit() {
        VinCheck check = VinValidator.validate(WRONG_CHECK_DIGIT, VinPolicy.STRICT);

        assertThat(check.accepted()).isFalse();
        VinRejection rejection = check.rejections().get(0);
        assertThat(rejection.code()).isEqualTo(VinRejection.Code.VIN_CHECK_DIGIT);
        assertThat(rejection.position()).isEqualTo(9);
        assertThat(rejection.expected()).isEqualTo("1");
        assertThat(rejection.message()).contains(WRONG_CHECK_DIGIT);
    }

    @Test
    void lenientAcceptsNorthAmericanCheckDigitWithFlag() {
        VinCheck check = VinValidator.validate(WRONG_CHECK_DIGIT, VinPolicy.LENIENT);

        assertThat(check.accepted()).isTrue();
        assertThat(check.flags()).containsExactly(VinFlag.CHECK_DIGIT_MISMATCH);
        assertThat(check.normalized()).isEqualTo(WRONG_CHECK_DIGIT);
    }

    @Test
    void correctCheckDigitHasNoFlags() {
        VinCheck check = VinValidator.validate("1HGBH41J1MN100005", VinPolicy.STRICT);

        assertThat(check.accepted()).isTrue();
        assertThat(check.flags()).isEmpty();
    }

    @Test
    void checkDigitTenIsX() {
        assertThat(VinValidator.checkDigit("1M8GDM9AXKP042788")).isEqualTo('X');
        assertThat(VinValidator.validate("1M8GDM9AXKP042788", VinPolicy.STRICT).accepted())
                .isTrue();
    }

    @Test
    void europeanMismatchIsOnlyFlaggedEvenWhenStrict() {
        VinCheck check = VinValidator.validate("WVWZZZ1JZXW000001", VinPolicy.STRICT);

        assertThat(check.accepted()).isTrue();
        assertThat(check.flags()).containsExactly(VinFlag.CHECK_DIGIT_MISMATCH);
    }

    @Test
    void trimsAndUpperCasesWithFlag() {
        VinCheck check = VinValidator.validate("  1hgbh41j1mn100005 ", VinPolicy.STRICT);

        assertThat(check.accepted()).isTrue();
        assertThat(check.normalized()).isEqualTo("1HGBH41J1MN100005");
        assertThat(check.flags()).containsExactly(VinFlag.NORMALIZED);
    }

    @Test
    void wrongLengthIsRejected() {
        VinCheck check = VinValidator.validate("1HGBH41J1MN10000", VinPolicy.LENIENT);

        assertThat(check.rejections()).extracting(VinRejection::code).containsExactly(VinRejection.Code.VIN_LENGTH);
        assertThat(check.rejections().get(0).message()).contains("16 characters");
    }

    @Test
    void forbiddenLettersNamePositionAndSuggestion() {
        VinCheck check = VinValidator.validate("1HGBH41J1MN1000O5", VinPolicy.LENIENT);

        assertThat(check.accepted()).isFalse();
        VinRejection rejection = check.rejections().get(0);
        assertThat(rejection.code()).isEqualTo(VinRejection.Code.VIN_FORBIDDEN_LETTER);
        assertThat(rejection.position()).isEqualTo(16);
        assertThat(rejection.expected()).isEqualTo("0");
    }

    @Test
    void everyForbiddenLetterIsReported() {
        VinCheck check = VinValidator.validate("IHGBH41J1MN10000Q", VinPolicy.LENIENT);

        assertThat(check.rejections()).extracting(VinRejection::position).containsExactly(1, 17);
    }

    @Test
    void invalidCharacterIsRejected() {
        VinCheck check = VinValidator.validate("1HGBH41J1MN10-005", VinPolicy.LENIENT);

        VinRejection rejection = check.rejections().get(0);
        assertThat(rejection.code()).isEqualTo(VinRejection.Code.VIN_INVALID_CHARACTER);
        assertThat(rejection.position()).isEqualTo(14);
    }

    @Test
    void placeholderIsRejected() {
        VinCheck check = VinValidator.validate("AAAAAAAAAAAAAAAAA", VinPolicy.LENIENT);

        assertThat(check.rejections())
                .extracting(VinRejection::code)
                .containsExactly(VinRejection.Code.VIN_PLACEHOLDER);
    }

    @Test
    void missingIsRejected() {
        assertThat(VinValidator.validate(null, VinPolicy.LENIENT).rejections())
                .extracting(VinRejection::code)
                .containsExactly(VinRejection.Code.VIN_MISSING);
        assertThat(VinValidator.validate("   ", VinPolicy.LENIENT).rejections())
                .extracting(VinRejection::code)
                .containsExactly(VinRejection.Code.VIN_MISSING);
    }

    @Test
    void checkDigitRejectsInvalidInput() {
        assertThatThrownBy(() -> VinValidator.checkDigit("SHORT")).isInstanceOf(IllegalArgumentException.class);
    }
}
