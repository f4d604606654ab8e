"""Field extraction rules: dates, outlets, people, and text-over-metadata precedence."""

from __future__ import annotations

import datetime as dt

import pytest

from kcsearch.index.extract import (
    canonical_outlet,
    extract_date,
    extract_outlet,
    outlet_from_url,
    parse_date,
    split_names,
)
from kcsearch.index.model import CleanDoc, Metadata

D = dt.date(2020, 9, 28)


@pytest.mark.parametrize("text", [
    "2020-09-28", "2020-09-28T18:13:00+02:00", "Mon 28 Sep 2020 18.13 CEST", "September 28, 2020",
    "Sept. 28, 2020", "28 September 2020", "28th Sep 2020", "2020/09/28", "20200928",
])
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == D


@pytest.mark.parametrize("text", ["2020-13-45", "soon", "", "Smarch 3, 2020", "31 Feb 2020"])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(("name", "canonical"), [
    ("TRTWorld and agencies", "TRT World"), ("trt world", "TRT World"),
    ("Financial Times", "Financial Times"), ("guardian", "The Guardian"),
    ("The Guardian", "The Guardian"), ("Some Local Paper", "Some Local Paper"),
])
def test_canonical_outlet(name: str, canonical: str) -> None:
    assert canonical_outlet(name) == canonical


def test_outlet_from_url_domain() -> None:
    assert outlet_from_url("https://www.theguardian.com/world/2020/sep/28/x") == "The Guardian"
    assert outlet_from_url("https://example.org/x") is None


def test_text_wins_over_metadata_and_metadata_fills_gaps() -> None:
    meta = Metadata(outlet="Reuters", date=dt.date(2001, 1, 1))
    stated = CleanDoc(source="TRTWorld and agencies", dateline="Mon 28 Sep 2020 18.13 CEST")
    assert extract_outlet(stated, meta) == "TRT World"
    assert extract_date(stated, meta) == (D, "text")
    silent = CleanDoc()
    assert extract_outlet(silent, meta) == "Reuters"
    assert extract_date(silent, meta) == (dt.date(2001, 1, 1), "metadata")
    assert extract_date(silent, Metadata()) == (None, "none")
    assert extract_outlet(silent, Metadata()) is None


def test_split_names() -> None:
    assert split_names("Asmaa al-Omar in Istanbul") == ["Asmaa al-Omar"]
    assert split_names("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]


def test_split_names_keeps_the_stop_of_an_initial_or_a_suffix() -> None:
    assert split_names("Perry Bacon Jr.") == ["Perry Bacon Jr."]
    assert split_names("Joe S.") == ["Joe S."]
    assert split_names("By Jane Doe.") == ["Jane Doe"]


def test_field_sources_name_the_page_the_text_the_file_or_the_url() -> None:
    from kcsearch.index.extract import field_sources
    from kcsearch.index.model import CleanDoc, Metadata

    page = CleanDoc(title="Headline", html_date="2020-10-04", html_author="Jane Roe",
                    html_outlet="Reuters", html_url="https://example.org/x", from_html=True,
                    byline="John Doe")
    assert field_sources(page, Metadata(), "Reuters") == (
        "url:html", "outlet:html", "date:html", "title:html", "author:text")
    text = CleanDoc(title="Headline", dateline="October 4, 2020")
    meta = Metadata(outlet="The Outlet", title="Other", override=frozenset({"title"}))
    assert field_sources(text, meta, "The Outlet") == (
        "outlet:sources.toml", "date:text", "title:sources.toml override")
    bare = CleanDoc(html_url="https://www.reuters.com/a", from_html=True)
    assert field_sources(bare, Metadata(), "Reuters") == ("url:html", "outlet:url")


@pytest.mark.parametrize(("text", "day"), [
    # the year from the 'Updated' line, the latest such day on or before it
    ("BAKU, Oct 4 (Reuters) - Fighting went on.\n\nUpdated Oct 5, 2020", dt.date(2020, 10, 4)),
    ("BAKU, Oct 4 (Reuters) - Fighting went on.\n\nCopyright 2020 The Associated Press.",
     dt.date(2020, 10, 4)),
    ("BAKU, Dec 31 (Reuters) - Fighting went on.\n\nUpdated: January 1, 2021", dt.date(2020, 12, 31)),
    ("BAKU, Oct 4 (Reuters) - Fighting went on.", None),  # no year anywhere: no date
])
def test_a_wire_datelines_day_takes_the_year_the_article_gives(text: str, day: dt.date | None) -> None:
    from kcsearch.index.clean import clean_text
    from kcsearch.index.extract import wire_date

    assert wire_date(clean_text(text)) == day


def test_a_lone_updated_line_is_the_modified_date_not_the_published_one() -> None:
    from kcsearch.index.clean import clean_text
    from kcsearch.index.extract import extract_date

    doc = clean_text("BAKU, Oct 4 (Reuters) - Fighting went on.\n\nUpdated: October 6, 2020")
    assert (doc.dateline, doc.modified) == (None, "Updated: October 6, 2020")
    assert extract_date(doc, Metadata()) == (dt.date(2020, 10, 4), "text")
