"""Pages of kinds and languages the earlier rules did not know: a labelled title, authors with
their affiliations, Greek genitive bylines, a show's name beside its date, a profile card
copied from a social platform, Persian joiners, Japanese prose and the language files added
for Polish, Czech, Hungarian, Romanian, Ukrainian, Vietnamese, Indonesian, Hebrew and Persian.

Every page here is invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flows.clean.decode import drop_controls
from flows.clean.pipeline import process_file
from flows.model import RawFile
from tests.clean.test_metadata import STORY


def document(config: Any, text: str, name: str = "page.md") -> dict[str, Any]:
    result = process_file(RawFile(name, text.encode("utf-8")), config)
    assert result.documents, result.rejections
    return min(result.documents, key=lambda d: d["part"])


# --------------------------------------------------------------------------- a labelled title


def test_a_heading_that_says_it_is_the_title_beats_a_subject_heading_above_it(config: Any) -> None:
    text = ("# Earth Sciences > Coastal Processes\n\n**Record 4411** (coast)\n\n"
            "# Title:Tidal Flushing of Small Harbour Basins\n\n" + STORY)
    assert document(config, text)["title"] == "Tidal Flushing of Small Harbour Basins"


def test_a_review_fact_box_title_is_not_the_headline(config: Any) -> None:
    """A 'Title:' field in a fact box under the review's own heading names the book, not the page."""
    text = ("# A Patient Book About Harbours\n\nTitle: The Quiet Quay\n\nAuthor: Ann Poe\n\nPages: 312\n\n"
            "ISBN: 978-0-00-000000-0\n\n" + STORY)
    assert document(config, text)["title"] == "A Patient Book About Harbours"


def test_authors_each_with_an_affiliation_in_brackets(config: Any) -> None:
    text = ("# Tidal Flushing of Small Harbour Basins\n\nAuthors: Jane Roe (University of Bayport), "
            "John Doe (Harbour Institute), Ann Poe (University of Bayport)\n\n" + STORY)
    assert document(config, text)["authors"] == ["Jane Roe", "John Doe", "Ann Poe"]


def test_a_news_id_or_a_date_field_is_no_headline(config: Any) -> None:
    text = ("Harbour Courier\n\nNews ID: 482913\n\nPublished: 5 March 2024\n\n"
            "Harbour committee backs the slip repair\n\n" + STORY)
    doc = document(config, text, "page.txt")
    assert doc["title"] == "Harbour committee backs the slip repair"
    assert doc["date_published"] == dt.date(2024, 3, 5)


def test_a_row_of_interface_words_is_no_headline(config: Any) -> None:
    """A login row over the date line ('Войти | Регистрация'), not the headline under it."""
    text = ("Вологодский курьер\n\nВойти | Регистрация\n\n15 сентября 2025, 12:40\n\n"
            "В порту отремонтируют старый причал для паромов\n\nТекст: Ирина Белова\n\n" + STORY)
    assert document(config, text, "page.txt")["title"] == "В порту отремонтируют старый причал для паромов"


# --------------------------------------------------------------------------- bylines


@pytest.mark.parametrize(("byline", "authors"), [
    ("Του Γιώργου Αλεξανδράκη", ["Γιώργος Αλεξανδράκης"]),
    ("Του Νίκου Παπαδόπουλου", ["Νίκος Παπαδόπουλου"]),  # a surname in -ου keeps its form (it may be "Δημητρίου")
    ("Του Γιάννη Δημητρίου", ["Γιάννης Δημητρίου"]),
    ("Της Μαρίας Κωστοπούλου", ["Μαρία Κωστοπούλου"]),  # a woman's surname keeps its form
    ("Της Ελένης Ραφαηλίδου", ["Ελένη Ραφαηλίδου"]),
])
def test_a_greek_byline_in_the_genitive_gives_the_name_in_its_own_form(config: Any, byline: str,
                                                                      authors: list[str]) -> None:
    text = f"# Νέα γέφυρα στο λιμάνι της πόλης\n\n{byline}\n\n12 Μαρτίου 2025\n\n{STORY}"
    assert document(config, text)["authors"] == authors


