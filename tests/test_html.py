"""One fixture per HTML cleaning rule (tests/data/html/), through both extraction paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA
from kcsearch.index import html
from kcsearch.index.extract import parse_date
from kcsearch.index.load import load_article

FIXTURES = DATA / "html"
PARAGRAPHS = ("Fighting resumed on Tuesday along the line of contact",
              "The defence ministry in Baku said its positions near Aghdam",
              "Mediators from the OSCE Minsk Group called on both sides")
# fixture -> the marker text its boilerplate element carries, which must not survive
DROPPED = {
    "drop-script.html": "SCRIPT_SECRET", "drop-style.html": "STYLE_SECRET",
    "drop-nav.html": "NAV_SECRET", "drop-header.html": "HEADER_SECRET",
    "drop-footer.html": "FOOTER_SECRET", "drop-aside.html": "ASIDE_SECRET",
    "drop-figure.html": "FIGCAPTION_SECRET", "drop-form.html": "FORM_SECRET",
    "drop-share-widget.html": "SHARE_SECRET", "drop-related-links.html": "RELATED_SECRET",
}


@pytest.fixture(params=["trafilatura", "fallback"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each case through trafilatura and through our own bs4 rules (its fallback)."""
    if request.param == "fallback":
        monkeypatch.setattr(html, "_trafilatura_lines", lambda data: ([], {}))
    return str(request.param)


def test_every_drop_rule_has_a_fixture() -> None:
    assert {p.name for p in FIXTURES.glob("drop-*.html")} == set(DROPPED)


@pytest.mark.parametrize("name", sorted(DROPPED))
def test_boilerplate_element_dropped_and_article_kept(name: str, path_kind: str) -> None:
    doc = html.clean_html((FIXTURES / name).read_bytes())
    text = "\n".join([doc.title or "", *doc.headings, *doc.paragraphs])
    assert DROPPED[name] not in text
    for p in PARAGRAPHS:
        assert p in doc.body
    assert doc.title == "Clashes resume along the line of contact"


def test_headline_date_author_outlet_from_meta_tags(path_kind: str) -> None:
    doc = html.clean_html((FIXTURES / "keep-meta-date-author.html").read_bytes())
    assert parse_date(doc.html_date) == dt.date(2020, 9, 29)
    assert doc.html_author == "Jane Doe"
    assert doc.html_outlet == "Reuters"


def test_time_element_and_rel_author_byline(path_kind: str) -> None:
    doc = html.clean_html((FIXTURES / "keep-time-byline.html").read_bytes())
    assert parse_date(doc.html_date) == dt.date(2020, 10, 2)
    assert doc.html_author == "John Roe"


