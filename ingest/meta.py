"""What a meeting document is: kind, date, terms of office, organisation, place, numbers.

Rules written for Vietnamese reports, resolutions and decisions: the national
motto header, the "<Place>, ngày D tháng M năm Y" signing line, "nhiệm kỳ
2015-2018", "khóa XIV", "33/2022/NQ-HĐND". Dates of documents cited as legal
basis ("Căn cứ Luật ... ngày 19 tháng 6 năm 2015") are not the document's date.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.records import Document
from ingest.text import ABBREVIATIONS, clean_spaces, fold

KINDS = ("report", "resolution", "minutes", "conclusion", "notice", "decision", "plan", "speech", "news", "other")
_HEADINGS = [  # (folded heading, kind): the document's own type heading
    ("nghi quyet", "resolution"),
    ("quyet dinh", "decision"),
    ("bao cao", "report"),
    ("bien ban", "minutes"),
    ("ket luan", "conclusion"),
    ("thong bao", "notice"),
    ("ke hoach", "plan"),
    ("tham luan", "speech"),
    ("bai phat bieu", "speech"),
    ("phat bieu", "speech"),
    ("chuong trinh", "other"),
    ("quy che", "other"),
    ("danh muc", "other"),
    ("phu luc", "other"),
    ("to trinh", "other"),
    ("huong dan", "other"),
    ("mot so noi dung", "other"),
    ("cong van", "other"),
]
_NUMBER_KIND = {
    "NQ": "resolution",
    "QĐ": "decision",
    "BC": "report",
    "BB": "minutes",
    "KL": "conclusion",
    "TB": "notice",
    "KH": "plan",
}
# A paper's number: "33/2022/NQ-HĐND", "1360/QĐ-TTg", a Party paper's "05-NQ/ĐU"; a scan may space
# the slash ("1629 /QĐ-UBND") and read Đ as Ð.
PAPER_NUMBER = re.compile(
    r"\b\d{1,5}(?:/\d{4})?\s?/\s?[A-ZĐÐ]{1,6}(?:-[A-ZĐÐ0-9&][A-Za-zĐÐđ0-9&]{0,11})+\b"
    r"|\b\d{1,5}-[A-ZĐ]{1,4}/[A-ZĐ]{1,6}\b"
)
MOTTO = re.compile(r"CỘNG\s+H[ÒO]A\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")  # the national header, in capitals
_EVENT = re.compile(
    r"\b(?:khai mạc|bế mạc|diễn ra|đã tổ chức|tổ chức hội nghị|kỳ họp|phiên họp|đại hội|hội nghị)\b", re.I
)

_ROMAN = r"[IVXLC]{1,7}"
_YEAR = r"(?:19[4-9]\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"
_TERM_RANGE = re.compile(rf"\b({_YEAR}){_DASH}({_YEAR})\b")
_TERM_CUE = re.compile(r"(?:nhiệm\s+kỳ|nhiệm\s+kì|\bNK)\s*(?:[:(]\s*)?$", re.I)
_KHOA = re.compile(rf"\b(kh(?:óa|oá|oa)|nhiệm\s+kỳ)\s+({_ROMAN}|\d{{1,2}})(?![\w/-]|\.\d)", re.I)
_REVIEW_CUE = re.compile(r"(tổng kết|kết quả|đánh giá|thực hiện nghị quyết|vừa qua|đã qua|nhìn lại|qua \d+ năm)", re.I)
_PLAN_CUE = re.compile(r"(phương hướng|nhiệm vụ|triển khai|mục tiêu|chỉ tiêu|đề ra|kế hoạch|đại hội|sắp tới|tới)", re.I)

# --- dates ------------------------------------------------------------------
_D, _M = r"(\d{1,2})", r"(\d{1,2})"
_SIGNING = re.compile(
    rf"([A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:[^\S\n]+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ.]*){{0,4}})\s*,\s*ngày\s*(\d{{1,2}})?\s*(?:\.{{2,}}|…)?\s*"
    rf"tháng\s*(\d{{1,2}})?\s*(?:\.{{2,}}|…)?\s*năm\s*({_YEAR})",
    re.I,
)
_LONG_DATE = re.compile(rf"ngày\s+{_D}\s+tháng\s+{_M}\s+năm\s+({_YEAR})", re.I)
_TO = rf"(?:{_DASH}|\s+đến\s+(?:hết\s+)?(?:ngày\s+)?)"
_RANGE_DATE = re.compile(rf"(?:từ\s+)?ngày\s+{_D}{_TO}{_D}\s*[/.-]\s*{_M}\s*[/.-]\s*({_YEAR})", re.I)
# "từ ngày 5-5 đến 10-5-2017", "từ ngày 29/5/2017 - 4/6/2017": a range across months
_MONTHS_RANGE = re.compile(
    rf"(?:từ\s+)?ngày\s+{_D}\s*[/.-]\s*{_M}(?:\s*[/.-]\s*{_YEAR})?{_TO}{_D}\s*[/.-]\s*{_M}"
    rf"\s*[/.-]\s*({_YEAR})",
    re.I,
)
_SHORT_DATE = re.compile(rf"(?<![\d/]){_D}\s*[/.-]\s*{_M}\s*[/.-]\s*({_YEAR})(?![\d/])")
_MEETING_CUE = re.compile(r"(sáng|chiều|tối|trưa|ngày|hôm)\s*$", re.I)
# A news item's lead names its own day, often without the year: "Chiều 15/6, tại Nhà Quốc hội ..."
_DAY_NO_YEAR = re.compile(
    rf"(?<!\w)(?:sáng|chiều|tối|trưa|ngày|hôm)(?:\s+nay)?\s+{_D}\s*[/.-]\s*{_M}(?!\d|\s*[/.-]\s*\d)", re.I
)
# ... and its body cites earlier days: "sinh ngày 10/5/1961", "có hiệu lực từ ngày 1-7-2016", "Trước đó, ngày ..."
_PAST_CUE = re.compile(
    r"(sinh|thành lập|kể từ|từ|đến|hết|trước|sau|chậm nhất|hiệu lực|thông qua|giao dịch|văn bản|"
    r"hướng dẫn)"
    r"(\s+(đó|khoảng|vào|lúc|[\d:h’']+))*[\s,]*(ngày\s*)?$",
    re.I,
)
_OFFICIAL_MEETING_CUE = re.compile(r"(sáng|chiều|tối|trưa|diễn ra|họp|khai mạc)(\s+ngày)?\s*$", re.I)
_REFERENCE = re.compile(
    r"(căn cứ|số\s+\S+/|ban hành|kèm theo|theo\s+(?:quyết định|nghị quyết|công văn|kế hoạch|thông tư|nghị định|luật))",
    re.I,
)

PROVINCES = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "TP.HCM",
    "Thành phố Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Gia Lâm",
]
_PLACE_AT = re.compile(
    r"\btại\s+(?:(?:Thành phố|thành phố|TP\.?|tỉnh|Tỉnh|huyện|quận|thị xã|thị trấn|Thủ đô)\s+)?"
    r"([A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"
)
_ADMIN = re.compile(r"^(?:thành phố|tp\.?|tỉnh|huyện|quận|thị xã|thị trấn|xã|phường)\s+", re.I)

ORG_HEADS = [
    "Liên hiệp",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Ủy ban",
    "Hội",
    "Ban Chấp hành",
    "Bộ",
    "Sở",
    "Thư viện",
    "Đảng ủy",
    "Đảng bộ",
    "Công đoàn",
    "Liên đoàn",
    "Mặt trận",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    "Quốc hội",
    "Chính phủ",
    "HĐND",
    "UBND",
    "Ban Thường vụ",
    "Văn phòng",
    "Trường",
    "Viện",
]
# where an organisation's name starts ("Liên hiệp …", "Quốc hội"): also what a question names
ORG_START = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(ORG_HEADS, key=len, reverse=True))) + r")(?!\w)")
_ORG_STOP = set(
    "đã đang sẽ tổ về và với cho của nhiệm lần năm ngày tại vừa thông họp đề là được có trong từ theo gồm kiêm "
    "phát tham khóa khoá nêu cũng đến nhằm trao tặng chủ trì bầu tiến diễn khai bế dự làm giữ đạt ra ban hành "
    "quyết nghị thực hiện triển mới tiếp này đó như khi để kính căn đẩy thưa xin trân".split()
)
_NAME_ABBREVIATIONS = ("LHPN", "HĐND", "UBND", "LĐLĐ", "MTTQ", "BCH", "TP")  # spelt out in names
# in a union's name "CĐ" is Công đoàn (elsewhere often cao đẳng: search does not read it as either)
_ABBREVIATIONS = {k: ABBREVIATIONS[k] for k in _NAME_ABBREVIATIONS} | {"TP.": ABBREVIATIONS["TP"], "CĐ": "Công đoàn"}
_CONGRESS = re.compile(r"ĐẠI HỘI(?: ĐẠI BIỂU)?\s+([A-ZĐÀ-Ỹ ]+?)(?:\s+LẦN THỨ|,|\s+NHIỆM KỲ|\s+KHÓA|$)")
_PLACE_IN_NAME = re.compile(
    r"(?:tỉnh|huyện|quận|thị xã|thị trấn|xã|phường|Thành phố|thành phố)\s+"
    r"((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"
)
_GENERIC_TAIL = set("tỉnh huyện quận xã phường thành phố các cấp thị trấn phía".split())
_NOT_ORGS = {
    "hội nghị",
    "hội thảo",
    "hội viên",
    "hội trường",
    "bộ trưởng",
    "sở hữu",
    "thư viện điện tử",
    "hội thi",
    "hội diễn",
    "ủy ban kiểm tra",
    "trường hợp",
    "viện dẫn",
    "ban hành",
}


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _iso(y: str, m: str | None = None, d: str | None = None) -> str | None:
    y_i = int(y)
    if m is None:
        return f"{y_i:04d}"
    m_i = int(m)
    if not 1 <= m_i <= 12:
        return None
    if d is None:
        return f"{y_i:04d}-{m_i:02d}"
    d_i = int(d)
    return f"{y_i:04d}-{m_i:02d}-{d_i:02d}" if 1 <= d_i <= 31 else None


def _is_reference(text: str, pos: int) -> bool:
    """A date inside a citation of another document ("Căn cứ ... ngày", "Quyết định số 12/QĐ ngày")."""
    before = text[max(0, pos - 90) : pos]
    sentence_start = max(before.rfind(". "), before.rfind(";"), before.rfind("\n"))
    return bool(_REFERENCE.search(before[sentence_start + 1 :]))


def dates(text: str, official: bool = False) -> tuple[str | None, str | None]:
    """(date, end date) of the meeting or signing, ISO ("2018-05-10", or "2021-07" when the day is blank).

    Official documents: the signing line, unless the text states the meeting's own dates.
    Other texts (news): a date said as the meeting's ("Sáng 10/5/2018"), else one near the top."""
    head = text[:4000]
    signing_partial = None
    for m in _SIGNING.finditer(head):
        if _is_reference(head, m.start()):
            continue
        day, month, year = m.group(2), m.group(3), m.group(4)
        if day and month and _iso(year, month, day):
            return _iso(year, month, day), None
        signing_partial = signing_partial or (_iso(year, month) if month else _iso(year))
    candidates: list[tuple[int, str, str | None]] = []
    for m in _RANGE_DATE.finditer(head):
        start, end = _iso(m.group(4), m.group(3), m.group(1)), _iso(m.group(4), m.group(3), m.group(2))
        if start and not _is_reference(head, m.start()):
            candidates.append((m.start(), start, end))
    for m in _MONTHS_RANGE.finditer(head):
        start, end = _iso(m.group(5), m.group(2), m.group(1)), _iso(m.group(5), m.group(4), m.group(3))
        if start and end and start < end and not _is_reference(head, m.start()):
            candidates.append((m.start(), start, end))
    for rx in (_LONG_DATE, _SHORT_DATE):
        for m in rx.finditer(head):
            iso = _iso(m.group(3), m.group(2), m.group(1))
            if (
                iso
                and not _is_reference(head, m.start())
                and not any(c[0] <= m.start() < c[0] + 40 and c[2] for c in candidates)
            ):
                candidates.append((m.start(), iso, None))
    candidates.sort()
    if not official:
        day = _DAY_NO_YEAR.search(_lead(head))
        if day:  # the lead's own day decides; a full date for another day is something the item cites
            wanted = f"-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
            same = [c for c in candidates if c[1].endswith(wanted)]
            return (same[0][1], same[0][2]) if same else (None, None)
        candidates = [c for c in candidates if c[2] or not _PAST_CUE.search(head[max(0, c[0] - 40) : c[0]])]
    for pos, start, end in candidates:
        cue = _OFFICIAL_MEETING_CUE if official and pos > 600 else _MEETING_CUE
        if (end or cue.search(head[max(0, pos - 16) : pos])) and (official or pos < 1500):
            return start, end
    if signing_partial or official:
        return signing_partial, None
    near_top = [c for c in candidates if c[0] < 800]
    return (near_top[0][1], near_top[0][2]) if near_top else (None, None)


