"""A paper's formalities: the sentences that name it, its grounds and its addressees.

The national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"), its
number ("Số: 33/2022/NQ-HĐND"), its legal bases ("Căn cứ Luật …", "Xét Tờ trình số …"), who
carries it out ("Chánh Văn phòng …, Giám đốc các Sở … chịu trách nhiệm thi hành Quyết định
này") and a digital signature's stamp ("Thời gian ký: 27.06.2025 17:00:11"). They are marked on
each chunk at ingest: an answer is never one of them, unless the question asks for a paper's
number or grounds.
"""

from __future__ import annotations

import re

from ingest.records import Span
from ingest.sentences import sentences

FORMAL = re.compile(
    r"CỘNG\s+H[ÒO]A\s+XÃ\s+HỘI|Độc\s+lập\s*[-–]\s*Tự\s+do|^Số\s*:"
    r"|^(?:Căn cứ|Xét Tờ trình|Xét đ\w+ nghị|Theo đ\w+ nghị)\s|chịu trách nhiệm thi hành"
    r"|Thời gian ký\s*:"
)


def formal_sentences(text: str) -> tuple[Span, ...]:
    """The (start, end) of each sentence of `text` that is one of a paper's formalities."""
    return tuple((a, b) for a, b in sentences(text) if FORMAL.search(text[a:b]))
