"""Publication dates: the forms news files use, and what is not a publication date."""

import datetime as dt

import pytest

from karabakh_claims.read.dates import date_from_value, parse_date

OCT_4 = dt.date(2023, 10, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 4 2023", OCT_4),
        ("09/28/2023", dt.date(2023, 9, 28)),
        ("14:36, 4 October 2023", OCT_4),
        ("\u00a014:36, 4 October 2023", OCT_4),
        ("October 4, 2023", OCT_4),
        ("2023.10.04", OCT_4),
        ("October 4, 2023 10:21 AM GMT+4", OCT_4),
        ("4 Oct 2023 10:21 UTC+04:00", OCT_4),
        ("4 Oct 2023", OCT_4),
        ("Sept. 20, 2023", dt.date(2023, 9, 20)),
        ("Wednesday, October 4th, 2023", OCT_4),
        ("Wed, 04 Oct 2023 14:36:00 GMT", OCT_4),
        ("Published: October 4, 2023 at 2:36 p.m. EDT", OCT_4),
        ("2023-10-04T14:36:00+04:00", OCT_4),
        ("2023-10-04T14:36:00Z", OCT_4),
        ("2023.10.04", OCT_4),
        ("October 4, 2023 10:21 AM GMT+4", OCT_4),
        ("4 Oct 2023 10:21 UTC+04:00", OCT_4),
        ("2023.10.04", OCT_4),
        ("October 4, 2023 10:21 AM GMT+4", OCT_4),
        ("4 Oct 2023 10:21 UTC+04:00", OCT_4),
        ("04.10.2023", OCT_4),
        ("28/09/2023", dt.date(2023, 9, 28)),
    ],
)
def test_parses_publication_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "©2023",
        "©2023 Bloomberg L.P.",
        "2023",
        "October 2023",
        "On Sept. 20, 2023, after massive shelling, 200 were killed",
        "YEREVAN, OCTOBER 4, ARMENPRESS.",
        "02/30/2023",
        "13/13/2023",
        "Oct 4 1066",
        "",
    ],
)
def test_rejects_what_is_not_a_full_date_line(text):
    assert parse_date(text) is None


def test_date_from_metadata_values():
    assert date_from_value(OCT_4) == OCT_4
    assert date_from_value(dt.datetime(2023, 10, 4, 14, 36)) == OCT_4
    assert date_from_value(" 2023-10-04 ") == OCT_4
    assert date_from_value(20231004) is None
    assert date_from_value(None) is None