def _lead(head: str) -> str:
    """A news item's title and lead: its first two non-empty lines, at most 500 characters."""
    lines = [line for line in head.split("\n") if line.strip()][:2]
    return "\n".join(lines)[:500]


# --- terms ------------------------------------------------------------------
_NAMED_TERM = re.compile(r"(?:nhiệm\s+kỳ|khóa|khoá)\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|[IVXLC]{1,7})\b", re.I)


def named_term(text: str) -> str | None:
    """The first term a passage names: "nhiệm kỳ 2018 - 2020" → "2018-2020", "khóa xiv" → "khóa XIV"."""
    m = _NAMED_TERM.search(text)
    if not m:
        return None
    value = m.group(1)
    return re.sub(r"\s*[-–—]\s*", "-", value) if value[0].isdigit() else "khóa " + value.upper()


def terms(text: str) -> dict:
    """Terms of office mentioned, and which one the document reviews and which it plans."""
    found: list[str] = []
    reviews: Counter[str] = Counter()
    plans: Counter[str] = Counter()
    for m in _TERM_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        before = text[max(0, m.start() - 40) : m.start()]
        if not (0 < b - a <= 10 and _TERM_CUE.search(before)):
            continue
        term = f"{a}-{b}"
        if term not in found:
            found.append(term)
        context = text[max(0, m.start() - 90) : m.start()]
        context = context[max(context.rfind("."), context.rfind(";")) + 1 :]
        if _REVIEW_CUE.search(context):
            reviews[term] += 1
        elif _PLAN_CUE.search(context):
            plans[term] += 1
    for m in _KHOA.finditer(text):
        word = "khóa" if fold(m.group(1)).startswith("khoa") else "nhiệm kỳ"
        number = m.group(2).upper()
        if word == "nhiệm kỳ" and number.isdigit():
            continue  # "nhiệm kỳ 2" is a count, not a name
        named = f"{word} {number}"
        if named not in found:
            found.append(named)
    ranges = [t for t in found if t[0].isdigit()]
    review = reviews.most_common(1)[0][0] if reviews else None
    plan = next((t for t, _ in plans.most_common() if t != review), None)
    if review and not plan:  # the term after the reviewed one, when the text names it
        plan = next((t for t in ranges if t.split("-")[0] == review.split("-")[1]), None)
    if plan and not review:
        review = next((t for t in ranges if t.split("-")[1] == plan.split("-")[0] and t != plan), None)
    return {"terms": found, "reviews": review, "plans": plan}


