"""Accent restoration on the real seed report: folded sentences and paraphrases come back accented,
what the user typed is kept, incremental counts equal a rebuild, letters never change."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.text import fold, normalize
from kb import terms
from kb.accents import MemoryCounts, count, restore

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "corpus" / "000_3c1979836d8bfaf1.txt").read_text(encoding="utf-8")
OTHER = (ROOT / "tests" / "data" / "ocr-1360-p1.txt").read_text(encoding="utf-8")  # a real decision, OCRed


@pytest.fixture(scope="module")
def seed() -> MemoryCounts:
    counts = MemoryCounts()
    counts.add(SEED)
    return counts


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text).lower())


def test_counts_are_syllables_and_pairs_within_a_clause():
    syllables, pairs = count("Hội nghị, Tổng kết nhiệm kỳ 2015-2018 (Hóa)")
    assert syllables == {"hội": 1, "nghị": 1, "tổng": 1, "kết": 1, "nhiệm": 1, "kỳ": 1, "0": 2, "hóa": 1}
    assert ("nghị", "tổng") not in pairs and ("0", "0") not in pairs  # no pair across punctuation
    assert pairs[("hội", "nghị")] == pairs[("kỳ", "0")] == 1  # a number is the one syllable "0"


def test_pairs_are_the_lexical_index_pairs():
    """The same notion of clause as kb.terms: every pair counted is a pair the index has."""
    _, pairs = count(SEED)
    indexed = {tuple(t.split("_")) for t in terms.tokens(SEED)[0].split() if "_" in t}
    letter_pairs = {p for p in pairs if "0" not in p}
    assert letter_pairs and letter_pairs <= indexed


@pytest.mark.parametrize(
    "sentence",
    [
        "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc tổ chức Hội nghị Tổng kết nhiệm kỳ 2015-2018",
        "Hội nghị đã bầu Ban Chấp hành Liên hiệp Thư viện các tỉnh Miền núi phía Bắc nhiệm kỳ 2018 - 2020",
        "hầu hết các thư viện huyện thuộc các tỉnh thành viên đều gặp khó khăn về cơ sở vật chất",
        "Công tác ứng dụng CNTT trong hoạt động thư viện của các tỉnh chưa đồng bộ và thống nhất",
        "các thư viện thành viên đã trao tặng gần 1.500 bản sách để xây dựng 02 xã nông thôn mới",
    ],
)
def test_folded_sentences_of_the_report_come_back(seed, sentence):
    assert restore(fold(sentence), seed).text == normalize(sentence).lower()


def test_most_of_the_report_comes_back(seed):
    sentences = [s for s in re.split(r"[.;:\n]\s*", SEED) if len(words(s)) > 3]
    right = total = 0
    for s in sentences:
        got, want = words(restore(fold(s), seed).text), words(s)
        right += sum(a == b for a, b in zip(got, want))
        total += len(want)
    assert right / total > 0.97


@pytest.mark.parametrize(
    "query, accented",
    [
        ("thu vien mien nui phia bac", "thư viện miền núi phía bắc"),
        ("ai giu chuc chu tich lien hiep thu vien", "ai giữ chức chủ tịch liên hiệp thư viện"),
        ("kho khan ve kinh phi cua thu vien huyen", "khó khăn về kinh phí của thư viện huyện"),
        ("ung dung cong nghe moi trong thu vien", "ứng dụng công nghệ mới trong thư viện"),
    ],
)
def test_paraphrases_in_the_reports_words(seed, query, accented):
    assert restore(query, seed).text == accented


def test_syllables_typed_with_accents_are_kept(seed):
    assert restore("Thư vien mien nui", seed).text == "Thư viện miền núi"
    assert restore("thú vien tinh", seed).text == "thú viện tỉnh"  # a mark the user chose is theirs
    nfd = unicodedata.normalize("NFD", "Hội nghị") + " tong ket"
    out = restore(nfd, seed)
    assert out.text.startswith(unicodedata.normalize("NFD", "Hội nghị")) and out.text.endswith("tổng kết")


def test_capitals_are_kept(seed):
    assert restore("Lien hiep Thu vien Mien nui phia Bac", seed).text == "Liên hiệp Thư viện Miền núi phía Bắc"
    assert restore("HOI NGHI TONG KET", seed).text == "HỘI NGHỊ TỔNG KẾT"
    assert restore("tai Lang Son", seed).text == "tại Lạng Sơn"


def test_unknown_words_numbers_and_abbreviations_are_kept(seed):
    out = restore("ung dung CNTT nam 2018, xyzq va covid19 tai Lang Son", seed)
    assert out.text == "ứng dụng CNTT nam 2018, xyzq và covid19 tại Lạng Sơn"
    assert out.words[2] == "CNTT" and len(out.words) == len(out.confidence)


def test_a_query_with_all_its_accents_is_returned_unchanged(seed):
    for q in ["Thư viện miền núi phía Bắc", "Hội nghị tổng kết 2015-2018", "", "2018 - 2020", "?!"]:
        out = restore(q, seed)
        assert out.text == q and not out.changed
    assert restore("thu vien", seed).changed


def test_removed_counts_equal_counts_never_added(seed):
    """Incremental equals rebuilt: adding a document and taking it out again leaves the seed's counts."""
    incremental = MemoryCounts()
    incremental.add(OTHER)
    incremental.add(SEED)
    incremental.add(OTHER, sign=-1)
    assert incremental == seed
    folded = [fold(s) for s in re.split(r"[.;\n]\s*", SEED) if s.strip()]
    assert [restore(q, incremental) for q in folded] == [restore(q, seed) for q in folded]


