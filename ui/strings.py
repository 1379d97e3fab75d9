"""Every string the UI shows, Vietnamese first, English second: one place to read and to translate."""

from __future__ import annotations

import streamlit as st

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "app.title": "Tra cứu báo cáo, nghị quyết",
        "app.short": "Tra cứu nghị quyết",
        "app.org": "Liên hiệp Thư viện các tỉnh miền núi phía Bắc",
        "app.language": "Ngôn ngữ / Language",
        "app.count": "{docs} tài liệu · {chunks} đoạn",
        "app.model.loading": "Đang nạp mô hình ngôn ngữ…",
        "app.model.ready": "Mô hình ngôn ngữ đã sẵn sàng",
        "app.model.idle": "Mô hình ngôn ngữ nạp khi tìm lần đầu",
        "app.model.failed": "Không nạp được mô hình ngôn ngữ: {error}",
        "app.model.wait": "Đang nạp mô hình ngôn ngữ (chỉ lần đầu, khoảng 15 giây)…",
        "app.empty": (
            "**Chào mừng!** Kho tài liệu đang trống.\n\n"
            "Thêm báo cáo, nghị quyết, quyết định ở trang **Tài liệu** (tải tệp lên), "
            "hoặc trên máy chủ chạy lệnh `kb ingest THƯ_MỤC` rồi tải lại trang.\n\n"
            "Hỗ trợ các tệp: {types}."
        ),
        "nav.search": "Tìm kiếm",
        "nav.ask": "Hỏi đáp",
        "nav.terms": "Nhiệm kỳ",
        "nav.library": "Tài liệu",
        "nav.overview": "Thống kê",
        "page": "trang",
        "Page": "Trang",
        "pages": "{n} trang",
        "term": "nhiệm kỳ {term}",
        "all": "Tất cả",
        "open": "Xem trang {page}",
        "search.title": "Tìm kiếm",
        "search.caption": "Tìm trong các báo cáo, nghị quyết và quyết định đã lưu, qua mọi nhiệm kỳ.",
        "search.query": "Nội dung cần tìm",
        "search.placeholder": "Ví dụ: khó khăn về kinh phí nhiệm kỳ 2015-2018",
        "search.filters": "Bộ lọc",
        "search.term": "Nhiệm kỳ",
        "search.year_from": "Từ năm",
        "search.year_to": "Đến năm",
        "search.kind": "Loại văn bản",
        "search.org": "Cơ quan, tổ chức",
        "search.section": "Phần",
        "search.mode": "Cách tìm",
        "search.modes.hybrid": "Kết hợp (nên dùng)",
        "search.modes.dense": "Theo ý nghĩa",
        "search.modes.lexical": "Đúng từ khóa",
        "search.results": "Tìm thấy {n} tài liệu phù hợp",
        "search.none": "Không tìm thấy đoạn nào phù hợp. Hãy thử từ khác, hoặc bỏ bớt bộ lọc.",
        "search.hint": "Gõ nội dung cần tìm rồi nhấn Enter. Có thể gõ không dấu.",
        "reader.title": "Đọc tài liệu",
        "reader.page": "Trang",
        "reader.of": "Toàn văn trang {page} / {pages}",
        "reader.image": "Trang {page} / {pages}, như trong bản gốc",
        "reader.found": "Đoạn tìm thấy",
        "reader.passage": "Đoạn tìm thấy được tô vàng trong toàn văn dưới đây.",
        "reader.text": "Văn bản của trang",
        "reader.no_text": "Trang này không có chữ đọc được.",
        "reader.no_image": "Không hiển thị được hình trang PDF ({error}); dưới đây là văn bản của trang.",
        "reader.download": "Tải bản gốc",
        "reader.missing": "Không còn bản gốc trong kho; hãy thêm lại tệp {name}.",
        "ask.title": "Hỏi đáp",
        "ask.caption": "Đặt câu hỏi về nội dung các báo cáo, nghị quyết. Mỗi câu trả lời kèm nguồn: tài liệu và trang.",
        "ask.input": "Nhập câu hỏi, ví dụ: Ai được bầu làm Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?",
        "ask.clear": "Xóa cuộc trò chuyện",
        "ask.thinking": "Đang tìm câu trả lời…",
        "ask.sources": "Nguồn",
        "ask.confidence": "Độ tin cậy: {p}%",
        "ask.not_found": "Không tìm thấy câu trả lời trong kho tài liệu. Các đoạn gần nhất:",
        "ask.hello": "Hỏi bất cứ điều gì về các kỳ hội nghị, nghị quyết, nhân sự… Câu trả lời luôn dẫn nguồn để kiểm "
        "tra.",
        "terms.title": "Nhiệm kỳ",
        "terms.caption": "Những gì đã quyết định và phương hướng đề ra trong từng nhiệm kỳ, theo thứ tự thời gian.",
        "terms.topic": "Chủ đề (để trống để xem tất cả)",
        "terms.placeholder": "Ví dụ: văn hóa đọc, số hóa tài liệu, kinh phí",
        "terms.none": "Chưa có nhiệm kỳ nào được nhận ra trong các tài liệu.",
        "terms.none_topic": "Không có đoạn nào về chủ đề này.",
        "terms.unknown": "Chưa rõ nhiệm kỳ",
        "library.title": "Tài liệu",
        "library.caption": "Tất cả tài liệu trong kho và thông tin của chúng. Bấm vào tên cột để sắp xếp.",
        "library.tab.list": "Danh sách",
        "library.tab.add": "Thêm tài liệu",
        "library.tab.edit": "Sửa thông tin",
        "library.tab.remove": "Xóa",
        "library.tab.reindex": "Lập lại chỉ mục",
        "library.filter": "Lọc theo tên hoặc tiêu đề",
        "library.shown": "{shown} / {total} tài liệu",
        "library.col.title": "Tiêu đề",
        "library.col.file": "Tệp",
        "library.col.kind": "Loại",
        "library.col.date": "Ngày",
        "library.col.terms": "Nhiệm kỳ",
        "library.col.orgs": "Cơ quan",
        "library.col.pages": "Số trang",
        "library.col.chunks": "Số đoạn",
        "library.col.added": "Ngày thêm",
        "library.upload": "Chọn tệp (có thể chọn nhiều tệp)",
        "library.upload.help": "Hỗ trợ: {types}. Mỗi tệp tối đa {mb} MB.",
        "library.upload.button": "Thêm vào kho",
        "library.upload.progress": "Đang xử lý {done}/{total}: {name}",
        "library.upload.done": "Xong: {added} tệp đã thêm, {duplicate} trùng, {skipped} bỏ qua.",
        "library.upload.too_big": "tệp nặng {mb} MB, quá giới hạn {limit} MB; hãy tách nhỏ tệp.",
        "library.upload.bad_type": "loại tệp '{suffix}' không được hỗ trợ; hãy chuyển sang một trong: {types}.",
        "library.upload.same_name": "Trong kho đã có một tài liệu khác cùng tên; cả hai được giữ. Nếu tệp mới thay "
        "bản cũ, hãy xóa bản cũ ở thẻ «Xóa».",
        "library.status.added": "Đã thêm",
        "library.status.updated": "Đã cập nhật",
        "library.status.unchanged": "Đã có, không đổi",
        "library.status.duplicate": "Trùng nội dung, không lưu thêm",
        "library.status.skipped": "Bỏ qua",
        "library.chunks": "{n} đoạn",
        "library.choose": "Chọn tài liệu",
        "library.edit.button": "Lưu thay đổi",
        "library.edit.saved": "Đã lưu thông tin của {name}.",
        "library.edit.terms_help": "Các nhiệm kỳ, cách nhau bằng dấu phẩy, ví dụ: 2015-2018, 2018-2020",
        "library.edit.orgs_help": "Tên cơ quan, tổ chức ban hành",
        "library.edit.date": "Ngày ban hành (năm-tháng-ngày, ví dụ 2018-05-10)",
        "library.remove.confirm": "Tôi chắc chắn muốn xóa tài liệu này khỏi kho",
        "library.remove.button": "Xóa tài liệu",
        "library.remove.done": "Đã xóa {name}.",
        "library.reindex.help": "Đọc lại mọi bản gốc đã lưu, cắt đoạn và tính lại vector. Dùng sau khi đổi mô hình "
        "hoặc nâng cấp. Có thể mất vài phút; trong lúc đó kho vẫn đọc được.",
        "library.reindex.button": "Lập lại chỉ mục",
        "library.reindex.done": "Đã lập lại chỉ mục cho {n} tài liệu.",
        "library.none": "Kho chưa có tài liệu nào.",
        "overview.title": "Thống kê",
        "overview.caption": "Kho có gì: số lượng theo nhiệm kỳ, loại văn bản, cơ quan; tình trạng mô hình và chỉ mục.",
        "overview.documents": "Tài liệu",
        "overview.pages": "Trang",
        "overview.chunks": "Đoạn",
        "overview.disk": "Dung lượng",
        "overview.by_term": "Theo nhiệm kỳ",
        "overview.by_kind": "Theo loại văn bản",
        "overview.by_org": "Theo cơ quan, tổ chức",
        "overview.count": "Số tài liệu",
        "overview.no_meta": "Chưa có thông tin này.",
        "overview.system": "Mô hình và chỉ mục",
        "overview.model": "Mô hình",
        "overview.dim": "Số chiều vector",
        "overview.index": "Chỉ mục",
        "overview.index_size": "Số vector trong chỉ mục",
        "overview.in_step": "Chỉ mục khớp với danh mục",
        "overview.out_of_step": "Chỉ mục lệch danh mục ({index} / {chunks}); hãy lập lại chỉ mục ở trang Tài liệu.",
        "overview.home": "Thư mục kho",
        "overview.model_state": "Trạng thái mô hình",
        "yes": "Có",
        "no": "Không",
        # --- issue 16: search without accents, answers with their evidence
        "search.restored": "Đang tìm: **{restored}**",
        "search.as_typed": "Tìm đúng như đã gõ",
        "ask.restored": "Đã hiểu câu hỏi là: {restored}",
        "ask.evidence": "Câu trả lời lấy từ đoạn này (phần tô vàng):",
        # (end of issue 16's strings)
        # --- issue 17: sign-in, roles, access, audit trail, trash
        # (end of issue 17's strings)
        # --- issue 18: the onboarding brief (Hồ sơ nhiệm kỳ)
        "nav.brief": "Hồ sơ nhiệm kỳ",
        "brief.title": "Hồ sơ nhiệm kỳ",
        "brief.caption": (
            "Một trang về một tổ chức trong một nhiệm kỳ: kỳ họp, nhân sự, chỉ tiêu, phương hướng, quyết định, "
            "khó khăn và kết quả — mỗi dòng dẫn tới trang văn bản của nó."
        ),
        "brief.org": "Tổ chức",
        "brief.org_option": "{org} ({n} văn bản)",
        "brief.term": "Nhiệm kỳ",
        "brief.none": "Chưa có tổ chức nào trong kho để lập hồ sơ.",
        "brief.no_terms": "Các văn bản của tổ chức này không nêu nhiệm kỳ nào.",
        "brief.summary": "Thêm đoạn tóm tắt do mô hình ngôn ngữ viết",
        "brief.making": "Đang lập hồ sơ…",
        "brief.docx": "Tải về DOCX",
        "brief.pdf": "Tải về PDF",
        "brief.previous": "Nhiệm kỳ trước: {term}",
        "brief.took": "Lập trong {seconds} giây từ {n} văn bản",
        "brief.opening_note": "Đoạn tóm tắt do mô hình ngôn ngữ viết từ các dòng dưới đây; số trong ngoặc là số dòng.",
        # (end of issue 18's strings)
    },
    "en": {
        "app.title": "Reports and resolutions",
        "app.short": "Resolutions search",
        "app.org": "Union of Libraries of the Northern Mountain Provinces",
        "app.language": "Ngôn ngữ / Language",
        "app.count": "Documents: {docs} · passages: {chunks}",
        "app.model.loading": "Loading the language model…",
        "app.model.ready": "Language model ready",
        "app.model.idle": "The language model loads on the first search",
        "app.model.failed": "The language model could not be loaded: {error}",
        "app.model.wait": "Loading the language model (first time only, about 15 seconds)…",
        "app.empty": (
            "**Welcome!** The knowledge base is empty.\n\n"
            "Add reports, resolutions and decisions on the **Library** page (upload files), "
            "or on the server run `kb ingest FOLDER`, then reload this page.\n\n"
            "Supported files: {types}."
        ),
        "nav.search": "Search",
        "nav.ask": "Ask",
        "nav.terms": "Terms",
        "nav.library": "Library",
        "nav.overview": "Overview",
        "page": "page",
        "Page": "Page",
        "pages": "{n} pages",
        "term": "term {term}",
        "all": "All",
        "open": "Open page {page}",
        "search.title": "Search",
        "search.caption": "Search the stored reports, resolutions and decisions across every term.",
        "search.query": "What are you looking for?",
        "search.placeholder": "e.g. funding difficulties in the 2015-2018 term",
        "search.filters": "Filters",
        "search.term": "Term",
        "search.year_from": "From year",
        "search.year_to": "To year",
        "search.kind": "Kind of document",
        "search.org": "Organisation",
        "search.section": "Section",
        "search.mode": "Search mode",
        "search.modes.hybrid": "Combined (recommended)",
        "search.modes.dense": "By meaning",
        "search.modes.lexical": "Exact keywords",
        "search.results": "{n} matching documents",
        "search.none": "No matching passage. Try other words, or remove some filters.",
        "search.hint": "Type what you are looking for and press Enter. Accents are optional.",
        "reader.title": "Read the document",
        "reader.page": "Page",
        "reader.of": "Full text of page {page} of {pages}",
        "reader.image": "Page {page} of {pages}, as in the original",
        "reader.found": "The passage found",
        "reader.passage": "The passage found is highlighted in the full text below.",
        "reader.text": "Text of the page",
        "reader.no_text": "This page has no readable text.",
        "reader.no_image": "The PDF page could not be shown ({error}); its text follows.",
        "reader.download": "Download the original",
        "reader.missing": "The original is no longer stored; add the file {name} again.",
        "ask.title": "Ask",
        "ask.caption": "Ask about the content of the reports and resolutions. Every answer cites its sources: "
        "document and page.",
        "ask.input": "Type a question, e.g. Who was elected Chair of the Union for 2018-2020?",
        "ask.clear": "Clear the conversation",
        "ask.thinking": "Looking for the answer…",
        "ask.sources": "Sources",
        "ask.confidence": "Confidence: {p}%",
        "ask.not_found": "No answer was found in the documents. The nearest passages:",
        "ask.hello": "Ask anything about the conferences, resolutions, people… Every answer cites its sources so you "
        "can check it.",
        "terms.title": "Terms",
        "terms.caption": "What was decided and which directions were set in each term, in order.",
        "terms.topic": "Topic (leave empty for all)",
        "terms.placeholder": "e.g. reading culture, digitisation, funding",
        "terms.none": "No term of office was recognised in the documents yet.",
        "terms.none_topic": "No passage about this topic.",
        "terms.unknown": "Term not known",
        "library.title": "Library",
        "library.caption": "Every document in the knowledge base with its details. Click a column name to sort.",
        "library.tab.list": "List",
        "library.tab.add": "Add documents",
        "library.tab.edit": "Correct details",
        "library.tab.remove": "Remove",
        "library.tab.reindex": "Re-index",
        "library.filter": "Filter by file name or title",
        "library.shown": "{shown} of {total} documents",
        "library.col.title": "Title",
        "library.col.file": "File",
        "library.col.kind": "Kind",
        "library.col.date": "Date",
        "library.col.terms": "Terms",
        "library.col.orgs": "Organisations",
        "library.col.pages": "Pages",
        "library.col.chunks": "Passages",
        "library.col.added": "Added",
        "library.upload": "Choose files (several at once if you like)",
        "library.upload.help": "Supported: {types}. At most {mb} MB per file.",
        "library.upload.button": "Add to the knowledge base",
        "library.upload.progress": "Processing {done}/{total}: {name}",
        "library.upload.done": "Done: {added} added, {duplicate} duplicate, {skipped} skipped.",
        "library.upload.too_big": "the file is {mb} MB, over the {limit} MB limit; split it.",
        "library.upload.bad_type": "files of type '{suffix}' are not supported; convert it to one of: {types}.",
        "library.upload.same_name": "Another document with the same name is already stored; both are kept. If the new "
        "file replaces the old one, remove the old one in the «Remove» tab.",
        "library.status.added": "Added",
        "library.status.updated": "Updated",
        "library.status.unchanged": "Already stored, unchanged",
        "library.status.duplicate": "Same content as a stored document, not stored again",
        "library.status.skipped": "Skipped",
        "library.chunks": "{n} passages",
        "library.choose": "Choose a document",
        "library.edit.button": "Save changes",
        "library.edit.saved": "Saved the details of {name}.",
        "library.edit.terms_help": "Terms separated by commas, e.g. 2015-2018, 2018-2020",
        "library.edit.orgs_help": "The issuing organisation",
        "library.edit.date": "Date (year-month-day, e.g. 2018-05-10)",
        "library.remove.confirm": "Yes, remove this document from the knowledge base",
        "library.remove.button": "Remove the document",
        "library.remove.done": "Removed {name}.",
        "library.reindex.help": "Re-read every stored original, cut it into passages and embed it again. Use after "
        "changing the model or upgrading. It can take minutes; the knowledge base stays "
        "readable meanwhile.",
        "library.reindex.button": "Re-index",
        "library.reindex.done": "Re-indexed {n} documents.",
        "library.none": "No documents yet.",
        "overview.title": "Overview",
        "overview.caption": "What the knowledge base holds: counts by term, kind and organisation; the model and the "
        "index.",
        "overview.documents": "Documents",
        "overview.pages": "Pages",
        "overview.chunks": "Passages",
        "overview.disk": "On disk",
        "overview.by_term": "By term",
        "overview.by_kind": "By kind",
        "overview.by_org": "By organisation",
        "overview.count": "Documents",
        "overview.no_meta": "Not known yet.",
        "overview.system": "Model and index",
        "overview.model": "Model",
        "overview.dim": "Vector dimension",
        "overview.index": "Index",
        "overview.index_size": "Vectors in the index",
        "overview.in_step": "Index in step with the catalog",
        "overview.out_of_step": "The index is out of step with the catalog ({index} / {chunks}); re-index on the "
        "Library page.",
        "overview.home": "Knowledge base folder",
        "overview.model_state": "Model status",
        "yes": "Yes",
        "no": "No",
        # --- issue 16: search without accents, answers with their evidence
        "search.restored": "Searching for: **{restored}**",
        "search.as_typed": "Search as typed instead",
        "ask.restored": "Read the question as: {restored}",
        "ask.evidence": "The answer comes from this passage (marked):",
        # (end of issue 16's strings)
        # --- issue 17: sign-in, roles, access, audit trail, trash
        # (end of issue 17's strings)
        # --- issue 18: the onboarding brief (Hồ sơ nhiệm kỳ)
        "nav.brief": "Term brief",
        "brief.title": "Term brief",
        "brief.caption": (
            "One page about an organisation in a term: meetings, officers, targets, directions, decisions, "
            "difficulties and results — every line leads to its page."
        ),
        "brief.org": "Organisation",
        "brief.org_option": "{org} ({n} papers)",
        "brief.term": "Term",
        "brief.none": "No organisation in the knowledge base to brief on yet.",
        "brief.no_terms": "The papers of this organisation name no term.",
        "brief.summary": "Add a summary written by the language model",
        "brief.making": "Making the brief…",
        "brief.docx": "Download DOCX",
        "brief.pdf": "Download PDF",
        "brief.previous": "The term before: {term}",
        "brief.took": "Made in {seconds} s; papers read: {n}",
        "brief.opening_note": (
            "The summary was written by a language model from the lines below; numbers in brackets are lines."
        ),
        # (end of issue 18's strings)
    },
}