# --- kind, organisation, place -----------------------------------------------
def kind(doc: Document, own: str | None) -> str:
    first = first_page(doc)[:1500]
    folded = fold(first)
    best = None
    for heading, k in _HEADINGS:
        # the type heading is written in capitals: find it in the original text
        for m in re.finditer(r"(?<!\w)" + re.escape(heading) + r"(?!\w)", folded):
            original = first[m.start() : m.end()]
            if original.isupper() and (best is None or m.start() < best[0]):
                best = (m.start(), k)
    if best:
        return best[1]
    title = fold(doc.title)
    for heading, k in _HEADINGS[:8]:
        if title.startswith(heading + " "):
            return k  # "Nghị quyết về Chương trình giám sát ..." printed in full
    if own:
        # the paper's type code: "NQ" of "33/2022/NQ-HĐND" and of a Party paper's "05-NQ/ĐU"
        party = re.match(r"\d+-([A-ZĐ]+)/", own)
        code = party.group(1) if party else own.split("/")[-1].split("-")[0]
        if code in _NUMBER_KIND:
            return _NUMBER_KIND[code]
    if not MOTTO.search(first) and len(_EVENT.findall(doc.text[:3000])) >= 2:
        return "news"
    return "other"


def _nice_case(name: str) -> str:
    """ "HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG" → "Hội đồng nhân dân tỉnh Cao Bằng"."""
    if not name.isupper():
        return name
    out = name.lower().capitalize()
    for place in PROVINCES + ["Việt Nam", "Quốc hội", "Y tế"]:
        out = re.sub(re.escape(place.lower()), place, out)
    return out