def test_html_article_fields_through_the_loader(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes((FIXTURES / "keep-meta-date-author.html").read_bytes())
    a = load_article(page)
    assert (a.outlet, a.date, a.date_source, a.author, a.format) == (
        "Reuters", dt.date(2020, 9, 29), "text", "Jane Doe", "html")
    assert a.title == "Clashes resume along the line of contact"
    assert a.body.startswith(PARAGRAPHS[0])


def test_text_rules_apply_to_html_too(path_kind: str) -> None:
    page = (FIXTURES / "drop-script.html").read_bytes().replace(
        b"</article>", b"<p>READ MORE: A promoted headline about something else</p></article>")
    doc = html.clean_html(page)
    assert "promoted headline" not in doc.body


PAGE = ("<html><head>{meta}<title>Talks</title></head><body><article><h1>Talks</h1>"
        "<p>{para}</p><p>{para}</p></article></body></html>")
PARA = "Erdoğan’s envoy said the “humanitarian ceasefire” in Nagorno-Karabakh would hold – for now."


@pytest.mark.parametrize(("meta", "encoding"), [
    ("", "utf-8"),  # no declaration (saved pages lose the HTTP header): UTF-8 when it decodes
    ('<meta charset="utf-8">', "utf-8"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1254">', "cp1254"),
])
def test_page_text_decoded_by_declaration_or_as_utf8(meta: str, encoding: str) -> None:
    para = PARA if encoding != "cp1254" else PARA.replace("’", "'").replace("“", '"').replace(
        "”", '"').replace("–", "-")
    data = PAGE.format(meta=meta, para=para).encode(encoding)
    assert html.page_encoding(data) == ("utf-8" if not meta else None)
    assert para in html.clean_html(data).body


def test_page_neither_declared_nor_utf8_is_still_read() -> None:
    data = PAGE.format(meta="", para="Caf\xe9 talks in Tbilisi went on.").encode("latin-1")
    assert html.page_encoding(data) is None
    assert "talks in Tbilisi went on" in html.clean_html(data).body


def _meta(page: str) -> dict[str, str | None]:
    return html.read_metadata(html.parse_page(page.encode()))


def _title(head: str, body: str) -> str | None:
    return _meta(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")["title"]


def test_the_headline_is_the_h1_the_page_title_confirms() -> None:
    # a blog's first <h1> is the blog's name, the <title>'s part after the separator
    assert _title("<title>Nebelsuppe am Morgen – Mein Blog</title>",
                  "<h1>Mein Blog</h1><h1>Nebelsuppe am Morgen</h1>") == "Nebelsuppe am Morgen"
    # og:site_name names the site; an <h1> carrying a section before the headline
    assert _title('<meta property="og:site_name" content="Twin Cities">'
                  '<meta property="og:title" content="Mayor elected in St. Louis Park">',
                  "<h1>Twin Cities</h1><h1>Politics | Mayor elected in St. Louis Park</h1>") == \
        "Mayor elected in St. Louis Park"


def test_a_section_or_widget_h1_is_not_the_headline() -> None:
    assert _title('<meta property="og:title" content="The EU deal is not enough to save us">',
                  "<h1>€5</h1><h1>Sections</h1>") == "The EU deal is not enough to save us"
    assert _title("<title>Peace talks resume in Geneva | The Daily</title>", "<h1>Menu</h1>") == \
        "Peace talks resume in Geneva"


def test_the_visible_headline_wins_over_a_differently_worded_og_title() -> None:
    assert _title('<meta property="og:title" content="Boot Tulln 2022 abgesagt">',
                  "<h1>Österreichs Tauchmesse in Tulln abgesagt</h1>") == \
        "Österreichs Tauchmesse in Tulln abgesagt"


def test_metadata_rules_read_from_the_page_tree() -> None:
    """Each rule read_metadata applies, as bs4's searches applied them before."""
    meta = _meta("""<html><head><title>Head line bold | The Outlet</title>
        <meta name="DATE" content="2020-01-02">
        <meta property="article:published_time" content="2020-10-01T08:00">
        <meta name="author" content="  ">
        <meta property="OG:SITE_NAME" content="The Outlet">
        <link rel="alternate canonical" href="https://example.org/story">
        </head><body><h1>Head<script>var x;</script> line <!-- c --><b>bold</b></h1>
        <p>By <a rel="author" href="/jane">Jane Roe</a></p></body></html>""")
    # preference order, not page order; values case-insensitive; a leaf element is found
    assert meta == {"title": "Head line bold", "date": "2020-10-01T08:00",
                    "published": "2020-10-01T08:00", "author": "Jane Roe",
                    "outlet": "The Outlet", "url": "https://example.org/story", "modified": None}
    meta = _meta("""<html><head><title> Tab title </title>
        <script type="application/LD+JSON">{"@graph": [{"author": [{"name": "A One"},
            {"name": "B Two"}], "datePublished": "2021-03-04"}]}</script>
        <meta property="og:url" content="https://example.org/og"></head>
        <body><time>no attribute</time><time datetime="2019-05-06">May</time>
        <span class="post-author">Not used: JSON-LD names the authors</span></body></html>""")
    assert meta == {"title": "Tab title", "date": "2021-03-04", "published": "2021-03-04",
                    "author": "A One, B Two",
                    "outlet": None, "url": "https://example.org/og", "modified": None}
    meta = _meta("""<html><body><time datetime="2019-05-06">May</time>
        <div rel="author edit">not a link: rel is one value</div>
        <span class="post-author"> Sam   Doe </span></body></html>""")
    assert meta == {"title": None, "date": "2019-05-06", "published": "2019-05-06", "author": "Sam Doe",
                    "outlet": None,
                    "url": None, "modified": None}


@pytest.mark.parametrize("page", [b"", b"   ", b"<!-- only a comment -->"])
def test_a_page_without_elements_is_refused(page: bytes) -> None:
    with pytest.raises(ValueError, match="malformed HTML: no elements found"):
        html.clean_html(page)


@pytest.mark.parametrize(("field", "author"), [
    ("By Glen Owen And Brendan Carlin For The Mail On Sunday", "Glen Owen And Brendan Carlin"),
    ("Posted on September 21, 2020 by Adi Tzlil", "Adi Tzlil"),
    ("Emily Burack 8 January 2020, 1:00 pm", "Emily Burack"),
    ("Isabel Caro y José Miguel Wilson hace 13 horas tiempo de lectura: 8 minutos",
     "Isabel Caro y José Miguel Wilson"),
    ("DOTYCZY: Jan Kowalski", "Jan Kowalski"),
    ("Inga Hoeltmann Follow Transformationsbegleiterin", "Inga Hoeltmann"),
    ("Name (erforderlich)", None),
    ("deinen Hochzeitsbloggern", None),  # words, not a name
    ("de la Cruz, Jose", "de la Cruz, Jose"),
    ("damianduchamps", "damianduchamps"),  # a handle is a name
    ("wordpressadmin", None),
    ("https://example.org/author/karoherr/#author", None),
    ("stephan said, on August 3, 2019 at 3:12 pm Vielen Dank", None),
    ("TIM ANDERSON has done many amazing things in his short life, and more of them", None),
])
def test_an_author_field_gives_clean_names_or_none(field: str, author: str | None) -> None:
    assert html.clean_author(field) == author


def test_the_site_name_is_an_author_only_when_nothing_else_is() -> None:
    assert html.clean_author("The Outlet", "The Outlet") is None
    page = """<html><head><meta name="author" content="The Outlet">
        <meta property="og:site_name" content="The Outlet"></head><body><p>x</p></body></html>"""
    assert _meta(page)["author"] == "The Outlet"


def test_a_pages_outlet_is_its_markups_never_a_source_line_in_its_text() -> None:
    from kcsearch.index.extract import extract_outlet
    from kcsearch.index.model import Metadata

    page = """<html><head><meta property="og:site_name" content="BBC News"></head><body>
        <article><p>Cases rose again in the city this week, the figures show.</p>
        <p>Source: CDC, Chicago Department of Public Health</p>
        <p>Officials said the numbers would be revised on Friday.</p></article></body></html>"""
    assert extract_outlet(html.clean_html(page.encode()), Metadata()) == "BBC News"
    bare = page.replace('<meta property="og:site_name" content="BBC News">',
                        '<script type="application/ld+json">{"publisher": {"name": "Reuters"}}'
                        '</script>')
    assert extract_outlet(html.clean_html(bare.encode()), Metadata()) == "Reuters"
    neither = page.replace('<meta property="og:site_name" content="BBC News">', "")
    assert extract_outlet(html.clean_html(neither.encode()), Metadata()) != \
        "CDC, Chicago Department of Public Health"


def test_the_modified_date_is_kept_apart_from_the_published_one() -> None:
    meta = _meta("""<html><head><meta property="article:published_time" content="2020-10-04">
        <meta property="article:modified_time" content="2020-10-05T09:00"></head>
        <body><p>x</p></body></html>""")
    assert (meta["date"], meta["modified"]) == ("2020-10-04", "2020-10-05T09:00")


def _xml(body: str) -> list[str]:
    from lxml import etree

    return html.xml_lines(etree.fromstring(f"<doc><main>{body}</main></doc>"))


def test_text_after_a_heading_is_kept_as_its_own_line() -> None:
    # trafilatura leaves a heading's following text as the <head>'s tail
    assert _xml("<head>Rezension</head>Wir fühlten uns vereint.<p>Next.</p>") == \
        ["## Rezension", "Wir fühlten uns vereint.", "Next."]


def test_a_layout_tables_paragraphs_are_emitted_once() -> None:
    lines = _xml("<table><row><cell><p>First paragraph.</p><p>Second one.</p></cell>"
                 "<cell>A plain cell</cell></row></table>")
    assert lines == ["First paragraph.", "Second one.", "A plain cell"]


def test_inline_markup_and_line_breaks_inside_a_line() -> None:
    assert _xml("<p>Tampa, FL<lb/>June 14: <hi>bold</hi> and <code>next-line</code> here.</p>"
                "<code>x = 1</code>") == \
        ["Tampa, FL June 14: bold and next-line here.", "x = 1"]


def test_an_images_author_in_json_ld_is_not_the_articles() -> None:
    page = """<html><head><script type="application/ld+json">[
        {"@type": "NewsArticle", "headline": "Goats"},
        {"@type": "ImageObject", "author": "Ed Marshall, Redonda Restoration Programme"}]</script>
        </head><body><span class="byline">By Michael Hingston</span><p>x</p></body></html>"""
    assert _meta(page)["author"] == "Michael Hingston"


def test_a_commenters_or_sidebars_byline_is_not_the_articles() -> None:
    comment = """<html><body class="single content-sidebar"><article><p>Text.</p></article>
        <ul class="w-comments-list"><li class="comment"><div class="comment-author">Robert Cline</div>
        </li></ul></body></html>"""
    assert _meta(comment)["author"] is None
    sidebar = """<html><body><aside class="sidebar"><span class="author">Kate May</span></aside>
        <div class="one-sidebar"><span class="byline">von Florina Ionescu</span></div></body></html>"""
    assert _meta(sidebar)["author"] == "Florina Ionescu"  # a layout class word is no sidebar


def test_the_byline_that_names_more_of_the_same_people_wins() -> None:
    page = """<html><head><meta name="author" content="April Roach, Daniel O'Mahony">
        <script type="application/ld+json">{"@type": "NewsArticle", "author": "April Roach"}</script>
        </head><body><p>x</p></body></html>"""
    assert _meta(page)["author"] == "April Roach, Daniel O'Mahony"
    other = page.replace("April Roach, Daniel O'Mahony", "Daniel O'Mahony")
    assert _meta(other)["author"] == "April Roach"  # not more of the same people: the first


@pytest.mark.parametrize(("stamp", "url", "day"), [
    # the page's published stamp, whatever htmldate would guess from the rest of the page
    ("2020-01-19T12:25:36Z", "https://example.org/article/parasite-idUS1", "2020-01-19"),
    # a UTC stamp past midnight: the outlet's own day is the one in its URL
    ("2023-11-09T05:30:59+00:00", "https://example.org/2023/11/08/mayor/", "2023-11-08"),
    # a URL date far from the stamp is another day (an old slug): the stamp stands
    ("2020-02-19T18:37:32+01:00", "https://example.org/2019/02/18/x.html", "2020-02-19"),
    (None, "https://example.org/2020/01/05/story/", "2020-01-05"),
    ("1988", "https://example.org/article/10.1007/s1", None),  # a year is not a day
    (None, None, None),
])
def test_published_date_from_the_stamp_and_the_url(stamp: str | None, url: str | None,
                                                     day: str | None) -> None:
    assert html.published_date(stamp, url) == day


def test_the_published_stamp_wins_over_a_later_date_elsewhere_on_the_page() -> None:
    page = """<html><head><meta name="sailthru.date" content="2020-01-20T09:49:32Z">
        <script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": "2020-01-19T12:25:36Z", "dateModified": "2020-01-20T09:49:32Z"}</script>
        </head><body><article><h1>Parasite scores upset</h1><p>Updated January 20, 2020.</p>
        <p>Parasite won the top prize at the Screen Actors Guild awards on Sunday, a surprise
        that boosts its chances at the Oscars, critics said after the ceremony.</p></article>
        </body></html>"""
    assert parse_date(html.clean_html(page.encode()).html_date) == dt.date(2020, 1, 19)


def test_a_kicker_or_a_date_row_run_into_the_h1_is_not_the_headline() -> None:
    og = '<meta property="og:title" content="Why collaborative thinking beats individual smarts">'
    assert _title(og, "<h1><span>Open Progress</span> Why collaborative thinking beats individual "
                      "smarts</h1>") == "Why collaborative thinking beats individual smarts"
    og = '<meta property="og:title" content="Zuschauerrückkehr bei den Proficlubs der Region">'
    assert _title(og, "<h1>Zuschauerrückkehr bei den Proficlubs der Region <small>02.02.2022 • "
                      "Presse</small></h1>") == "Zuschauerrückkehr bei den Proficlubs der Region"
    # a kicker joined by a colon is the headline's own
    og = '<meta property="og:title" content="Marita Kramer verpasst Olympische Spiele">'
    assert _title(og, '<h1>"Pure Leere": Marita Kramer verpasst Olympische Spiele</h1>') == \
        '"Pure Leere": Marita Kramer verpasst Olympische Spiele'


def test_an_og_title_cut_at_an_unescaped_quote_gives_way_to_the_page_title() -> None:
    head = ('<title>Senador califica a Biden de "incapacitado"</title>'
            '<meta property="og:title" content="Senador califica a Biden de "incapacitado"">')
    assert _title(head, "") == 'Senador califica a Biden de "incapacitado"'
    head = ('<title>Peace talks resume | The Daily</title>'
            '<meta property="og:title" content="Peace talks resume">')
    assert _title(head, "") == "Peace talks resume"


def test_a_microdata_author_wins_over_an_institutions_author_tag() -> None:
    page = """<html><head><meta name="author" content="Bayerische Landesanstalt für Wald"></head>
        <body><article><p>Text.</p><p>Von <span itemprop="author">Joachim  Hamberger</span></p>
        </article></body></html>"""
    assert _meta(page)["author"] == "Joachim Hamberger"


def test_an_h1_in_the_footer_is_the_sites_tag_line_not_the_headline() -> None:
    head = ('<meta property="og:site_name" content="DiEM25"><meta property="og:title" '
            'content="The Green Deal is not enough to save us - DiEM25">')
    assert _title(head, "<h1>€5</h1><h2>The Green Deal is not enough to save us</h2>"
                        "<footer><h1>Democracy in Europe Movement 2025</h1></footer>") == \
        "The Green Deal is not enough to save us"


@pytest.mark.parametrize(("body", "author"), [
    ('<div><span>By</span><span><a href="/team/alex">Alex Bozarjian</a></span></div>', "Alex Bozarjian"),
    ("<address>By Tim Anderson</address>", "Tim Anderson"),
    ("<p>Von Henry Steinhau und Jana Roe</p>", "Henry Steinhau und Jana Roe"),
    ("<p>Navigation <a>par thème</a></p>", None),  # a lowercase word is no name
    ("<p>By the time the talks resumed, shelling had stopped.</p>", None),  # a sentence
    ('<aside class="related"><p>By Other Writer</p></aside>', None),
])
def test_a_visible_by_line_is_the_author_when_the_markup_names_none(body: str,
                                                                     author: str | None) -> None:
    assert _meta(f"<html><body><h1>Headline here</h1>{body}<p>Text.</p></body></html>")["author"] == author


def test_a_named_byline_beats_the_site_name_in_the_author_tag() -> None:
    page = """<html><head><meta name="author" content="Jobs &amp; Hire">
        <meta property="og:site_name" content="Jobs &amp; Hire"></head>
        <body><div>By Jose de la Cruz</div><p>Text.</p></body></html>"""
    assert _meta(page)["author"] == "Jose de la Cruz"


def test_the_articles_time_element_is_its_date_not_an_updates_or_a_sidebars() -> None:
    page = """<html><head><meta name="date" content="2022-01-21T15:38:44+01:00"></head><body>
        <aside class="sidebar"><time datetime="2021-05-05">older post</time></aside>
        <p class="updated">Updated <time datetime="2022-02-01">1.2.2022</time></p>
        <article><time datetime="2022-01-27">27.01.2022</time><p>Text.</p></article>
        </body></html>"""
    assert _meta(page)["published"] == "2022-01-27"


def test_a_pages_title_is_stored_in_one_unicode_form() -> None:
    # U+09DC is excluded from composition: NFC writes it as U+09A1 U+09BC, as typed text has it
    page = "<html><head><title>বা\u09dcির সামনেই</title></head><body><p>Text.</p></body></html>"
    assert html.clean_html(page.encode()).title == "বা\u09a1\u09bcির সামনেই"


def test_a_site_name_glued_to_a_chinese_title_is_not_the_headline() -> None:
    assert _title("<title>武汉的声音：有英勇的你！-新华网</title>", "") == "武汉的声音：有英勇的你！"
    assert _title("<title>Kraftwerk-Gruppe</title>", "") == "Kraftwerk-Gruppe"  # no CJK: a word


def test_a_blogs_name_as_h1_and_as_the_end_of_the_title_is_not_the_headline() -> None:
    assert _title("<title>Enchufla Figuren - Salsa-Figuren - Rueda in Berlin</title>",
                  "<h1>Salsa-Figuren - Rueda in Berlin</h1>") == "Enchufla Figuren"
    # with the blog's name gone, the <h2> the <title> starts with is the headline
    assert _title("<title>Die Events der letzten Zeit :: Neuigkeiten</title>",
                  "<h1>Neuigkeiten</h1><h2>Menu</h2><h2>Die Events der letzten Zeit</h2>") == \
        "Die Events der letzten Zeit"
    # a kicker and a spaced colon lead into the headline: the <h1> after it is no site name
    assert _title("<title>Pétition : Non à la mutilation du choeur</title>",
                  "<h1>Non à la mutilation du choeur</h1><h1>Connexion</h1>") == \
        "Non à la mutilation du choeur"


def test_with_no_h1_the_titles_part_shown_as_a_heading_is_the_headline() -> None:
    assert _title("<title>Gregory Szorc's Digital Home | Mercurial's Journey to Python 3</title>",
                  "<h2>Gregory Szorc's Digital Home</h2><h2>Mercurial's Journey to Python 3</h2>") \
        == "Mercurial's Journey to Python 3"


def test_every_name_the_page_gives_itself_is_a_site_name_not_a_headline() -> None:
    head = ('<meta property="og:site_name" content="The WordPress.com Blog">'
            '<meta name="application-name" content="WordPress.com">'
            '<meta property="og:title" content="Want a More Diverse Contributor Community?">')
    assert _title(head, "<h1>WordPress.com</h1>") == "Want a More Diverse Contributor Community?"


def test_the_outlet_is_the_name_that_names_the_site_the_page_is_served_from() -> None:
    assert html.pick_outlet(["U.S.", "Reuters"], "https://www.reuters.com/article/x") == "Reuters"
    assert html.pick_outlet(["BBC News", "BBC"], "https://www.bbc.com/news/x") == "BBC News"
    assert html.pick_outlet(["Some Site", None], "https://example.org/x") == "Some Site"
    assert html.pick_outlet([None, None], None) is None


def test_an_unknown_sites_outlet_is_its_host_not_a_handle() -> None:
    from kcsearch.index.extract import extract_outlet, site_host
    from kcsearch.index.model import Metadata

    page = """<html><head><link rel="canonical" href="https://www.timesofisrael.com/story/">
        <meta name="twitter:site" content="@Timesofisrael"></head>
        <body><article><p>Washington state swore in its first Native American Jewish justice on
        Monday, officials said after the ceremony in Olympia.</p></article></body></html>"""
    assert extract_outlet(html.clean_html(page.encode()), Metadata()) == "timesofisrael.com"
    assert site_host("https://user@www.example.org:8080/x") == "example.org"
    assert site_host("not a url") is None


def test_a_headline_in_application_name_is_no_outlet() -> None:
    from kcsearch.index.extract import extract_outlet
    from kcsearch.index.model import Metadata

    page = """<html><head><title>UK student halls too full to be safe, experts warn</title>
        <meta name="application-name" content="UK student halls too full to be safe, experts wa">
        <link rel="canonical" href="https://www.theguardian.com/education/2020/oct/02/halls">
        </head><body><article><h1>UK student halls too full to be safe, experts warn</h1>
        <p>Universities are packing students into halls, experts said on Friday, warning of
        outbreaks as term begins across the country.</p></article></body></html>"""
    doc = html.clean_html(page.encode())
    assert doc.title == "UK student halls too full to be safe, experts warn"
    assert extract_outlet(doc, Metadata()) == "The Guardian"  # the syndicated story's own address