def test_a_shows_name_beside_its_date_is_no_author(config: Any) -> None:
    text = "# 142: Why Harbours Silt Up\n\n**The Harbour Hour** · March 10, 2025 · 48 min\n\n" + STORY
    doc = document(config, text)
    assert doc["authors"] == []
    assert doc["date_published"] == dt.date(2025, 3, 10)


def test_a_person_beside_the_date_still_is_the_author(config: Any) -> None:
    text = "# Why Harbours Silt Up\n\n**Jane Roe** · March 10, 2025 · 6 min read\n\n" + STORY
    assert document(config, text)["authors"] == ["Jane Roe"]


def test_a_profile_card_copied_from_a_platform(config: Any) -> None:
    """The name twice (the picture's label and the link), the tagline, the date: the name is the
    author and the tagline no headline."""
    text = ("Home\nJobs\nMessaging\n\nWhat three winters of tidal flushing taught our harbour crew\n"
            "Jane Roe\nJane Roe\nHarbour Master at Bayport Port Authority | Dredging, tides & people\n"
            "Published Mar 11, 2025\n+ Follow\n" + STORY.replace("\n\n", "\n"))
    doc = document(config, text, "post.txt")
    assert doc["title"] == "What three winters of tidal flushing taught our harbour crew"
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2025, 3, 11)
    assert "Harbour Master at Bayport" not in doc["body"]


def test_a_name_repeated_without_a_date_under_it_is_no_byline(config: Any) -> None:
    """A menu item over a heading of the same words ('Harbour Tours' / 'Harbour Tours') names nobody."""
    text = "Harbour Tours\nHarbour Tours\nBoat trips around the bay\n\n" + STORY
    assert document(config, text, "page.txt")["authors"] == []


def test_only_the_author_links_text_names_the_author(config: Any) -> None:
    """'All posts · E-mail': the link to the author's page says no name, the mail link is none."""
    text = ("# Harbour Committee Backs Slip Repair\n\n[All posts by this author](/authors/jane-roe) · "
            "[E-mail](mailto:jane@example.org)\n\n" + STORY)
    assert document(config, text)["authors"] == []


def test_a_place_after_the_name_is_no_second_author(config: Any) -> None:
    text = "# Cozinha comunitária serve 600 refeições\n\nPor Camila Ferraz, de São Paulo\n\n02/09/2025\n\n" + STORY
    assert document(config, text)["authors"] == ["Camila Ferraz"]


@pytest.mark.parametrize(("header", "authors"), [
    ("Penulis: Sari Wulandari", ["Sari Wulandari"]),  # Indonesian
    ("Opublikował: Marek Nowicki", ["Marek Nowicki"]),  # Polish
    ("Autor: Jana Nováková", ["Jana Nováková"]),  # Czech
    ("Írta: Kovács Anna", ["Kovács Anna"]),  # Hungarian
    ("Autor: Andrei Mureșan", ["Andrei Mureșan"]),  # Romanian
    ("Автор: Олена Гриценко", ["Олена Гриценко"]),  # Ukrainian
    ("Tác giả: Minh Châu", ["Minh Châu"]),  # Vietnamese
])
def test_byline_labels_of_the_new_language_files(config: Any, header: str, authors: list[str]) -> None:
    text = f"# Harbour Committee Backs Slip Repair\n\n{header}\n\n{STORY}"
    assert document(config, text)["authors"] == authors


# --------------------------------------------------------------------------- text


