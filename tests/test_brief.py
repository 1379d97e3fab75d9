"""The term brief on real papers: the seed report, the Gia Lâm congress papers (../shared), written
out as DOCX (read back with python-docx) and PDF (rendered by poppler's pdftoppm and pdftotext), the
`kb brief` command, and the opening paragraph from a local chat-completions server."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, ChatReply, chat_server, kb_with

GIALAM = ["gialam-8.pdf", "gialam-4.1.pdf", "gialam-1.pdf"]  # the resolution, the data appendix, the programme


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory, embedder):
    return kb_with(tmp_path_factory.mktemp("brief-seed"), embedder)


@pytest.fixture(scope="module")
def seed_brief(seed_home, embedder):
    from kb import KnowledgeBase

    kb = KnowledgeBase(seed_home, embedder=embedder)
    yield kb, kb.brief()
    kb.close()


def part(brief, key: str) -> list[str]:
    found = [p for p in brief.parts if p.key == key]
    return [line.shown("vi") for line in found[0].lines] if found else []


# --- the seed: the library union's conference of 10/5/2018 ------------------------------------
def test_seed_brief_names_the_chair_and_vice_chairs_the_books_and_the_directions(seed_brief):
    kb, brief = seed_brief
    assert brief.org == "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc" and brief.term == "2018-2020"
    assert brief.previous == "2015-2018"
    officers = part(brief, "officers")
    assert any(line.startswith("Chủ tịch") and "Nguyễn Thị Thanh Phương" in line for line in officers)
    vice = [line for line in officers if line.startswith("Phó Chủ tịch")]
    assert any("Lê Quốc Khánh" in line for line in vice) and any("Đỗ Thu Hương" in line for line in vice)
    assert any("1.500 bản sách" in line for line in part(brief, "meeting"))
    assert any("10/5/2018" in line and "Lạng Sơn" in line for line in part(brief, "meeting"))
    assert any(line.startswith("Sáng 10/5/2018, tại Thành phố Lạng Sơn") for line in part(brief, "meeting"))
    directions = [p for p in brief.parts if p.key == "directions"][0].lines
    lead = [i for i, line in enumerate(directions) if "phương hướng, nhiệm vụ của nhiệm kỳ 2018 - 2020" in line.text]
    assert lead, "the directions for 2018-2020 are introduced by the conference's own words"
    items = [line.text for line in directions[lead[0] + 1 :] if line.level == 1]
    assert any(x.startswith("Chú trọng công tác bổ sung vốn tài liệu") for x in items)
    assert any(x.startswith("Tăng cường ứng dụng CNTT") for x in items), "a list's items become list lines"
    assert any("bổ sung tài liệu chưa cao" in line for line in part(brief, "difficulties"))
    assert any("Hoàn thành vượt mức" in line for line in part(brief, "results"))


def test_every_line_cites_the_page_it_stands_on(seed_brief):
    kb, brief = seed_brief
    doc = kb.documents()[0]
    page = kb.page_text(doc, 1)
    for line in brief.lines:
        assert line.sources, line.text
        for s in line.sources:
            assert (s.file, s.page, s.doc_id) == (SEED.name, 1, doc.id)
            assert s.quote in page, f"the reader marks the words it cites: {s.quote[:60]}"
    assert not any("Ảnh" in line.text or "tặng hoa chúc mừng" in line.text for line in brief.lines), (
        "the web page's photo captions are not lines"
    )


def test_an_unknown_organisation_is_refused_with_the_ones_there_are(seed_brief):
    from kb import KbError

    kb, _ = seed_brief
    with pytest.raises(KbError) as e:
        kb.brief("Hội Nông dân tỉnh Bắc Kạn")
    assert "Hội Nông dân tỉnh Bắc Kạn" in e.value.text("vi") and "Liên hiệp Thư viện" in e.value.text("vi")
    with pytest.raises(KbError) as e:
        kb.brief("thư viện miền núi", "2030-2035")
    assert "2030-2035" in e.value.text("en") and "kb brief --list" in e.value.text("en")


def test_an_empty_knowledge_base_says_what_to_do(new_kb):
    from kb import KbError

    with pytest.raises(KbError) as e:
        new_kb().brief()
    assert "kb ingest" in e.value.text("vi")


# --- DOCX and PDF ------------------------------------------------------------------------------
def test_docx_reads_back_with_headings_list_lines_and_bracketed_references(seed_brief, tmp_path):
    import docx

    from kb.briefs import render_docx

    _, brief = seed_brief
    path = tmp_path / "ho-so.docx"
    render_docx.write(brief, path, "vi")
    d = docx.Document(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Hồ sơ nhiệm kỳ: Liên hiệp Thư viện các tỉnh Miền núi phía Bắc, nhiệm kỳ 2018-2020"
    for title in ("Nhân sự được bầu, bổ nhiệm", "Phương hướng, nhiệm vụ", "Khó khăn, hạn chế", "Nguồn"):
        assert title in headings
    bullets = [p for p in d.paragraphs if p.style.name.startswith("List Bullet")]
    chair = [p.text for p in bullets if "Nguyễn Thị Thanh Phương" in p.text]
    assert chair and re.search(r"\[\d+\]$", chair[0]), "each line ends with its references"
    assert any(p.style.name == "List Bullet 2" and "Tăng cường ứng dụng CNTT" in p.text for p in bullets)
    assert any(p.text == f"[1] {SEED.name}, tr. 1" for p in d.paragraphs), "references name file and page"


def test_pdf_renders_and_its_text_is_vietnamese(seed_brief, tmp_path):
    from kb.briefs import render_pdf

    _, brief = seed_brief
    path = tmp_path / "ho-so.pdf"
    render_pdf.write(brief, path, "vi")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 5000, "the first page is drawn"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for words in ("Hồ sơ nhiệm kỳ", "Nguyễn Thị Thanh Phương", "Phó Chủ tịch", "Đỗ Thu Hương", "1.500 bản sách"):
        assert words in flat, words
    assert "Khó khăn, hạn chế" in flat and "Tăng cường ứng dụng CNTT" in flat


def test_pdf_without_a_font_says_what_to_install(seed_brief, tmp_path, monkeypatch):
    from kb import KbError
    from kb.briefs import render_pdf

    _, brief = seed_brief
    monkeypatch.setenv("KB_FONT", str(tmp_path / "none.ttf"))
    with pytest.raises(KbError) as e:
        render_pdf.write(brief, tmp_path / "x.pdf")
    assert "fonts-dejavu-core" in e.value.text("en")


# --- the command -------------------------------------------------------------------------------
def kb_cli(home, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "kb.cli", "--home", str(home), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_kb_brief_text_json_docx_pdf_and_list(seed_home, tmp_path):
    assert "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc (papers: 1): 2018-2020" in kb_cli(
        seed_home, "brief", "--list"
    )
    text = kb_cli(seed_home, "brief", "--org", "thu vien mien nui", "--term", "2018 - 2020")
    assert text.startswith("Term brief: Liên hiệp Thư viện các tỉnh Miền núi phía Bắc, term 2018-2020")
    assert f"[{SEED.name}, p. 1]" in text and "== Officers elected or appointed" in text
    data = json.loads(kb_cli(seed_home, "brief", "--json"))
    assert data["term"] == "2018-2020" and data["previous_term"] == "2015-2018"
    officers = next(p for p in data["parts"] if p["part"] == "officers")
    assert officers["lines"][0]["sources"][0] == {
        "file": SEED.name,
        "page": 1,
        "quote": officers["lines"][0]["sources"][0]["quote"],
        "kind": "news",
    }
    out = kb_cli(seed_home, "brief", "--docx", str(tmp_path / "b.docx"))
    assert out.strip() == f"Wrote {tmp_path / 'b.docx'}" and (tmp_path / "b.docx").stat().st_size > 5000
    kb_cli(seed_home, "brief", "--pdf", str(tmp_path / "b.pdf"))
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


# --- the opening paragraph -----------------------------------------------------------------------
class BriefWriter(ChatReply):
    """A local chat-completions server (no model behind it): it writes a paragraph from the numbered
    lines it is sent, citing the line that names the chair, as a well-behaved model would; or a
    paragraph citing a line the brief does not have, or one sentence without a citation."""

    reply = "cited"

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        lines = body["messages"][1]["content"]
        chair = re.search(r"\[(\d+)\] Chủ tịch[^\n]*Nguyễn Thị Thanh Phương", lines)
        n = chair.group(1) if chair else "1"
        content = {
            "cited": f"Liên hiệp có Chủ tịch là bà Nguyễn Thị Thanh Phương [{n}]. Hội nghị đề ra phương hướng [{n}].",
            "out_of_range": "Liên hiệp có nhiều thư viện [999].",
            "uncited": f"Bà Nguyễn Thị Thanh Phương là Chủ tịch [{n}]. Nhiệm kỳ rất thành công.",
        }[self.reply]
        self.send_reply(content)


@pytest.fixture
def writer(monkeypatch):
    with chat_server(monkeypatch, BriefWriter):
        yield BriefWriter


def test_opening_paragraph_cites_lines_of_the_brief_or_is_left_out_with_the_reason(seed_brief, writer, monkeypatch):
    kb, plain = seed_brief
    assert not plain.opening, "no paragraph without KB_LLM_URL"
    writer.reply = "cited"
    brief = kb.brief()
    assert brief.opening.startswith("Liên hiệp có Chủ tịch là bà Nguyễn Thị Thanh Phương [")
    cited = int(re.search(r"\[(\d+)\]", brief.opening).group(1))
    assert "Nguyễn Thị Thanh Phương" in brief.lines[cited - 1].text, "the number is the line's"
    assert kb.brief(summary=False).opening == ""
    writer.reply = "out_of_range"
    brief = kb.brief()
    assert not brief.opening and "999" in brief.opening_note.text("en")
    writer.reply = "uncited"
    brief = kb.brief()
    assert not brief.opening and "cites no line" in brief.opening_note.text("en")
    monkeypatch.setenv("KB_LLM_URL", "http://127.0.0.1:9")  # nothing listens there
    brief = kb.brief()
    assert not brief.opening and "did not answer" in brief.opening_note.text("en")


# --- the Gia Lâm congress papers -----------------------------------------------------------------
@pytest.fixture(scope="module")
def gialam(tmp_path_factory, embedder):
    shared = ROOT.parent / "shared" / "corpus" / "congress-gialam-2021"
    if not shared.is_dir():
        pytest.skip("../shared is not beside the repository")
    from kb import KnowledgeBase

    root = tmp_path_factory.mktemp("brief-gialam")
    (root / "docs").mkdir()
    for name in GIALAM:
        shutil.copy(shared / name, root / "docs")
    kb = KnowledgeBase(root / "kb", embedder=embedder)
    kb.ingest([root / "docs"])
    yield kb
    kb.close()


@pytest.mark.slow
def test_gialam_brief_names_its_targets_and_the_last_terms_results(gialam):
    brief = gialam.brief()
    assert brief.org == "Hội Liên hiệp Phụ nữ huyện Gia Lâm" and brief.term.startswith("2021-2026")
    assert brief.previous and brief.previous.startswith("2016-2021")
    targets = part(brief, "targets")
    assert any("5.000 cây xanh" in line for line in targets)
    assert any("550 hộ cận nghèo" in line for line in targets)
    results = part(brief, "results")
    row = [line for line in results if line.startswith("Các cấp Hội giúp hộ nghèo")]
    assert row == [
        "Các cấp Hội giúp hộ nghèo do phụ nữ làm chủ thoát nghèo: chỉ tiêu 350 hộ, kết quả 391 hộ (Vượt 41 hộ)"
    ]
    assert any("100% chỉ tiêu" in line for line in results)
    meeting = part(brief, "meeting")
    assert any("14/7/2021–15/7/2021" in line and "19/7/2021" in line for line in meeting), (
        "the papers disagree on the congress's days: both are said, each cited"
    )
    difficulties = part(brief, "difficulties")
    assert any("Hoạt động Hội còn dàn trải" in line for line in difficulties)
    official = [s for line in brief.lines for s in line.sources if s.kind == "resolution"]
    assert official, "the resolution is read first"


@pytest.mark.slow
def test_gialam_brief_of_the_term_before_takes_only_what_names_it(gialam):
    brief = gialam.brief("phụ nữ gia lâm", "khóa XX")
    assert brief.term.startswith("khóa XX") and "2016-2021" in brief.term
    for line in brief.lines:
        assert "2021 - 2026" not in line.text or "2016 - 2021" in line.text, line.text


def test_names_and_terms_of_organisations():
    from kb.briefs.names import OrgName, canonical, same_terms, terms_in

    council = OrgName.of("Hội đồng nhân dân thành phố Hà Nội")
    for said in (
        "HĐND Hà Nội thông qua",
        "HĐND TP Hà Nội",
        "Hội đồng Nhân dân thành phố Hà Nội khóa XV",
        "HĐND Tp. Hà Nội",
    ):
        assert council.named_in(said), said
    assert not council.named_in("HĐND tỉnh Cao Bằng") and council.others_in("HĐND tỉnh Cao Bằng họp")
    assert not council.others_in("Phó Chủ tịch Thường trực HĐND TP Nguyễn Ngọc Tuấn"), "a person, not a body"
    union = OrgName.of("Hội Liên hiệp Phụ nữ huyện Gia Lâm")
    assert union.named_in("ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM LẦN THỨ XXI")
    assert union.others_in("Hội LHPN xã Kim Sơn đã giúp 30 hộ") and union.others_in("Hội LHPN xã đã tổ chức")
    assert not union.others_in("phẩm chất người phụ nữ Việt Nam"), "women, not a body"
    assert canonical("Khoá 20") == canonical("khóa xx") == "khóa XX" and canonical("2018 - 2020") == "2018-2020"
    assert terms_in("Ban Chấp hành khóa XX, nhiệm kỳ 2016 - 2021") == ["khóa XX", "2016-2021"]
    assert same_terms("Hội LHPN huyện khóa XXI, nhiệm kỳ 2021 - 2026") == [("khóa XXI", "2021-2026")]


def test_app_strings_exist_in_both_languages():
    from ui.strings import STRINGS

    mine = [k for k in STRINGS["vi"] if k.startswith("brief.") or k == "nav.brief"]
    assert mine and all(k in STRINGS["en"] for k in mine)


def test_readme_states_the_measured_numbers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bench/brief.py" in readme and "Hồ sơ nhiệm kỳ" in readme
