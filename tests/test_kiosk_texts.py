"""The kiosk's sentences: every one in English and Urdu, filled the same way."""

import string

import pytest

from kiosk.app.texts import (
    TEXTS,
    WEEKDAYS_EN,
    WEEKDAYS_UR,
    other_language,
    pick,
    text,
)
from kiosk.urdu_text import has_urdu

# Sentences whose Urdu half is meant to be Latin: the name of the other language
# on the keyboard's switch key.
LATIN_IN_URDU = {"keyboard_other"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_sentence_has_english_and_urdu(key):
    english, urdu = TEXTS[key]

    assert english.strip(), f"{key}: empty English"
    assert urdu.strip(), f"{key}: empty Urdu"
    if key not in LATIN_IN_URDU and key != "language_name":
        assert has_urdu(urdu), f"{key}: the Urdu half has no Urdu letters"


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_take_the_same_values(key):
    english, urdu = TEXTS[key]

    assert placeholders(english) == placeholders(urdu), key


def test_text_fills_the_chosen_language():
    assert text("wait_about", "en", minutes=25) == "~25 min"
    assert text("wait_about", "ur", minutes=25) == "تقریباً 25 منٹ"
    assert text("back", "ur") == "واپس"


def test_text_names_an_unknown_key():
    with pytest.raises(KeyError, match="no_such_sentence"):
        text("no_such_sentence", "en")


def test_languages_pair_up():
    assert other_language("en") == "ur"
    assert other_language("ur") == "en"
    assert pick(("one", "ایک"), "ur") == "ایک"
    assert pick(("one", "ایک"), "en") == "one"


def test_weekdays_come_in_both_languages():
    assert len(WEEKDAYS_EN) == len(WEEKDAYS_UR) == 7
    assert all(has_urdu(day) for day in WEEKDAYS_UR)