def test_persian_joiners_are_spelling_and_stay() -> None:
    """The zero-width non-joiner is part of Persian spelling ("می‌کند"); in a Latin word it is a
    converter's stray and goes, as does one at a word's edge."""
    assert drop_controls("می\u200cکند رنگ\u200cهای") == "می\u200cکند رنگ\u200cهای"
    assert drop_controls("harbour\u200cwall \u200cquay") == "harbourwall quay"
    assert drop_controls("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # an emoji sequence


def test_a_persian_page_keeps_its_joiners(config: Any) -> None:
    sentence = "تعاونی فرش رنگرزی گیاهی را از سر می\u200cگیرد و بافندگان از آن استقبال می\u200cکنند. "
    text = "# بافندگان به رنگ\u200cهای گیاهی بازمی\u200cگردند\n\n" + sentence * 12
    doc = document(config, text)
    assert "\u200c" in doc["title"]
    assert "می\u200cگیرد" in doc["body"]


JAPANESE = """信州ローカルニュース

トップ 地域 経済 くらし スポーツ 動画

ホーム ＞ 地域 ＞ 港町

港の古い倉庫が図書館に 住民らが改修

2025年10月6日 15時20分

記者：山本健太

港町の海沿いにある古い倉庫で、地域の図書館が開館した。戦前に建てられた倉庫を活用しようと、住民や地元の建築家ら8人が協議会をつくり、三年かけて改修を進めてきた。

倉庫の天井には太いはりが残され、壁には漁具を掛けていたくぎの跡がそのまま見える。閲覧席は海側の窓に沿って並び、晴れた日には沖を行く漁船を眺めながら本を読むことができる。

協議会の代表を務める元漁師の佐藤誠さん（71）は、若いころこの倉庫で網を繕っていた。「ここに子どもたちの声が響く日が来るとは思わなかった」と話す。

改修の費用は寄付と町の補助金でまかなった。冬の寒さ対策が課題で、協議会は断熱材を追加する工事を来年の春までに終えたいとしている。

図書館には地元の漁業の歴史を伝える資料室も設けられた。古い写真や漁の道具が展示され、毎週末には元漁師による解説もある。

関連記事
・港の朝市、来月から毎週開催に
・漁協が新しい冷凍施設を導入

会社概要 ｜ お問い合わせ ｜ 個人情報の取り扱い
"""


def test_japanese_prose_is_the_article_and_the_breadcrumb_no_headline(config: Any) -> None:
    """A text without spaces between words: its paragraphs are prose to the content model (words
    counted per character, full-width sentence ends), and a trail parted by '＞' is a breadcrumb."""
    doc = document(config, JAPANESE, "news.txt")
    assert doc["title"] == "港の古い倉庫が図書館に 住民らが改修"
    for sentence in ("三年かけて改修を進めてきた", "閲覧席は海側の窓に沿って並び", "断熱材を追加する工事", "元漁師による解説もある"):
        assert sentence in doc["body"]
    assert "会社概要" not in doc["body"]


def test_a_notes_property_table_is_the_pages_own_fields(config: Any) -> None:
    """'Created', 'Status', 'Slug' are a note's own fields, not another item's fact box: its
    'Author' and 'Published' are read, and none of the fields stays in the body."""
    text = ("# Why the harbour crew stopped dredging by hand\n\nCreated: February 11, 2025 3:42 PM\n"
            "Author: Jane Roe\nTags: harbour, dredging\nStatus: Published\nPublished: April 8, 2025\n"
            "Last edited time: April 9, 2025 10:05 AM\nSlug: stopped-dredging-by-hand\n\n" + STORY)
    doc = document(config, text)
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2025, 4, 8)
    for field in ("Created:", "Status:", "Slug:", "Last edited time:"):
        assert field not in doc["body"]



GDOC = ("<html><head><meta content='text/html; charset=UTF-8' http-equiv='content-type'></head>"
        "<body class='c9 doc-content'><p class='c2 title'><span class='c5'>Harbour Committee Backs Slip Repair</span></p>"
        "<p class='c2'><span class='c1'>By Jane Roe | 5 March 2024</span></p>"
        + "".join(f"<p class='c2'><span class='c1'>{para}</span>"
                  + ("<sup><a href='#cmnt1' id='cmnt_ref1'>[a]</a></sup><span class='c1'> The slip stays shut.</span>"
                     if n == 0 else "") + "</p>"
                  for n, para in enumerate(STORY.split("\n\n")))
        + "<div class='c4'><p class='c2'><a href='#cmnt_ref1' id='cmnt1'>[a]</a><span class='c1'>Tom: is the date "
          "right? Ask the harbour master.</span></p><p class='c2'><span class='c1'>_Assigned to Jane Roe_</span></p>"
          "</div></body></html>")