def expand(name: str) -> str:
    """ "Hội LHPN huyện Gia Lâm" → "Hội Liên hiệp Phụ nữ huyện Gia Lâm"; capitals made sentence case."""
    name = _nice_case(name)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in name.split())


def _congress_org(first: str) -> str | None:
    """ "THAM LUẬN TẠI ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM LẦN THỨ XXI" → the body holding the congress."""
    m = _CONGRESS.search(first[:400])
    if not m:
        return None
    body = _nice_case(m.group(1).strip())
    if body.lower().startswith("phụ nữ"):
        return "Hội Liên hiệp " + body
    return body if ORG_START.match(body) else "Hội " + body


def first_page(doc: Document) -> str:
    return next((p.text for p in doc.pages if p.text.strip()), "")


# Type headings that name a paper but not one of KINDS: "CHỈ THỊ", "NGHỊ ĐỊNH" … (and "CHÍ THỊ" as OCR reads it)
_TITLE_HEADINGS = [h for h, _ in _HEADINGS] + ["chi thi", "nghi dinh", "thong tu", "de an", "quy dinh", "dieu le"]
_TITLE_HEADING = re.compile(r"(?<!\w)(?:" + "|".join(_TITLE_HEADINGS) + r")(?!\w)")
# Where a paper's subject ends: its legal bases or address begin, a new paragraph, or the issuer's
# name in capitals that opens the body ("HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG KHÓA XVII … Căn cứ").
_SUBJECT_END = re.compile(r"(?<!\w)(?:Căn cứ|Thực hiện|Kính gửi|Kính thưa|Theo đề nghị|Xét đề nghị)(?!\w)|\n\s*\n")
_ISSUER = re.compile(
    r"(?<!\w)(?:HỘI ĐỒNG NHÂN DÂN|Ủ?Y BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|"
    r"BAN CHẤP HÀNH|BAN THƯỜNG VỤ|GIÁM ĐỐC|HIỆU TRƯỞNG)(?!\w)"
)
_ABOUT = re.compile(r"^(?:V/v|Về việc|Về)\s+\S")  # a letter's subject line: "V/v phân công nhiệm vụ …"
MAX_TITLE = 250