def test_a_second_document_adds_its_words(seed):
    both = MemoryCounts()
    both.add(SEED)
    both.add(OTHER)
    query = "quyet dinh cua thu tuong chinh phu"
    assert restore(query, both).text == "quyết định của thủ tướng chính phủ"
    assert restore(query, both) != restore(query, seed)


class SqliteCounts:
    """The counts in SQLite tables, as the storage keeps them, read back in another order."""

    def __init__(self, texts: list[str]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE forms(fold, form, n, PRIMARY KEY(fold, form))")
        self.db.execute("CREATE TABLE pairs(fa, fb, a, b, n, PRIMARY KEY(fa, fb, a, b))")
        for text in texts:
            syllables, pairs = count(text)
            self.db.executemany(
                "INSERT INTO forms VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
                [(fold(w), w, n) for w, n in syllables.items()],
            )
            self.db.executemany(
                "INSERT INTO pairs VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
                [(fold(a), fold(b), a, b, n) for (a, b), n in pairs.items()],
            )

    def forms(self, folded):
        out: dict[str, dict[str, int]] = {}
        for f, w, n in self.db.execute(
            "SELECT fold, form, n FROM forms JOIN json_each(?) ON fold = value ORDER BY form DESC",
            (json.dumps(sorted(folded)),),
        ):
            out.setdefault(f, {})[w] = n
        return out

    def pairs(self, folded):
        rows = self.db.execute(
            "SELECT a, b, n FROM json_each(?) JOIN pairs ON fa = value->>0 AND fb = value->>1",
            (json.dumps(sorted(folded)),),
        )
        return {(a, b): n for a, b, n in rows}

    def total(self):
        return self.db.execute("SELECT SUM(n) FROM forms").fetchone()[0]


def test_counts_kept_in_sqlite_restore_the_same(seed):
    """The storage's SQL tables, whatever order they give rows in, restore as the dictionaries do."""
    sql = SqliteCounts([SEED, OTHER])
    both = MemoryCounts()
    both.add(SEED)
    both.add(OTHER)
    queries = [fold(s) for s in re.split(r"[.;\n]\s*", SEED + OTHER) if len(s) > 10]
    assert [restore(q, sql) for q in queries] == [restore(q, both) for q in queries]


SEED_WORDS = sorted(set(words(SEED)) | {"CNTT", "2018", "xyz"})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SEED_WORDS),
            st.sampled_from(["fold", "keep", "upper", "title"]),
            st.sampled_from([" ", " ", ", ", " - ", "\n", "."]),
        ),
        max_size=12,
    )
)
def test_restoration_changes_marks_only_on_the_reports_words(seed, parts):
    typed = {"fold": fold, "keep": str, "upper": lambda w: fold(w).upper(), "title": lambda w: fold(w).title()}
    query = "".join(typed[how](w) + sep for w, how, sep in parts)
    assert fold(restore(query, seed).text) == fold(query)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_restoration_changes_marks_only_on_any_text(seed, query):
    assert fold(restore(query, seed).text) == fold(query)