def test_a_google_docs_export_loses_its_review_comments(config: Any) -> None:
    """The comment's mark in the text and the comment box at the end go (html-boilerplate's
    editor_notes); the paragraph that held the mark is text, and the audit says so."""
    result = process_file(RawFile("draft.html", GDOC.encode("utf-8")), config)
    [doc] = result.documents
    assert "is the date right" not in doc["body"] and "Assigned to" not in doc["body"]
    assert "[a]" not in doc["body"]
    assert "closed to boats since the winter storms" in doc["body"] and "The slip stays shut." in doc["body"]
    removed = [r["text"] for r in doc["removed"] if r["rule"] == "html-boilerplate"]
    assert any("is the date right" in text for text in removed)
    assert not any("closed to boats" in text for text in removed)  # kept text is never listed as removed


def test_a_paragraph_the_extractor_kept_without_its_inline_mark_is_not_listed_as_removed(config: Any) -> None:
    """The audit of an HTML page lists what left the text; a paragraph whose inline mark the
    extractor dropped ('[7]' in a <sup>) is still the text's, most of its words in order."""
    paragraphs = STORY.split("\n\n")
    marked = paragraphs[0].replace(", which has", "<sup><a href='#note7' id='ref7'>[7]</a></sup>, which has")
    page = ("<html><head><title>Harbour Committee Backs Slip Repair</title></head><body><article>"
            "<h1>Harbour Committee Backs Slip Repair</h1>"
            + "".join(f"<p>{p}</p>" for p in [marked, *paragraphs[1:]]) + "</article></body></html>")
    [doc] = process_file(RawFile("page.html", page.encode("utf-8")), config).documents
    assert "closed to boats since the winter storms" in doc["body"]
    assert not any("closed to boats" in r["text"] for r in doc["removed"] if r["rule"] == "html-boilerplate")


def test_a_code_span_keeps_its_underscores_and_stars(config: Any) -> None:
    """Emphasis marks inside an inline code span are literal ('`_is_valid_ring()`')."""
    text = "# Harbour Committee Backs Slip Repair\n\n" + STORY + "\nCall `_is_valid_ring()` and `a*b*c` first, then _save_.\n"
    body = document(config, text)["body"]
    assert "`_is_valid_ring()`" in body and "`a*b*c`" in body and "then save." in body


def test_a_cjk_dateline_names_its_author_after_its_source(config: Any) -> None:
    """'2025年04月18日 09:31　来源：…　作者：…': a field with a full-width colon starts after a space."""
    text = ("首页 | 新闻 | 财经 | 科技 | 体育 | 娱乐 | 汽车\n\n港口旧仓库改建为社区图书馆 居民参与三年改造\n\n"
            "2025年04月18日 09:31\u3000来源：海港晨报\u3000作者：许文涛\n\n"
            + "港口附近的一座旧仓库近日改建为社区图书馆，居民和建筑师花了三年时间完成改造。\n\n" * 6)
    doc = document(config, text, "news.txt")
    assert doc["title"] == "港口旧仓库改建为社区图书馆 居民参与三年改造"  # the menu row is no page title
    assert doc["authors"] == ["许文涛"]
    assert doc["date_published"] == dt.date(2025, 4, 18)


THAI = """ข่าวเหนือวันนี้ | NorthNews Today
หน้าแรก
ข่าวภูมิภาค
เศรษฐกิจ
การเมือง
กีฬา
หน้าแรก > ข่าวภูมิภาค > เชียงราย
ชาวประมงท่าเรือเก่าซ่อมทางลาดลงเรือ เสร็จก่อนฤดูท่องเที่ยว
คณะกรรมการท่าเรือตกลงซ่อมทางลาดที่เสียหายจากพายุฤดูหนาว และขอให้จังหวัดช่วยค่าใช้จ่าย
โดย ศิริพร แก้วมณี
""" + "".join(f"คณะกรรมการท่าเรือประชุมกันเมื่อคืนวันอังคารเพื่อตัดสินอนาคตของทางลาดลงเรือเก่า "
              f"ซึ่งปิดไม่ให้เรือใช้มาตั้งแต่พายุฤดูหนาวทำให้บันไดด้านล่างเสียหาย ย่อหน้าที่ {n}\n" for n in range(6))


