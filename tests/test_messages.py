"""Every sentence shown to a person has a Vietnamese and an English text, with the same blanks to fill,
and the command line speaks the language of KB_LANG (Vietnamese by default)."""

from __future__ import annotations

import re
import string
import subprocess
import sys

from conftest import ROOT
from ingest.catalogue import CATALOGUE
from ingest.messages import Message

# A message key as the code writes it: Message("ask.why.numbers", …), say("cli.page"), KbError("kb.busy", …)
_USED = re.compile(
    r"(?:Message|say|Error|Busy|NotFound|ModelMismatch|Forbidden)\(\s*f?\"([a-z_]+(?:\.[a-z_{}.\[\]' +]+)+)\""
)
_WITH_STATUS = re.compile(r"ApiError\(\s*\d+,\s*\"([a-z_]+(?:\.[a-z_]+)+)\"")  # the HTTP API's: ApiError(401, "api.…")


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_blanks():
    for key, (vi, en) in CATALOGUE.items():
        assert vi.strip() and en.strip(), key
        assert _blanks(vi) == _blanks(en), key


def test_every_key_the_code_uses_is_in_the_catalogue():
    used = set()
    for path in [*ROOT.glob("kb/**/*.py"), *ROOT.glob("ingest/*.py"), *ROOT.glob("ui/*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= {k for k in _USED.findall(text) if "{" not in k} | set(_WITH_STATUS.findall(text))
    assert used and not used - CATALOGUE.keys(), sorted(used - CATALOGUE.keys())
    for kind in ("number", "date", "place", "code", "reason", "person"):  # keys made with a value
        assert f"ask.why.kind.{kind}" in CATALOGUE


def test_a_message_in_either_language():
    m = Message("read.pdf.too_long", {"name": "a.pdf", "pages": 2500, "limit": 2000})
    assert m.text("vi") == "a.pdf: PDF có 2500 trang, quá giới hạn 2000 trang; hãy chia thành nhiều phần."
    assert m.text("en") == "a.pdf: the PDF has 2500 pages, over the 2000-page limit; split it into parts."
    nested = Message("read.pdf.no_ocr", {"name": "scan.pdf", "why": Message("ocr.missing.vie")})
    assert "tesseract-ocr-vie" in nested.text("vi") and "chưa cài mô hình tiếng Việt" in nested.text("vi")


def test_the_command_line_speaks_kb_lang(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "kb.cli", "--home", str(tmp_path / "none"), "check"]
    vi = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    en = subprocess.run(cmd, capture_output=True, text=True, env={**env, "KB_LANG": "en"}, cwd=ROOT)
    assert vi.returncode == en.returncode == 1
    assert vi.stderr.startswith("lỗi: Không có kho tài liệu nào ở"), vi.stderr
    assert en.stderr.startswith("error: There is no knowledge base in"), en.stderr