def official_title(first: str) -> str | None:
    """An administrative paper's own title: its type heading in capitals and its subject, as
    the first page prints them at the top ("NGHỊ QUYẾT QUY ĐỊNH MỨC THU … LỆ PHÍ CẤP GIẤY PHÉP
    LAO ĐỘNG …", "QUYẾT ĐỊNH Về việc công nhận …"), or a letter's "V/v …" line; None for a
    text without either (a news item, a speech that starts with its own words)."""
    head = first[:1500]
    folded = fold(head)
    top = max((m.end() for m in (MOTTO.search(head), re.search(r"Số\s*:", head)) if m), default=0)
    for m in _TITLE_HEADING.finditer(folded):
        heading = head[m.start() : m.end()]
        # the paper's heading is in capitals, at its very top or under the national header and its
        # number (a two-column header may interleave them: some slack before the number)
        at_top, under_header = m.start() <= 2, bool(top) and m.start() >= top - 200
        if not heading.isupper() or not (at_top or under_header):
            continue
        rest = head[m.end() :].lstrip()  # "QUYẾT ĐỊNH" on a line of its own: the subject is the next
        end = _SUBJECT_END.search(rest)
        subject = rest[: end.start()] if end else rest
        issuer = next((i for i in _ISSUER.finditer(subject) if i.start() >= 15), None)
        subject = subject[: issuer.start()] if issuer else subject
        return _short(clean_spaces(f"{heading} {subject}").strip(" ,;:|„“”\"'"))
    for para in (head[top:] if top else "").split("\n"):
        para = clean_spaces(para)
        if _ABOUT.match(para):
            return _short(para)
    return None