def test_a_thai_page_its_menu_headline_deck_and_byline(config: Any) -> None:
    """Thai has neither capitals nor spaces between words: its menu is a menu (words as a reader
    counts them, caseless letters as capitals), its headline over the deck is no paragraph,
    and 'โดย' (by) names the author."""
    doc = document(config, THAI, "news.txt")
    assert doc["title"] == "ชาวประมงท่าเรือเก่าซ่อมทางลาดลงเรือ เสร็จก่อนฤดูท่องเที่ยว"
    assert doc["authors"] == ["ศิริพร แก้วมณี"]
    assert "เศรษฐกิจ" not in doc["body"]


@pytest.mark.parametrize(("byline", "author", "day"), [
    ("Submitted by Jane Roe on Tue, 03/05/2024 - 14:32", "Jane Roe", dt.date(2024, 3, 5)),  # Drupal's default
    ("*Posted noong June 2, 2024 ni Jasmine Dela Cruz*", "Jasmine Dela Cruz", dt.date(2024, 6, 2)),  # Tagalog's 'ni'
])
def test_a_posted_line_names_its_author_after_the_date(config: Any, byline: str, author: str, day: dt.date) -> None:
    doc = document(config, f"# Harbour Committee Backs Slip Repair\n\n{byline}\n\n{STORY}")
    assert doc["authors"] == [author]
    assert doc["date_published"] == day


@pytest.mark.parametrize(("text", "estimate"), [
    ("Harbour wall repairs", 3),  # spaced text: its tokens, as count_words
    ("港の古い倉庫が図書館に", 6),  # Chinese and Japanese: about two characters a word
    ("ชาวประมงท่าเรือเก่า", 4),  # Thai: about four
    ("SQLite 替换 Redis", 3),
])
def test_estimated_words_count_as_a_reader_would(text: str, estimate: int) -> None:
    from flows.clean.wordcount import count_words, estimated_words
    assert estimated_words(text) == estimate
    assert estimated_words(text) <= count_words(text)


def test_a_name_after_the_posts_category_and_date(config: Any) -> None:
    """'[Category](/category/…) · 2024. 12. 8. 21:14 · nickname': a blog's meta line."""
    text = ("# 항구의 낡은 창고가 도서관으로\n\n[여행/국내](https://blog.example/category/travel) · 2024. 12. 8. 21:14 · 구름산책\n\n"
            + STORY)
    doc = document(config, text)
    assert doc["authors"] == ["구름산책"]
    assert doc["date_published"] == dt.date(2024, 12, 8)


@pytest.mark.parametrize("heading", ["### About the author", "### عن الكاتبة", "**À propos de l’auteur**"])
def test_the_paragraph_under_an_about_the_author_heading_is_the_bio(config: Any, heading: str) -> None:
    bio = ("Jane Roe writes about harbours, ferries and the people who keep them running, and has covered "
           "the coast for the Bay Courier since 2011.")
    text = (f"# Harbour Committee Backs Slip Repair\n\nBy Jane Roe\n\n{STORY}\n{heading}\n\n{bio}\n\n"
            "### Related\n\n* [Ferry timetable changes](/ferry)\n* [New pier lights](/lights)\n")
    doc = document(config, text)
    assert doc["author_bio"] == bio
    assert "has covered the coast" not in doc["body"]



def test_a_word_web_page_gives_its_title_style(config: Any) -> None:
    """Word's "Save as Web Page": the Title paragraph is the headline, whatever the file's title
    property put in <title>."""
    paragraphs = "".join(f"<p class=MsoNormal>{p}</p>" for p in STORY.split("\n\n"))
    page = ("<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><title>Harbour</title></head><body>"
            "<div class=WordSection1><p class=MsoTitle>Harbour Committee Backs Slip Repair</p>"
            "<p class=MsoSubtitle>The old ferry slip reopens before the summer season</p>"
            f"<p class=MsoNormal>By Jane Roe</p>{paragraphs}</div></body></html>")
    [doc] = process_file(RawFile("slip.htm", page.encode("utf-8")), config).documents
    assert doc["title"] == "Harbour Committee Backs Slip Repair"


