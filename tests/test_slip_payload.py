"""Tests of kiosk.slip_payload: only this centre's slips are accepted."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import InvalidTrackingCodeError
from kiosk.lookup_errors import NotASlipError
from kiosk.slip_payload import (
    MAX_PAYLOAD_LENGTH,
    build_slip_payload,
    is_slip_of_centre,
    parse_slip_payload,
    parse_typed_code,
)
from kiosk.tracking_codes import (
    ALPHABET,
    check_symbol,
    format_tracking_code,
    is_valid_tracking_code,
)

CODE = "7K3Q9XDM20" + check_symbol("7K3Q9XDM20")
PUBLIC_URL = "https://track.pkm.example.pk/quetta"
# One symbol changed: the check symbol no longer matches.
TYPO = ("8" if CODE[0] != "8" else "9") + CODE[1:]


@pytest.mark.parametrize(
    "text",
    [
        f"PKM:{CODE}",
        f"PKM:{format_tracking_code(CODE)}",
        f"{PUBLIC_URL}/t/{CODE}",
        f"HTTPS://TRACK.PKM.EXAMPLE.PK/quetta/t/{CODE}",
        f"{PUBLIC_URL}/t/{format_tracking_code(CODE)}",
    ],
)
def test_slips_of_this_centre_give_their_code(text: str) -> None:
    assert parse_slip_payload(text, PUBLIC_URL) == CODE


HOSTILE = [
    "",
    "PKM:",
    f"pkm:{CODE}",
    f"PKM:{CODE.lower()}",
    f"PKM:{TYPO}",
    f"PKM:{CODE}X",
    f"PKM:{CODE[:-1]}",
    f"PKM: {CODE}",
    f"PKM:{CODE}\n",
    f"PKM:{CODE}\x00",
    f"\ufeffPKM:{CODE}",
    f"PKM:{CODE.replace('0', 'O')}",
    f"PKM:{CODE[:4]}--{CODE[4:]}",
    f"PKM:{CODE}' OR '1'='1",
    f"PKM:{CODE};DROP TABLE cases;--",
    "PKM:<script>alert(1)</script>",
    f"PKM:../../{CODE}",
    CODE,
    f"http://track.pkm.example.pk/quetta/t/{CODE}",
    f"https://evil.example.com/quetta/t/{CODE}",
    f"https://track.pkm.example.pk.evil.com/quetta/t/{CODE}",
    f"https://track.pkm.example.pk@evil.com/quetta/t/{CODE}",
    f"https://user@track.pkm.example.pk/quetta/t/{CODE}",
    f"https://track.pkm.example.pk:8443/quetta/t/{CODE}",
    f"https://track.pkm.example.pk/t/{CODE}",
    f"https://track.pkm.example.pk/QUETTA/t/{CODE}",
    f"https://track.pkm.example.pk/quetta/x/t/{CODE}",
    f"https://track.pkm.example.pk/quetta//t/{CODE}",
    f"https://track.pkm.example.pk/quetta/t/{CODE}/",
    f"https://track.pkm.example.pk/quetta/t/{CODE}/extra",
    f"https://track.pkm.example.pk/quetta/t/{CODE}?next=evil",
    f"https://track.pkm.example.pk/quetta/t/{CODE}#frag",
    f"https://track.pkm.example.pk/quetta/t/%37{CODE[1:]}",
    f"https://track.pkm.example.pk/quetta/../quetta/t/{CODE}",
    f"https://track.pkm.example.pk\\quetta/t/{CODE}",
    f"https://[::1/quetta/t/{CODE}",
    f"javascript:alert('{CODE}')",
    f"WIFI:S:pkm;T:WPA;P:{CODE};;",
    "BEGIN:VCARD\nFN:Someone\nEND:VCARD",
    "https://www.google.com/",
    f"PKM:{CODE}" + "A" * MAX_PAYLOAD_LENGTH,
    "P" * 100_000,
    f"PKM:{CODE}\u202e",
    "PKM:" + CODE.replace("7", "\uff17"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_anything_else_is_not_a_slip(text: str) -> None:
    with pytest.raises(NotASlipError, match="this is not a slip of this centre"):
        parse_slip_payload(text, PUBLIC_URL)
    assert not is_slip_of_centre(text, PUBLIC_URL)


def test_rejection_speaks_urdu_too() -> None:
    with pytest.raises(NotASlipError) as caught:
        parse_slip_payload("https://example.com/", PUBLIC_URL)

    assert caught.value.text("ur") == "یہ اس مرکز کی پرچی نہیں ہے"
    assert caught.value.text("en") == "this is not a slip of this centre"


def test_rejection_message_does_not_repeat_the_scanned_text() -> None:
    with pytest.raises(NotASlipError) as caught:
        parse_slip_payload("PKM:<script>alert(1)</script>", PUBLIC_URL)

    assert "script" not in str(caught.value)


def test_url_slips_are_rejected_when_no_public_url_is_configured() -> None:
    with pytest.raises(NotASlipError):
        parse_slip_payload(f"{PUBLIC_URL}/t/{CODE}", None)


@pytest.mark.parametrize("public_url", [None, PUBLIC_URL, PUBLIC_URL + "/"])
def test_built_payloads_parse_back(public_url: str | None) -> None:
    payload = build_slip_payload(CODE, public_url)

    assert parse_slip_payload(payload, public_url) == CODE


@pytest.mark.parametrize(
    "typed",
    [CODE, CODE.lower(), format_tracking_code(CODE), " ".join(CODE), f" {CODE} "],
)
def test_typed_codes_are_normalised(typed: str) -> None:
    assert parse_typed_code(typed) == CODE


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (TYPO, "mistake"),
        (CODE[:-1], "11 characters"),
        ("X" * 10_000, "11 characters"),
        ("!" * 11, "cannot contain"),
    ],
)
def test_bad_typed_codes_are_refused(typed: str, message: str) -> None:
    with pytest.raises(InvalidTrackingCodeError, match=message):
        parse_typed_code(typed)


codes = st.text(alphabet=ALPHABET, min_size=10, max_size=10).map(
    lambda data: data + check_symbol(data)
)
near_payloads = st.one_of(
    st.text(max_size=300),
    st.builds(lambda tail: "PKM:" + tail, st.text(max_size=20)),
    st.builds(lambda tail: f"{PUBLIC_URL}/t/" + tail, st.text(max_size=20)),
    st.builds(lambda code: f"PKM:{code}", codes),
    st.builds(lambda code, junk: f"PKM:{code}{junk}", codes, st.text(min_size=1)),
)


@settings(max_examples=500)
@given(near_payloads)
def test_no_text_crashes_the_parser_or_passes_unless_valid(text: str) -> None:
    try:
        code = parse_slip_payload(text, PUBLIC_URL)
    except NotASlipError:
        return

    assert is_valid_tracking_code(code)
    assert text in (f"PKM:{code}", f"PKM:{format_tracking_code(code)}") or (
        text.lower().startswith(PUBLIC_URL.lower() + "/t/")
    )


@given(codes)
def test_every_valid_code_is_accepted_in_both_forms(code: str) -> None:
    assert parse_slip_payload(f"PKM:{code}", PUBLIC_URL) == code
    assert parse_slip_payload(f"{PUBLIC_URL}/t/{code}", PUBLIC_URL) == code