_STAMP = re.compile(r"(?:Người ký|Ký bởi|Email|Thời gian ký|SAO Y)\s*[:;]")  # a digital signature's stamp


def first_paragraph(pages) -> str:
    """The first paragraph that is not a digital signature's stamp ("Người ký: …, Email: …"), cut at
    200 characters: on a paper, the issuer beside the national header; on a news item, its headline
    and the start of its lead."""
    for page in pages:
        for para in page.text.split("\n"):
            para = clean_spaces(para)
            if len(para) >= 8 and not _STAMP.search(para):
                return para if len(para) <= 200 else para[:197].rsplit(" ", 1)[0] + "…"
    return ""


def _short(text: str) -> str:
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"


def _org_mentions(text: str) -> Counter[str]:
    """Names such as "Liên hiệp Thư viện các tỉnh Miền núi phía Bắc", "Hội LHPN huyện Gia Lâm"."""
    counts: Counter[str] = Counter()
    for m in ORG_START.finditer(text):
        words = [m.group()]
        upper_run = m.group().isupper()
        for w in re.finditer(r"[^\S\n]+(\S+)", text[m.end() : m.end() + 120]):
            token = w.group(1)
            bare = token.strip(",.;:()\"“”'")
            if not bare or bare.lower() in _ORG_STOP or bare[0].isdigit():
                break
            if upper_run and len(words) > 1 and not bare.isupper():
                break  # "UBND THỊ TRẤN NGÃI GIAO Căn cứ": the capitals ended
            words.append(bare)
            if bare != token or len(words) >= 10:
                break
        while len(words) > 1 and words[-1].lower() in _GENERIC_TAIL:
            words.pop()  # "Ủy ban nhân dân tỉnh" → "Ủy ban nhân dân"
        name = expand(" ".join(words))
        if (
            len(words) >= 2
            and _is_cap(words[1])
            or (len(words) >= 3 and m.group() in ("Hội đồng nhân dân", "Ủy ban nhân dân"))
        ):
            if name.lower() not in _NOT_ORGS and not any(name.lower().startswith(n) for n in _NOT_ORGS):
                counts[name] += 1
    return counts


