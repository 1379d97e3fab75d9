"""Optional: an answer written by a language model from the retrieved passages only.

Used when KB_LLM_URL points at a server speaking the OpenAI-style chat completions
API (llama.cpp's server, Ollama, vLLM). Off by default. Any failure or timeout falls
back to the extractive answer, with a notice saying so.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import replace

from ingest.messages import Message
from kb.answer import Answer

SYSTEM = (
    "Bạn trả lời câu hỏi bằng tiếng Việt, ngắn gọn, CHỈ dựa trên các đoạn trích được đánh số. "
    "Mỗi câu trả lời phải ghi nguồn dạng [1], [2] theo số đoạn. Nếu các đoạn không chứa câu trả lời, "
    "hãy trả lời đúng một câu: KHÔNG TÌM THẤY."
)


MAX_TOKENS = 400  # a short answer; a model that rambles on is cut here, not at the timeout
# what a call to the server may raise: no answer, a broken one, one without the expected fields
FAILURES = (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError)


def configured() -> str | None:
    return os.environ.get("KB_LLM_URL") or None


def rewrite(question: str, extractive: Answer, url: str, timeout: float | None = None) -> Answer:
    """The model's answer with the same citations; the extractive one (with a notice) if anything fails.
    The server has `timeout` seconds, KB_LLM_TIMEOUT when not given, else 30."""
    timeout = timeout or float(os.environ.get("KB_LLM_TIMEOUT") or 30)
    if not extractive.citations:
        return extractive
    passages = "\n\n".join(f"[{n}] ({c.file}, trang {c.page}) {c.text}" for n, c in enumerate(extractive.citations, 1))
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Các đoạn trích:\n{passages}\n\nCâu hỏi: {question}"},
    ]
    try:
        text = chat(messages, url, timeout)
    except FAILURES as e:
        return replace(extractive, notice=Message("llm.failed", {"url": url, "error": str(e)}))
    if "KHÔNG TÌM THẤY" in text.upper() or not text:
        return replace(extractive, notice=Message("llm.not_found"))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    if not cited or not cited <= set(range(1, len(extractive.citations) + 1)):
        return replace(extractive, notice=Message("llm.uncited"))
    return replace(extractive, answer=text, message=None, notice=Message("llm.written"))


def chat(messages: list[dict], url: str, timeout: float | None = None, max_tokens: int = MAX_TOKENS) -> str:
    """The reply of a chat-completions server to `messages` (temperature 0). Raises what urllib
    and JSON raise: the caller decides what a failure means."""
    timeout = timeout or float(os.environ.get("KB_LLM_TIMEOUT") or 30)
    body = {
        "model": os.environ.get("KB_LLM_MODEL", "local"),
        "messages": messages,
        "temperature": 0,
        "max_tokens": max_tokens,
    }
    endpoint = url.rstrip("/") + ("" if url.rstrip("/").endswith("/chat/completions") else "/v1/chat/completions")
    request = urllib.request.Request(endpoint, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        reply = json.load(response)
    return reply["choices"][0]["message"]["content"].strip()
