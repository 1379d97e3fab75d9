"""Web pages (.html, .htm): the main text only, without menus, scripts or boilerplate."""

from __future__ import annotations

import re

from ingest.text import clean_spaces, normalize
from ingest.txt import decode

_NOISE_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
]
_NOISE_NAMES = re.compile(
    r"menu|nav|sidebar|footer|header|breadcrumb|comment|share|social|banner|advert|cookie|related|widget", re.I
)
_BLOCKS = [
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "div",
    "td",
]


def read_html(data: bytes, name: str) -> tuple[list[str], str]:
    """(pages, title): one page of main text and the page's title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(data, name), "lxml")
    title = clean_spaces(soup.title.get_text()) if soup.title else ""
    for tag in soup(_NOISE_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if _NOISE_NAMES.search(names) and tag.name not in ("body", "html", "main", "article"):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or _densest(soup) or soup.body or soup
    paragraphs: list[str] = []
    for el in root.find_all(_BLOCKS):
        if el.find(_BLOCKS):
            continue  # only innermost blocks, so text is not repeated
        text = clean_spaces(el.get_text(" "))
        if text:
            paragraphs.append(text)
    if not paragraphs:
        paragraphs = [clean_spaces(root.get_text(" "))]
    h1 = soup.find("h1")
    return [normalize("\n\n".join(paragraphs))], normalize(clean_spaces(h1.get_text()) if h1 else title)


def _densest(soup):
    """The element holding the most paragraph text: the article on pages without <article>."""
    best, best_len = None, 0
    for el in soup.find_all(["div", "section", "td"]):
        length = sum(len(p.get_text()) for p in el.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = el, length
    return best
