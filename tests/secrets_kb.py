"""A knowledge base with documents at every access level, and users of every role, for the tests that
check a document never shows up for someone who may not read it (library, CLI, app, HTTP API).

    000_… (the seed)          public
    ban-sao-lich-truc.txt     public: another rendering of ban-goc-omega.txt (its near-duplicate)
    noi-bo-vortigern.txt      internal: signed-in users
    nghi-quyet-mat.txt        restricted to the group "ketoan": a resolution whose words are found
                              nowhere else (Zebrafoxtrot, Quasimodo), with a person elected, a term
                              (2030-2035), decisions (the timeline), a number
    ban-goc-omega.txt         restricted to "ketoan": the first rendering of the public copy
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SEED

PASSWORD = "mat-khau-dai-1"
SECRET = """HỘI QUASIMODO ZEBRAFOXTROT
Số: 07/NQ-QZ

NGHỊ QUYẾT
ĐẠI HỘI HỘI QUASIMODO ZEBRAFOXTROT NHIỆM KỲ 2030-2035

Đại hội Hội Quasimodo Zebrafoxtrot họp ngày 12 tháng 3 năm 2030 tại Hà Giang.

QUYẾT NGHỊ:

1. Đại hội đã bầu bà Trần Thị Xuyến giữ chức Chủ tịch Hội Quasimodo Zebrafoxtrot nhiệm kỳ 2030-2035.

2. Đại hội quyết nghị dành 99 tỷ đồng cho dự án Zebrafoxtrot về số hóa kho mật thư Quasimodo trong nhiệm kỳ 2030-2035.

3. Tăng cường ứng dụng công nghệ Zebrafoxtrot trong hoạt động của Hội.
"""
INTERNAL = "Thông báo nội bộ: họp giao ban Vortigern của cán bộ thư viện vào sáng thứ Hai hằng tuần.\n"
ROSTER = (
    "LỊCH TRỰC THƯ VIỆN MÙA HÈ\n\nThư viện tỉnh mở cửa phục vụ bạn đọc từ 7 giờ 30 đến 17 giờ các ngày trong tuần, "
    "kể cả thứ Bảy. Phòng đọc thiếu nhi tổ chức giờ kể chuyện vào chiều thứ Tư. Bạn đọc mượn sách được gia hạn "
    "thêm 14 ngày trong mùa hè. Cán bộ trực phòng mượn và phòng đọc theo lịch phân công của lãnh đạo thư viện.\n"
)
# What the documents a viewer may not read would show, in any form: words, names, numbers, file names.
HIDDEN = ("zebrafoxtrot", "quasimodo", "xuyến", "2030-2035", "07/nq-qz", "nghi-quyet-mat", "omega")
INTERNAL_ONLY = ("vortigern", "noi-bo")
USERS = {
    "viewer1": ("viewer", ()),
    "ketoan1": ("viewer", ("ketoan",)),
    "editor1": ("editor", ()),
    "admin1": ("admin", ()),
}


def make(root: Path, embedder) -> Path:
    """The knowledge base under root/kb, with the users of USERS (password PASSWORD)."""
    from kb import KnowledgeBase
    from kb.records import Access

    docs = root / "docs"
    for sub in ("public", "internal", "secret", "first"):
        (docs / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, docs / "public")
    (docs / "first" / "ban-goc-omega.txt").write_text(ROSTER, encoding="utf-8")
    # the same text saved again (another line ending): another file, the same paper
    (docs / "public" / "ban-sao-lich-truc.txt").write_text(ROSTER.replace("\n", "\r\n"), encoding="utf-8")
    (docs / "internal" / "noi-bo-vortigern.txt").write_text(INTERNAL, encoding="utf-8")
    (docs / "secret" / "nghi-quyet-mat.txt").write_text(SECRET, encoding="utf-8")
    kb = KnowledgeBase(root / "kb", embedder=embedder)
    restricted = Access("restricted", ("ketoan",))
    kb.ingest([docs / "first"], access=restricted)  # first: the public copy is its near-duplicate
    kb.ingest([docs / "public"])
    kb.ingest([docs / "internal"], access=Access("internal"))
    kb.ingest([docs / "secret"], access=restricted)
    for name, (role, groups) in USERS.items():
        kb.accounts.add(name, role, PASSWORD, groups)
    kb.close()
    return root / "kb"


def shown(value) -> str:
    """Everything a result holds, as lower-case text to look for hidden words in."""
    if hasattr(value, "as_json"):
        value = value.as_json()
    if isinstance(value, list):
        value = [v.as_json() if hasattr(v, "as_json") else v for v in value]
    return json.dumps(value, ensure_ascii=False, default=str).lower()


def leaks(text: str, words=HIDDEN) -> list[str]:
    text = text.lower()
    return [w for w in words if w in text]


def answer_leaks(question: str, text: str) -> list[str]:
    """Hidden words in an answer to `question`, but for those the question itself gives (an answer
    may say "no document is of the term 2030-2035" when asked about 2030-2035)."""
    return leaks(text, tuple(w for w in HIDDEN if w not in question.lower()))
