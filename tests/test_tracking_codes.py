"""Tracking codes: random, readable, and every single typo or swap is caught."""

import pytest

from kiosk.errors import InvalidTrackingCodeError
from kiosk.tracking_codes import (
    ALPHABET,
    CODE_LENGTH,
    ENTROPY_BITS,
    check_symbol,
    format_tracking_code,
    is_valid_tracking_code,
    new_tracking_code,
    normalise_tracking_code,
)


def test_codes_have_at_least_48_random_bits_and_are_distinct():
    codes = {new_tracking_code() for _ in range(2000)}
    assert ENTROPY_BITS >= 48
    assert len(codes) == 2000
    assert all(
        len(code) == CODE_LENGTH and is_valid_tracking_code(code) for code in codes
    )


def test_alphabet_has_no_look_alike_letters():
    assert not set("ILOU") & set(ALPHABET)
    assert len(ALPHABET) == 32


@pytest.mark.parametrize("seed", range(40))
def test_every_single_substitution_is_caught(seed):
    code = new_tracking_code()
    for position in range(CODE_LENGTH):
        for symbol in ALPHABET:
            if symbol != code[position]:
                typo = code[:position] + symbol + code[position + 1 :]
                assert not is_valid_tracking_code(typo), typo


@pytest.mark.parametrize("seed", range(40))
def test_every_swap_of_neighbours_is_caught(seed):
    code = new_tracking_code()
    for position in range(CODE_LENGTH - 1):
        first, second = code[position], code[position + 1]
        if first != second:
            swapped = code[:position] + second + first + code[position + 2 :]
            assert not is_valid_tracking_code(swapped), swapped


def test_typed_forms_normalise_to_the_code():
    code = new_tracking_code()
    typed = format_tracking_code(code, " ").lower()
    assert normalise_tracking_code(f"  {typed} ") == code
    assert normalise_tracking_code(format_tracking_code(code)) == code


def test_look_alike_letters_are_read_as_digits():
    code = "01" * 5
    code += check_symbol(code)
    typed = code.replace("0", "O").replace("1", "l")
    assert normalise_tracking_code(typed) == code


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ABC", "11 characters"),
        ("ABCD-EFGH-!@#", "cannot contain"),
        ("U" * 11, "cannot"),
    ],
)
def test_malformed_codes_are_rejected_with_a_reason(text, says):
    with pytest.raises(InvalidTrackingCodeError, match=says):
        normalise_tracking_code(text)
