"""The complaint wizard's one-field checks and typing formats (no Kivy)."""

import pytest

from kiosk.app.complaint_checks import cnic_as_typed, field_problem, mobile_as_typed
from kiosk.app.texts import TEXTS
from kiosk.complaints import CATEGORY_KEYS, DESCRIPTION_LIMIT, NAME_LIMIT


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("name", "Saleem Khan", None),
        ("name", "سلیم خان", None),
        ("name", "   ", "empty_name"),
        ("relation_name", "", "empty_relation_name"),
        ("name", "Ali 2", "name_digits"),
        ("relation_name", "A" * (NAME_LIMIT + 1), "name_long"),
        ("cnic", "35202-1234567-1", None),
        ("cnic", "3520212345671", None),
        ("cnic", "1234567", "bad_cnic"),
        ("cnic", "35202-123456A-1", "bad_cnic"),
        ("mobile", "03001234567", None),
        ("mobile", "+923001234567", None),
        ("mobile", "0212345678", "bad_mobile"),
        ("category", CATEGORY_KEYS[0], None),
        ("category", "no-such-category", "empty_category"),
        ("description", "Noise at night", None),
        ("description", "  ", "empty_description"),
        ("description", "x" * (DESCRIPTION_LIMIT + 1), "long_description"),
        ("unknown_field", "anything", None),
    ],
)
def test_field_problem_names_the_message_for_the_field(field, value, problem):
    assert field_problem(field, value) == problem


def test_every_problem_has_a_message_in_both_languages():
    problems = {
        "empty_name",
        "empty_relation_name",
        "name_digits",
        "name_long",
        "bad_cnic",
        "bad_mobile",
        "empty_category",
        "empty_description",
        "long_description",
    }
    for key in problems:
        english, urdu = TEXTS[key]
        assert english.strip() and urdu.strip(), key


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("", ""),
        ("3520", "3520"),
        ("35202", "35202"),
        ("352021", "35202-1"),
        ("352021234567", "35202-1234567"),
        ("3520212345671", "35202-1234567-1"),
    ],
)
def test_cnic_is_grouped_as_it_is_typed(digits, shown):
    assert cnic_as_typed(digits) == shown


@pytest.mark.parametrize(
    ("digits", "shown"),
    [("", ""), ("0300", "0300"), ("03001", "0300-1"), ("03001234567", "0300-1234567")],
)
def test_mobile_is_grouped_as_it_is_typed(digits, shown):
    assert mobile_as_typed(digits) == shown