def organisations(doc: Document) -> list[str]:
    """The issuing body (from an official header) first, then organisations most mentioned."""
    first = first_page(doc)[:1200]
    out: list[str] = []
    congress = _congress_org(first)
    if congress:
        out.append(congress)
    motto = MOTTO.search(first)
    if motto and not congress:
        head = clean_spaces(re.sub(r"[—–_-]{2,}.*", "", first[: motto.start()].split("\n")[0]))
        head = re.sub(r"\s*(Số|Số:).*$", "", head)
        head = re.sub(r",?\s*(LẦN THỨ|NHIỆM KỲ).*$", "", head)
        if 3 <= len(head) <= 120 and head.isupper():
            out.append(expand(head))
    for name, n in _org_mentions(doc.text[:20000]).most_common(8):
        if (n >= 2 or not out) and not any(fold(name) in fold(o) or fold(o) in fold(name) for o in out):
            out.append(name)
    return out[:5]


_NOT_PLACE = re.compile(r"^(?:.*\b(?:Hạnh phúc|HĐND|UBND|Số|TM\.?|KT\.?)\b\s*)", re.I)


def places(doc: Document) -> list[str]:
    """The place of signing or of the meeting: "Cao Bằng", "Lạng Sơn", "Gia Lâm"."""
    head = doc.text[:4000]
    out: list[str] = []
    for m in _SIGNING.finditer(head):
        name = _ADMIN.sub("", _NOT_PLACE.sub("", clean_spaces(m.group(1).split("\n")[-1])))
        if name and not _is_reference(head, m.start()) and len(name.split()) <= 4:
            out.append(_nice_case(name))
            break
    for m in _PLACE_AT.finditer(head):
        name = _ADMIN.sub("", m.group(1)).strip()
        known = [p for p in PROVINCES if fold(name).startswith(fold(p))]
        if known and known[0] not in out:
            out.append(known[0])
    if not out:  # "Hội Liên hiệp Phụ nữ huyện Gia Lâm" was held in Gia Lâm
        for org in organisations(doc)[:1]:
            found = _PLACE_IN_NAME.search(org)
            if found:
                out.append(found.group(1))
    return out


_ANNOUNCE = re.compile(r"(thông qua|ban hành|công bố|gồm|về việc|nghị quyết số|quyết định số)\W*$", re.I)


def own_number(doc: Document) -> str | None:
    """The document's own number, printed after "Số" in its header ("Số: 1360/QĐ-TTg"); a news
    item's lead names other papers' numbers, and a decree's preamble those it rests on."""
    first = first_page(doc)[:700]
    for m in PAPER_NUMBER.finditer(first):
        if _OWN_NUMBER.search(first[max(0, m.start() - 8) : m.start()]) and not _is_reference(first, m.start()):
            return _clean_number(m.group())
    return None


def numbers(doc: Document, own: str | None) -> list[str]:
    """The document's own number (`own`) and those it adopts or announces, not legal bases."""
    out = [own] if own else []
    text = doc.text[:20000]
    for m in PAPER_NUMBER.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        number = _clean_number(m.group())
        if _ANNOUNCE.search(before) and not _is_reference(text, m.start() - 20) and number not in out:
            out.append(number)
    return out


_OWN_NUMBER = re.compile(r"(?<!\w)Số\s*:?\s*$")


def _clean_number(number: str) -> str:
    return "".join(number.split()).replace("Ð", "Đ")


MINHASH_SIZE = 64


def minhash(text: str, n: int = MINHASH_SIZE, width: int = 5) -> list[int]:
    """A MinHash signature of the text's 5-syllable shingles (accent-folded), to find the same
    document in another rendering: the share of equal positions estimates their Jaccard similarity."""
    import hashlib

    import numpy as np

    words = re.findall(r"\w+", fold(text))
    grams = {" ".join(words[i : i + width]) for i in range(max(1, len(words) - width + 1))}
    if not grams:
        return []
    hashes = np.array(
        [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") >> 1 for g in grams],
        dtype=np.uint64,
    )
    rng = np.random.default_rng(20261126)
    a = rng.integers(1, 2**61 - 1, n, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**61 - 1, n, dtype=np.uint64)
    mixed = (hashes[None, :] * a[:, None] + b[:, None]) & np.uint64(2**61 - 1)
    return [int(x) for x in mixed.min(axis=1)]
