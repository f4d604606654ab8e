"""The claims suite: true claims, claims false by a number, a year, a date, a percentage or an
actor, claims of another scope and unrelated claims, over the bundled corpus and the small
articles in data/claims (a Reuters wire story and its rewrite, a German article). Each case
asserts what a checker sees: the evidence shown, the figure verdicts and the disputes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS, DATA, invoke

FT, GUARDIAN = "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"
TRT0, TRT1, AA = "000_3c0a0dd70ffd9184.txt", "001_5bb3d145a699a386.txt", "002_f9a3e5e411da9d93.txt"
WIRE, REWRITE, GERMAN = "wire-shelling.txt", "rewrite-shelling.txt", "bergkarabach.txt"


@pytest.fixture(scope="module")
def claims_index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    path = tmp_path_factory.mktemp(f"claims-{engine}") / "ix"
    report = kcsearch.build([CORPUS, DATA / "claims"], path, engine=engine)
    assert not report.failed, report.failed
    return path


def check(index: Path, claim: str) -> dict:
    r = invoke(["check", claim, "--index", str(index), "--json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout) if r.exit_code == 0 else {"articles": [], "figures": [],
                                                           "disputes": []}


def verdicts(data: dict, scope: str) -> set[tuple[str, str, str | None]]:
    group = next(g for g in data["figures"] if g["concept"] == scope)
    return {(f["id"], f["text"], f["verdict"]) for f in group["figures"]}


def evidence(data: dict) -> dict[str, list[str]]:
    return {a["id"]: [s["text"] for s in a["sentences"]] for a in data["articles"]}


def denials(data: dict) -> set[tuple[str | None, str, str]]:
    return {(d["who"], d["trigger"], d["id"]) for d in data["disputes"]}


# --- true claims --------------------------------------------------------------------------------

def test_true_mercenaries_claim(claims_index: Path) -> None:
    data = check(claims_index, "Turkey sent 4,000 Syrian mercenaries")
    assert {FT, GUARDIAN} <= set(evidence(data))
    assert verdicts(data, "fighters · Syria") == {(FT, "4,000", "="), (GUARDIAN, "about 4,000", "=")}
    assert not data["sources_differ_from_claim"] and data["unnamed"] == []
    assert ("Baku", "absolute nonsense", GUARDIAN) in denials(data)
    assert ("Azerbaijan", "denied", FT) in denials(data)


def test_true_toll_claim_from_the_wire_story_counts_its_rewrite_once(claims_index: Path) -> None:
    data = check(claims_index, "The enclave's military death toll reached 219")
    wire = next(a for a in data["articles"] if a["id"] == WIRE)
    assert [c["id"] for c in wire["also_carried_by"]] == [REWRITE]  # one story, one source
    assert REWRITE not in evidence(data)
    [hit] = [f for g in data["figures"] for f in g["figures"] if f["value"] == 219]
    assert (hit["id"], hit["verdict"], hit["outlet"]) == (WIRE, "=", "Reuters")
    assert [c["outlet"] for c in hit["also_carried_by"]] == ["Daily Example"]


# --- false by a number, a year, a date, a percentage ---------------------------------------------

def test_false_by_number_shows_the_sentences_with_the_right_one(claims_index: Path) -> None:
    data = check(claims_index, "Turkey sent 10,000 Syrian mercenaries")
    assert verdicts(data, "fighters · Syria") == {(FT, "4,000", "≠"), (GUARDIAN, "about 4,000", "≠")}
    assert data["sources_differ_from_claim"]
    assert any("sending 4,000 mercenaries" in s for s in evidence(data)[FT])
    assert ("Ömer Çelik", "lies", GUARDIAN) in denials(data)


def test_false_by_year(claims_index: Path) -> None:
    data = check(claims_index, "A ceasefire was signed in 1998")
    assert any("ceasefire was signed in 1994" in s for s in evidence(data)[FT])
    assert verdicts(data, "year") >= {(FT, "1994", "≠")}
    # "A war began in the early 1990s": another clause's year, not the ceasefire's
    assert all(f["text"] != "1990s" for g in data["figures"] for f in g["figures"])
    # Armenia's "fabricating the claim" (about a pretext) denies nothing of a ceasefire
    assert data["disputes"] == []


def test_false_by_year_of_independence(claims_index: Path) -> None:
    data = check(claims_index, "Nagorno-Karabakh declared independence in 1995")
    assert verdicts(data, "year") == {(GUARDIAN, "1991", "≠")}
    assert data["sources_differ_from_claim"]


def test_false_by_date_resolves_the_weekday(claims_index: Path) -> None:
    data = check(claims_index, "Azerbaijan launched a military offensive on September 21, 2023")
    # "on Tuesday (Sept 19)" in an article of Wednesday 20 September 2023: one day, listed once
    assert verdicts(data, "date") == {(AA, "Tuesday", "≠")}
    true = check(claims_index, "Azerbaijan launched a military offensive on September 19, 2023")
    assert verdicts(true, "date") == {(AA, "Tuesday", "=")}
    no_year = check(claims_index, "Azerbaijan launched a military offensive on Sept 21")
    assert verdicts(no_year, "date") == {(AA, "Tuesday", "≠")}  # month and day compared


def test_false_by_percentage(claims_index: Path) -> None:
    data = check(claims_index, "Europe draws about 50% of its oil and gas from the region")
    assert verdicts(data, "percent") == {(GUARDIAN, "about 5%", "≠")}


# --- false by actor -------------------------------------------------------------------------------

def test_false_by_actor_is_said_and_never_a_match(claims_index: Path) -> None:
    data = check(claims_index, "Russia sent 4,000 Syrian mercenaries")
    assert data["unnamed"] == ["Russia"]
    for f in next(g for g in data["figures"] if g["concept"] == "fighters · Syria")["figures"]:
        assert f["verdict"] == "~" and f["why"] == "the sentence does not name Russia"
    assert all("Russia" in s["missing"] for a in data["articles"] for s in a["sentences"])


# --- another scope ------------------------------------------------------------------------------

def test_an_all_sides_toll_is_no_match_for_one_side_s_military_toll(claims_index: Path) -> None:
    data = check(claims_index, "Armenia's military death toll 100")
    same = verdicts(data, "deaths · military · Armenia")
    assert same == {(TRT0, "59", "≠"), (GUARDIAN, "about 30", "≠")}
    nearly = [(g["concept"], f["verdict"]) for g in data["figures"] for f in g["figures"]
              if f["text"] == "nearly 100"]
    assert nearly in ([], [("deaths", None)])  # listed apart at most, never "="


def test_population_counted_apart_from_deaths(claims_index: Path) -> None:
    data = check(claims_index, "About 150,000 people live in Nagorno-Karabakh")
    assert verdicts(data, "people") == {(FT, "fewer than 150,000", "~")}
    # "displaced" and "dying" figures are other scopes, and Çelik's denials are about mercenaries
    assert all(g["concept"] == "people" for g in data["figures"])
    assert data["disputes"] == []


def test_casualties_of_unsaid_sides_never_refute_a_claim(claims_index: Path) -> None:
    # Azerbaijan's "six civilians" and the enclave's "two civilian deaths" count two sides' dead
    data = check(claims_index, "20 civilians were killed")
    got = {(f["id"], f["text"], f["verdict"], f["why"]) for f in data["figures"][0]["figures"]}
    why = "neither says whose; may count another side"
    assert got == {(FT, "six", "~", why), (GUARDIAN, "two", "~", why), (WIRE, "24", "~", why)}
    assert not data["sources_differ_from_claim"]
    same = check(claims_index, "Six civilians were killed")
    assert (FT, "six", "=") in verdicts(same, "deaths · civilians")


def test_weapons_of_another_kind_are_not_compared(claims_index: Path) -> None:
    data = check(claims_index, "Azerbaijan destroyed 15 Armenian air defence systems")
    assert {g["concept"] for g in data["figures"]} == {"air defence systems"}
    assert verdicts(data, "air defence systems") == {(FT, "more than 10", "~")}


def test_a_denial_of_another_matter_is_not_listed(claims_index: Path) -> None:
    data = check(claims_index, "Ilham Aliyev said Azerbaijani forces took control of Jabrayil")
    assert WIRE in evidence(data)
    got = {(d["who"], d["trigger"]) for d in data["disputes"] if d["id"] == WIRE}
    assert got == {("Armenia's defence ministry", "denied"),
                   ("Armenia's defence ministry", "disinformation")}
    assert all(d["denies"].startswith("the report that Jabrayil had fallen")
               for d in data["disputes"])


# --- language and unrelated claims ----------------------------------------------------------------

def test_a_german_die_is_no_death(claims_index: Path) -> None:
    data = check(claims_index, "The death toll rose to 240")
    assert GERMAN not in evidence(data)
    assert all(f["value"] != 240 for g in data["figures"] for f in g["figures"])


@pytest.mark.parametrize("claim", ["Penguins colonised Antarctica in 1998",
                                   "The Eiffel Tower is 300 metres tall"])
def test_unrelated_claims_find_no_evidence(claims_index: Path, claim: str) -> None:
    r = invoke(["check", claim, "--index", str(claims_index)])
    assert r.exit_code == 1 and "No sentence in the index bears on" in r.stdout


def test_the_text_report_says_what_a_checker_must_see(claims_index: Path) -> None:
    r = invoke(["check", "Russia sent 10,000 Syrian mercenaries", "--index", str(claims_index)])
    assert r.exit_code == 0
    assert "⚠ Sources disagree with the claim" in r.stdout
    assert "⚠ No evidence sentence names: Russia." in r.stdout
    assert "≠4,000 mercenaries (per Armenia’s ambassador to Moscow; Financial Times)" in r.stdout
    r = invoke(["check", "The enclave's military death toll reached 219", "--index", str(claims_index)])
    assert "also carried by: Daily Example (rewrite-shelling.txt) (one story, one source)" in r.stdout
