"""Complaint forms: CNIC and mobile checks, and storage with the case."""

import pytest

from kiosk.complaints import (
    check_complaint,
    format_cnic,
    normalise_cnic,
    normalise_mobile,
)
from kiosk.errors import InvalidInputError


def good_form(**changes):
    fields = {
        "name": "Ayesha Bibi",
        "relation_name": "Muhammad Aslam",
        "cnic": "54400-1234567-8",
        "mobile": "0300-1234567",
        "category": "threats",
        "description": "Threatening calls from an unknown number.",
    }
    fields.update(changes)
    return check_complaint(**fields)


@pytest.mark.parametrize(
    "typed", ["54400-1234567-8", "5440012345678", " 54400 1234567 8"]
)
def test_cnic_typed_any_way_is_13_digits(typed):
    assert normalise_cnic(typed) == "5440012345678"
    assert format_cnic("5440012345678") == "54400-1234567-8"


@pytest.mark.parametrize(
    "typed", ["54400-1234567", "54400-1234567-89", "5440O12345678", ""]
)
def test_bad_cnic_is_refused_with_the_format(typed):
    with pytest.raises(InvalidInputError, match="00000-0000000-0"):
        normalise_cnic(typed)


@pytest.mark.parametrize(
    "typed", ["0300-1234567", "03001234567", "+92 300 1234567", "923001234567"]
)
def test_pakistani_mobile_forms(typed):
    assert normalise_mobile(typed) == "03001234567"


@pytest.mark.parametrize(
    "typed", ["0213-1234567", "0300-123456", "+1 300 1234567", "x"]
)
def test_bad_mobile_is_refused(typed):
    with pytest.raises(InvalidInputError, match="03XX-XXXXXXX"):
        normalise_mobile(typed)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"name": "  "}, "name is empty"),
        ({"relation_name": "Aslam 2"}, "father's or husband's name cannot contain"),
        ({"category": "murder"}, "unknown complaint category"),
        ({"description": ""}, "describe the matter"),
        ({"description": "x" * 1001}, "longer than 1000"),
    ],
)
def test_form_faults_are_named(changes, says):
    with pytest.raises(InvalidInputError, match=says):
        good_form(**changes)


def test_complaint_is_stored_with_its_case_and_not_in_events(store):
    issued = store.issue("complaint", complaint=good_form())
    case = store.case_by_code(issued.tracking_code)
    assert store.complaint_for_case(case.id).cnic == "5440012345678"
    event_text = " ".join(str(event["detail"]) for event in store.events())
    assert "5440012345678" not in event_text and "Ayesha" not in event_text


def test_complaint_needs_a_trackable_service(store):
    with pytest.raises(InvalidInputError, match="needs a trackable service"):
        store.issue("fir_copy", complaint=good_form())
