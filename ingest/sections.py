"""What part of a meeting report a passage belongs to: achievements, difficulties, directions,
decisions, elections, or other. Keyword cues, compared without accents, plus the last heading seen."""

from __future__ import annotations

import re

from ingest.text import fold

SECTIONS = ("achievements", "difficulties", "directions", "decisions", "elections", "other")
_CUES = {
    "achievements": [
        "kết quả đạt được",
        "đạt được",
        "hoàn thành",
        "vượt mức",
        "vượt chỉ tiêu",
        "thành tích",
        "chuyển biến tích cực",
        "được củng cố",
        "đạt",
        "tăng so với",
        "kết quả",
        "ưu điểm",
    ],
    "difficulties": [
        "khó khăn",
        "hạn chế",
        "tồn tại",
        "bất cập",
        "yếu kém",
        "vướng mắc",
        "chưa đồng bộ",
        "chưa cao",
        "chưa được",
        "thiếu",
        "nguyên nhân",
        "chưa",
    ],
    "directions": [
        "phương hướng",
        "nhiệm vụ",
        "giải pháp",
        "mục tiêu",
        "chỉ tiêu",
        "tăng cường",
        "đẩy mạnh",
        "tiếp tục",
        "chú trọng",
        "nâng cao",
        "thời gian tới",
        "nhiệm kỳ tới",
        "năm tới",
        "kế hoạch",
        "đổi mới",
        "phấn đấu",
    ],
    "decisions": [
        "nghị quyết",
        "quyết nghị",
        "thông qua",
        "quyết định",
        "biểu quyết",
        "nhất trí",
        "phê duyệt",
        "điều 1",
        "điều 2",
        "có hiệu lực",
        "ban hành",
        "kết luận",
        "giao nhiệm vụ",
    ],
    "elections": [
        "bầu",
        "trúng cử",
        "ban chấp hành",
        "giữ chức",
        "bổ nhiệm",
        "kiện toàn",
        "nhân sự",
        "miễn nhiệm",
        "phó chủ tịch",
        "chủ tịch",
        "ủy viên",
        "tín nhiệm",
        "ứng cử",
        "đề cử",
    ],
}
_STRONG = {
    "kết quả đạt được",
    "khó khăn",
    "hạn chế",
    "phương hướng",
    "quyết nghị",
    "nghị quyết",
    "bầu",
    "trúng cử",
    "giữ chức",
    "phê duyệt",
    "điều 1",
}
_PATTERNS = {
    label: [(re.compile(r"(?<!\w)" + re.escape(fold(c)) + r"(?!\w)"), 2.0 if c in _STRONG else 1.0) for c in cues]
    for label, cues in _CUES.items()
}
_HEADING = re.compile(r"(?:^|\n)\s*(?:[IVX]{1,4}[.)]|\d{1,2}[.)]|[A-ZĐ][.)])?\s*([A-ZĐÀ-Ỹ ,]{6,80})(?:\n|:|$)")


def scores(text: str) -> dict[str, float]:
    folded = fold(text)
    words = max(1, len(folded.split()))
    out = {}
    for label, patterns in _PATTERNS.items():
        out[label] = sum(w * len(p.findall(folded)) for p, w in patterns) * 100 / (words + 40)
    return out


def heading_label(text: str) -> str | None:
    """The label of the last capitalized heading in a passage ("II. KHÓ KHĂN, HẠN CHẾ")."""
    label = None
    for m in _HEADING.finditer(text):
        heading = m.group(1)
        if heading.isupper():
            s = scores(heading)
            best = max(s, key=lambda k: s[k])
            if s[best] > 0:
                label = best
    return label


def label_chunks(texts: list[str]) -> list[tuple[str, ...]]:
    """Labels per passage, in document order, strongest first (("elections", "decisions")): a
    passage can hold an election and a decision. A weak passage inherits the last heading's label."""
    out: list[tuple[str, ...]] = []
    current = None
    for text in texts:
        s = scores(text)
        ranked = sorted((k for k in s if s[k] >= 3.0), key=lambda k: -s[k])
        best = max(s, key=lambda k: s[k])
        if ranked:
            labels = ranked
        elif current:
            labels = [current]
        elif s[best] >= 1.5:
            labels = [best]
        else:
            labels = ["other"]
        out.append(tuple(labels))
        current = heading_label(text) or current
    return out