def test_a_menu_copied_as_one_line_of_words_is_no_headline(config: Any) -> None:
    """Seven capitalised words or more, none a stop word of the page's language: a menu's links."""
    text = ("El Diari del Port\n\nInici Comarques Societat Economia Esports Cultura Opinió Hemeroteca\n\n"
            "L'Ajuntament obrirà tres refugis climàtics nous abans de l'estiu\n\n"
            + "L'Ajuntament ha anunciat que obrirà tres refugis climàtics nous abans de l'estiu, a les biblioteques "
              "i als casals del barri, perquè la gent gran pugui passar-hi les hores de més calor.\n\n" * 5)
    assert document(config, text, "news.txt")["title"] == "L'Ajuntament obrirà tres refugis climàtics nous abans de l'estiu"


def test_a_byline_with_its_date_run_on_after_the_name(config: Any) -> None:
    """'By Jane Roe March 2, 2024 5 min read' (a clipped page's spans run together): the comma
    parts the date, not the name from it."""
    doc = document(config, f"# Harbour Committee Backs Slip Repair\n\nBy Jane Roe March 2, 2024 5 min read\n\n{STORY}")
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 3, 2)


# --------------------------------------------------------------------------- batteries 7 and 10, once more


@pytest.mark.parametrize("line", ["Posted on 5 March 2024 | Author: Jane Roe",
                                  "Data publikacji: 05.03.2024 12:15 | Autor: Jan Nowak"])
def test_the_fields_after_a_posted_date_are_read_too(config: Any, line: str) -> None:
    """A byline word that gives the date ('Posted on', 'Data publikacji') and, after a bar, a
    labelled author: the author is read from the same line."""
    doc = document(config, f"# Harbour committee backs the slip repair\n\n{line}\n\n{STORY}")
    assert doc["date_published"] == dt.date(2024, 3, 5)
    assert doc["authors"] == [line.rsplit(": ", 1)[1]]


def test_a_line_of_capitalised_words_with_a_comma_is_a_headline_not_a_menu(config: Any) -> None:
    """A one-line menu holds no sentence punctuation; a headline of seven capitalised words
    with no stop word ('Harbour Trustees Approve Ferries, Riders Cheer Decision, Gulls') is one."""
    from flows.clean.metadata import _word_menu
    from flows.model import Line
    kept = [Line(i, text) for i, text in enumerate(STORY.split("\n"))]
    assert _word_menu("Harbour Trustees Approve Ferries, Riders Cheer Decision, Gulls", kept) is False
    assert _word_menu("Harbour Trustees Approve Ferries Riders Cheer Decision Gulls", kept) is True  # no comma


def test_a_word_of_a_script_of_india_keeps_its_vowel_signs_when_stop_words_are_looked_up() -> None:
    from flows.clean.metadata import _WORD_TOKEN
    assert _WORD_TOKEN.findall("নদীর পাড়ে নতুন হাট, क़िले में मेला") == ["নদীর", "পাড়ে", "নতুন", "হাট", "क़िले", "में", "मेला"]


@pytest.mark.parametrize("buttons", ["Share Tweet", "Pin Email", "টুইটারে শেয়ার করুন"])
def test_a_row_of_share_buttons_beside_the_date_names_nobody(config: Any, buttons: str) -> None:
    """Two capitalised words beside the date line look like a bare name; a line the share-row
    rule removed (`button_rules` in metadata.toml) is none, in a script without capitals too."""
    text = f"Harbour Courier\n\nHarbour committee backs the slip repair\n\n5 March 2024\n\n{buttons}\n\n{STORY}"
    doc = document(config, text, "page.txt")
    assert doc["authors"] == []
    assert doc["date_published"] == dt.date(2024, 3, 5)


