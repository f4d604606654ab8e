"""Alias groups: contested place names and name spellings find each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kcsearch
from conftest import invoke
from kcsearch.aliases import BUILTIN, AliasFileError, parse_groups
from kcsearch.rewrite import analyse_text

GUARDIAN = "004_c67a387fa88ce996.txt"


def run(index_dir: Path, *args: str, env: dict[str, str] | None = None):
    return invoke([*args, "--index", str(index_dir)], env=env)


def test_artsakh_finds_nagorno_karabakh_articles_and_ranks_the_exact_name_first(index_dir: Path) -> None:
    data = json.loads(run(index_dir, "search", "Artsakh", "--json").stdout)
    ids = [h["id"] for h in data["hits"]]
    assert ids[0] == GUARDIAN and len(ids) == 5  # the others only say Nagorno-Karabakh
    names = {h["id"]: h["names"] for h in data["hits"]}
    assert names[GUARDIAN] == ["Nagorno-Karabakh", "Artsakh"]
    # a bare "Karabakh" is the wider region too: no member of the enclave's group
    assert names["001_5bb3d145a699a386.txt"] == ["Nagorno-Karabakh", "Upper Karabakh"]
    highlighted = {h["id"]: {s["text"][a:b] for s in h["snippets"] for a, b in s["highlights"]}
                   for h in data["hits"]}
    assert "Artsakh" in highlighted[GUARDIAN]


def test_exact_names_turns_aliases_off(index_dir: Path) -> None:
    data = json.loads(run(index_dir, "search", "Artsakh", "--exact-names", "--json").stdout)
    assert [h["id"] for h in data["hits"]] == [GUARDIAN] and data["hits"][0]["names"] == []


def test_person_spellings(index_dir: Path) -> None:
    r = run(index_dir, "quotes", "--speaker", "Dmitri Peskow", "--json")
    assert json.loads(r.stdout)["total"] == 4
    r = run(index_dir, "quotes", "--speaker", "Dmitri Peskow", "--exact-names", "--json")
    assert r.exit_code == 1


def test_user_alias_file_extends_groups(index_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text("# my groups\nTalish, Talysh, Tonashen\n")
    env = {"KCSEARCH_ALIASES": str(extra)}
    data = json.loads(run(index_dir, "search", "Tonashen", "--json", env=env).stdout)
    assert [h["id"] for h in data["hits"]] == ["003_f7b754d68ae601d2.txt"]
    assert data["hits"][0]["names"] == ["Talish"]


def test_bad_alias_files(index_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(AliasFileError, match="two or more names"):
        parse_groups("Stepanakert\n", "x.txt")
    r = run(index_dir, "search", "Karabakh", env={"KCSEARCH_ALIASES": str(tmp_path / "none.txt")})
    assert r.exit_code == 2 and "cannot read alias file" in r.stderr


def test_api(corpus: kcsearch.Corpus) -> None:
    assert len(corpus.search("Khankendi").hits) == 0  # no article names Stepanakert either
    assert [h.id for h in corpus.search("Artsakh", exact_names=True).hits] == [GUARDIAN]


def test_spellings_used_locates_only_the_names_words() -> None:
    """spellings_used() analyses only the words of the names; the reference below analyses
    every word of the body, as it once did."""
    from kcsearch.index.schema import term, tokens
    from kcsearch.rewrite import spellings_used

    def reference(body: str, groups: list[list[tuple[str, ...]]]) -> list[str]:
        toks = tokens(body)
        words = [t[0] for t in toks]
        found: dict[str, None] = {}
        covered: set[int] = set()
        for m in sorted((m for ms in groups for m in ms), key=len, reverse=True):
            for i in range(len(words) - len(m) + 1):
                if tuple(words[i:i + len(m)]) == m and not covered.intersection(range(i, i + len(m))):
                    covered.update(range(i, i + len(m)))
                    found.setdefault(body[toks[i][1]:toks[i + len(m) - 1][2]], None)
        return list(found)

    karabakh = [tuple(term(w) for w in name.replace("-", " ").split()) for name in
                ("Nagorno-Karabakh", "Artsakh", "Upper Karabakh", "Karabakh", "Nagorno Karabakh")]
    body = ("Nagorno and Karabakh; Upper-Karabakh's hills, upper Karabakh. Artsakh’s "
            "NAGORNO-KARABAKH (Nagorno Karabakh) and Karabakhs")
    # "Nagorno and Karabakh" is no "Nagorno Karabakh"; longest names first, as written
    assert spellings_used(body, [karabakh]) == reference(body, [karabakh]) == [
        "NAGORNO-KARABAKH", "Nagorno Karabakh", "Upper-Karabakh's", "upper Karabakh",
        "Artsakh’s", "Karabakh", "Karabakhs"]
    from conftest import CORPUS
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert spellings_used(text, [karabakh]) == reference(text, [karabakh])


# --- the built-in groups: one place or one person each -----------------------------------------

BUILTIN_LINES = [line for line in BUILTIN.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("line", BUILTIN_LINES, ids=[line.split(",")[0] for line in BUILTIN_LINES])
def test_each_builtin_group_names_one_place_or_person(line: str) -> None:
    names_part, _, note = line.partition("#")
    names = [n.strip() for n in names_part.split(",") if n.strip()]
    kind, _, what = note.strip().partition(":")
    assert kind in ("place", "person") and len(what.strip()) > 10, "say what the group names"
    if kind == "person":  # full names only: a surname alone links namesakes
        assert all(len(n.split()) >= 2 for n in names), names
        surnames = {analyse_text(n)[-1] for n in names}
        firsts = {analyse_text(n)[0] for n in names}
        # one person: spellings of one given name and surname, never two people's names
        assert len(firsts) <= 3 and len(surnames) <= 4
    book = kcsearch.aliases.load(analyse_text)
    group = book.group_of(analyse_text(names[0]))
    for name in names:  # each name widens to the whole group, and to nothing else
        assert book.group_of(analyse_text(name)) == group
    others = [g for g in book.groups if g != group]
    assert not any(analyse_text(n) in {analyse_text(m) for g in others for m in g} for n in names)


@pytest.mark.parametrize(("one", "other"), [
    ("Armen Sarkissian", "Serzh Sargsyan"),  # two presidents of Armenia
    ("Tavush", "Tovuz"),  # a province of Armenia, a district of Azerbaijan
    ("Hadrut", "Martuni"),  # two towns of the enclave
    ("Kashatagh", "Gubadli"),  # a province, and one town within it
    ("Aliyev", "Ilham Aliyev"),  # a surname alone: Ilham or Heydar
])
def test_names_of_different_people_and_places_do_not_find_each_other(one: str, other: str) -> None:
    book = kcsearch.aliases.load(analyse_text)
    assert analyse_text(other) not in book.members(analyse_text(one), analyse_text)


def test_a_claim_about_serzh_sargsyan_does_not_bring_armen_sarkissian(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("President Armen Sarkissian said the constitution must be "
                                  "respected.\n")
    (folder / "b.txt").write_text("Former president Serge Sarkisian said the constitution was "
                                  "amended in 2015.\n")
    kcsearch.build([folder], tmp_path / "idx")
    with kcsearch.open(tmp_path / "idx") as corpus:
        result = corpus.check("Serzh Sargsyan said the constitution was amended")
    assert [g.id for g in result.groups] == ["b.txt"]
    assert result.groups[0].names == ("Serge Sarkisian",)