# Document kinds as the metadata extraction names them, shown in each language.
KINDS: dict[str, dict[str, str]] = {
    "vi": {
        "report": "Báo cáo",
        "resolution": "Nghị quyết",
        "minutes": "Biên bản",
        "conclusion": "Kết luận",
        "notice": "Thông báo",
        "decision": "Quyết định",
        "plan": "Kế hoạch",
        "speech": "Tham luận, phát biểu",
        "news": "Tin, bài viết",
        "other": "Khác",
    },
    "en": {
        "report": "Report",
        "resolution": "Resolution",
        "minutes": "Minutes",
        "conclusion": "Conclusion",
        "notice": "Notice",
        "decision": "Decision",
        "plan": "Plan",
        "speech": "Speech",
        "news": "News article",
        "other": "Other",
    },
}

# Parts of a meeting report a passage can belong to (the section filter and the timeline).
SECTIONS: dict[str, dict[str, str]] = {
    "vi": {
        "achievements": "Kết quả đạt được",
        "difficulties": "Khó khăn, hạn chế",
        "directions": "Phương hướng, nhiệm vụ",
        "decisions": "Quyết định, nghị quyết",
        "elections": "Bầu cử, nhân sự",
        "other": "Nội dung khác",
    },
    "en": {
        "achievements": "Achievements",
        "difficulties": "Difficulties",
        "directions": "Directions",
        "decisions": "Decisions",
        "elections": "Elections and people",
        "other": "Other content",
    },
}


def lang() -> str:
    """The language chosen in the sidebar (Vietnamese until someone switches)."""
    value = st.session_state.get("lang", "vi")
    return value if value in STRINGS else "vi"


def t(key: str, **values) -> str:
    """The string `key` in the current language, with {placeholders} filled."""
    text = STRINGS[lang()].get(key) or STRINGS["vi"][key]
    return text.format(**values) if values else text


def kind_label(kind: str | None) -> str:
    if not kind:
        return ""
    return KINDS[lang()].get(kind, kind)


def section_label(section: str | None) -> str:
    if not section:
        return ""
    return SECTIONS[lang()].get(section, section)