@pytest.mark.parametrize("button", ["Ask Question", "Ask a Question", "Improve This Answer"])
def test_a_question_and_answer_sites_buttons_are_no_names(config: Any, button: str) -> None:
    from flows.clean.metadata import compile_metadata, looks_like_name
    assert looks_like_name("Jane Roe", compile_metadata(config.metadata))
    assert not looks_like_name(button, compile_metadata(config.metadata))


@pytest.mark.parametrize("under", ["Jane Roe\nBayport | Tuesday, 14 May 2024, 07:45 h", "Jane Roe\nTuesday, 14 May 2024"])
def test_the_day_over_the_headline_yields_to_the_dateline_under_it(config: Any, under: str) -> None:
    """Today's date in a site's header ('Thursday, 16 May 2024' under the masthead) is read as
    the lines over the headline are: the article's own day under the headline beats it."""
    text = f"Harbour Courier\nThursday, 16 May 2024\n\nHarbour committee backs the slip repair\n\n{under}\n\n{STORY}"
    doc = document(config, text, "page.txt")
    assert doc["title"] == "Harbour committee backs the slip repair"
    assert doc["authors"] == ["Jane Roe"]
    assert doc["date_published"] == dt.date(2024, 5, 14)


def test_a_kicker_over_headline_and_deck_in_a_text_set_without_blank_lines(config: Any) -> None:
    """Text copied from a page with no blank line anywhere: a one-word kicker ('Harbour') over
    the headline and its deck still marks where the article's block opens."""
    prose = "\n".join(paragraph for paragraph in STORY.split("\n") if paragraph.strip())
    text = ("Bayport Courier\nHome | News | Harbour | Sport | Opinion\nSubscribe for one euro a week\nHarbour\n"
            "Trustees approve a new slip for the old ferry landing\n"
            "The repair will cost less than a new pier and can be finished before the summer\n"
            f"By Jane Roe\nPublished 3 April 2025\n{prose}\n")
    doc = document(config, text, "page.txt")
    assert doc["title"] == "Trustees approve a new slip for the old ferry landing"
    assert doc["authors"] == ["Jane Roe"]


def test_a_name_over_a_place_and_date_line_anchors_the_headline_over_its_deck(config: Any) -> None:
    """'Jane Roe' over 'Bayport | Tuesday, 14 May 2024, 07:45 h' (a dateline with its place)
    is a byline as a name over a bare date is: of the two title-like lines over it, the
    first is the headline and the longer second its deck."""
    deck = "The trustees will repair the old ferry slip before the summer season, after a long delay over its cost"
    text = (f"Harbour Courier\n\nHarbour committee backs the slip repair\n\n{deck}\n\n"
            f"Jane Roe\nBayport | Tuesday, 14 May 2024, 07:45 h\n\n{STORY}")
    doc = document(config, text, "page.txt")
    assert doc["title"] == "Harbour committee backs the slip repair"
    assert doc["date_published"] == dt.date(2024, 5, 14)


@pytest.mark.parametrize("credit", ["Staff Reporter, Bayport", "Staff Reporter", "নিজস্ব প্রতিবেদক, বেপোর্ট"])
def test_a_desks_credit_line_is_a_byline_naming_nobody(config: Any, credit: str) -> None:
    """A reporter's title with no name under the deck ('Staff Reporter, Bayport'; Bengali's
    'own correspondent'): a byline line, so the headline over the deck is the title, and no
    author. ('By Staff Writer', the site's own byline, is read as written.)"""
    prose = "\n".join(paragraph for paragraph in STORY.split("\n") if paragraph.strip())
    text = ("Bayport Courier\nHome\nNews\nSport\nHarbour trustees approve a new slip for the old ferry landing\n"
            f"The repair will cost less than a new pier, the treasurer said on Monday\n{credit}\n"
            f"Published: 9 February 2025, 10:30\n{prose}\n")
    doc = document(config, text, "page.txt")
    assert doc["title"] == "Harbour trustees approve a new slip for the old ferry landing"
    assert doc["subtitle"] == "The repair will cost less than a new pier, the treasurer said on Monday"
    assert doc["authors"] == []
