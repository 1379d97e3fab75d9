"""The texts of ingest/messages.py: key → (Vietnamese, English). Values in braces are filled in."""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- answers ---------------------------------------------------------------------------
    "ask.not_found": (
        "Không tìm thấy câu trả lời trong các tài liệu đã lưu.",
        "No answer was found in the stored documents.",
    ),
    "ask.not_found.why": (
        "Không tìm thấy câu trả lời trong các tài liệu đã lưu vì {reason}. Những đoạn gần nhất được liệt kê dưới đây.",
        "No answer was found in the stored documents because {reason}. The closest passages are listed below.",
    ),
    "ask.why.passage_words": (
        "đoạn gần nhất chỉ chứa {share}% nội dung câu hỏi",
        "the closest passage holds only {share}% of the question's words",
    ),
    "ask.why.sentence_words": (
        "không câu nào của đoạn gần nhất nói đủ nội dung câu hỏi (chỉ {share}%)",
        "no sentence of the closest passage says enough of the question (only {share}%)",
    ),
    "ask.why.numbers": ("các đoạn gần nhất không nhắc đến {numbers}", "the closest passages do not mention {numbers}"),
    "ask.why.counted": (
        "các đoạn gần nhất không đếm đúng điều câu hỏi hỏi",
        "the closest passages count something other than what is asked",
    ),
    "ask.why.places": ("các đoạn gần nhất không nói về {places}", "the closest passages are not about {places}"),
    "ask.why.names": ("các đoạn gần nhất không nêu {names}", "the closest passages do not name {names}"),
    "ask.why.role": ("câu gần nhất không nêu chức vụ {role}", "the closest sentence does not name the role {role}"),
    "ask.why.term": (
        "các đoạn gần nhất nói về nhiệm kỳ khác, không phải {term}",
        "the closest passages are about another term than {term}",
    ),
    "ask.why.scope": ("không có tài liệu nào thuộc {scope}", "no stored document belongs to {scope}"),
    "ask.why.kind.number": (
        "các đoạn gần nhất không có con số nào trả lời câu hỏi",
        "the closest passages give no number that answers it",
    ),
    "ask.why.kind.date": (
        "các đoạn gần nhất không có ngày tháng nào trả lời câu hỏi",
        "the closest passages give no date that answers it",
    ),
    "ask.why.kind.place": ("các đoạn gần nhất không nêu địa điểm nào", "the closest passages name no place"),
    "ask.why.kind.code": (
        "các đoạn gần nhất không có số hiệu văn bản nào",
        "the closest passages give no paper's number",
    ),
    "ask.why.kind.reason": ("các đoạn gần nhất không nêu lý do nào", "the closest passages give no reason"),
    "ask.why.kind.person": ("các đoạn gần nhất không nêu tên người nào", "the closest passages name no person"),
    "ask.scope.years": ("nhiệm kỳ {term}", "the term {term}"),
    "ask.scope.term": ("{term}", "{term}"),
    "ask.scope.year": ("năm {year}", "the year {year}"),
    "ask.who": ("{who}: {role}.", "{who}: {role}."),
    "ask.who.years": ("{who}: {role}, nhiệm kỳ {term}.", "{who}: {role}, term {term}."),
    "ask.who.term": ("{who}: {role}, {term}.", "{who}: {role}, {term}."),
    "ask.signed": ("{name}, {title}, ký {what}.", "{name}, {title}, signed {what}."),
    "ask.signed.number": ("văn bản số {number}", "paper no. {number}"),
    "ask.signed.this": ("văn bản này ({file})", "this paper ({file})"),
    # --- the optional language model ---------------------------------------------------------
    "llm.failed": (
        "Máy chủ mô hình ngôn ngữ ({url}) không trả lời ({error}); đây là câu trả lời trích từ tài liệu.",
        "The language model server ({url}) did not answer ({error}); this is the answer taken from the documents.",
    ),
    "llm.not_found": (
        "Mô hình ngôn ngữ không tìm thấy câu trả lời trong các đoạn trích.",
        "The language model found no answer in the passages.",
    ),
    "llm.uncited": (
        "Câu trả lời của mô hình không ghi nguồn hợp lệ; đây là câu trả lời trích từ tài liệu.",
        "The model's answer cited no valid source; this is the answer taken from the documents.",
    ),
    "llm.written": (
        "Câu trả lời do mô hình ngôn ngữ viết từ các đoạn trích.",
        "This answer was written by the language model from the passages.",
    ),
    "ask.no_words": (
        'Câu hỏi không có chữ nào: hãy viết điều cần biết, ví dụ "Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"',
        'The question has no words: write what you want to know, e.g. "Ai là Chủ tịch Liên hiệp nhiệm kỳ 2018-2020?"',
    ),
    "ask.not_vietnamese": (
        "Câu hỏi không phải tiếng Việt: tài liệu và câu trả lời đều bằng tiếng Việt. Hãy hỏi bằng "
        'tiếng Việt, có dấu hoặc không dấu, ví dụ "Ai là Chủ tịch Liên hiệp nhiệm kỳ này?" hoặc '
        '"ai la chu tich lien hiep".',
        "The question does not read as Vietnamese: the documents and the answers are in "
        'Vietnamese. Ask in Vietnamese, with or without accents, e.g. "Ai là Chủ tịch Liên hiệp '
        'nhiệm kỳ này?" or "ai la chu tich lien hiep".',
    ),
    # --- reading files (ingest/) ----------------------------------------------------------------
    "read.type": (
        "{name}: không hỗ trợ tệp loại '{suffix}'; hãy chuyển sang một trong các loại {suffixes}.",
        "{name}: files of type '{suffix}' are not supported; convert it to one of {suffixes}.",
    ),
    "read.no_suffix": ("không có đuôi", "no suffix"),
    "read.too_big": (
        "{name}: tệp nặng {mb} MB, quá giới hạn {limit} MB; hãy chia nhỏ tệp.",
        "{name}: the file is {mb} MB, over the {limit} MB limit; split it.",
    ),
    "read.cannot_open": (
        "{name}: không mở được tệp ({why}); hãy kiểm tra tệp có tồn tại và đọc được không.",
        "{name}: cannot open the file ({why}); check that it exists and is readable.",
    ),
    "read.empty": (
        "{name}: tệp trống; hãy kiểm tra tệp đã được lưu hoặc sao chép đầy đủ chưa.",
        "{name}: the file is empty; check that it was saved or copied completely.",
    ),
    "read.no_text": (
        "{name}: không đọc được chữ nào trong tệp; hãy kiểm tra tệp có nội dung chữ không.",
        "{name}: no text could be read from the file; check that it has text in it.",
    ),
    "read.no_text.pdf": (
        "{name}: không đọc được chữ nào trong tệp (bản quét không có lớp chữ?); hãy kiểm tra tệp có "
        "nội dung chữ không.",
        "{name}: no text could be read from the file (a scan without a text layer?); check that it has text in it.",
    ),
    "read.lying_suffix": (
        "{name}: đây không phải tệp {suffix} đọc được, nội dung của nó là {kind}; hãy đặt đúng đuôi "
        "tệp, hoặc xuất lại tệp từ nguồn.",
        "{name}: this is not a readable {suffix} file, its content is {kind}; give it its real "
        "suffix, or export it again from its source.",
    ),
    "read.unsupported": (
        "{name}: tên tệp có đuôi {suffix} nhưng tệp là {what}, loại không được hỗ trợ; {todo}.",
        "{name}: the name ends in {suffix} but the file is {what}, which is not supported; {todo}.",
    ),
    "read.todo.rtf": ("hãy mở bằng Word và lưu thành .docx", "open it in Word and save it as .docx"),
    "read.todo.odt": ("hãy lưu thành .docx", "save it as .docx"),
    "read.todo.convert": ("hãy chuyển sang một trong các loại {suffixes}", "convert it to one of {suffixes}"),
    "read.doc.no_catdoc": (
        "{name}: tệp Word .doc cũ được đọc bằng catdoc nhưng catdoc chưa được cài; hãy chạy `make "
        "setup` (cài catdoc), hoặc mở tệp bằng Word và lưu thành .docx.",
        "{name}: old Word .doc files are read with catdoc, which is not installed; run `make setup` "
        "(installs catdoc), or open the file in Word and save it as .docx.",
    ),
    "read.doc.slow": (
        "{name}: đọc tệp .doc mất hơn {seconds} giây; hãy mở bằng Word và lưu thành .docx.",
        "{name}: reading the .doc file took over {seconds} s; open it in Word and save it as .docx.",
    ),
    "read.doc.bad": (
        "{name}: không đọc được tệp .doc này ({why}); hãy mở bằng Word và lưu thành .docx.",
        "{name}: this .doc file could not be read ({why}); open it in Word and save it as .docx.",
    ),
    "read.no_text_found": ("không có chữ", "no text found"),
    "read.docx.bad": (
        "{name}: đây không phải tệp .docx đọc được ({why}); hãy mở bằng Word và lưu lại.",
        "{name}: this is not a readable .docx file ({why}); open it in Word and save it again.",
    ),
    "read.txt.binary": (
        "{name}: đây là dữ liệu nhị phân, không phải văn bản; hãy kiểm tra tệp hoặc đặt đúng đuôi tệp.",
        "{name}: this is binary data, not text; check the file or give it its real suffix.",
    ),
    "read.txt.encoding": (
        "{name}: văn bản dùng bảng mã không nhận ra hoặc không phải văn bản; hãy lưu dạng UTF-8 rồi nạp lại.",
        "{name}: the text is in an unknown encoding or is not text; save it as UTF-8 and ingest it again.",
    ),
    "read.pdf.bomb": (
        "{name}: PDF giải nén ra nhiều trang hoặc dữ liệu hơn hẳn kích thước tệp (bom PDF?); hãy xuất lại từ nguồn.",
        "{name}: the PDF unpacks to far more pages or data than its size holds (a PDF bomb?); export it "
        "again from its source.",
    ),
    "read.pdf.damaged": (
        "{name}: PDF bị hỏng, không đọc được ({why}); hãy xuất lại từ nguồn.",
        "{name}: the PDF is damaged and cannot be read ({why}); export it again from its source.",
    ),
    "read.pdf.no_pages": (
        "{name}: PDF không có trang nào; hãy xuất lại từ nguồn.",
        "{name}: the PDF has no pages; export it again from its source.",
    ),
    "read.pdf.password": (
        "{name}: PDF được bảo vệ bằng mật khẩu; hãy lưu một bản không mật khẩu rồi nạp bản đó.",
        "{name}: the PDF is protected by a password; save an unprotected copy and ingest that.",
    ),
    "read.pdf.too_long": (
        "{name}: PDF có {pages} trang, quá giới hạn {limit} trang; hãy chia thành nhiều phần.",
        "{name}: the PDF has {pages} pages, over the {limit}-page limit; split it into parts.",
    ),
    "read.pdf.no_ocr": (
        "{name}: các trang là bản quét không có lớp chữ dùng được và {why}; hãy chạy `make setup` (cài tesseract-ocr "
        "tesseract-ocr-vie poppler-utils) rồi nạp lại tệp.",
        "{name}: the pages are scans without a usable text layer and {why}; run `make setup` (installs tesseract-ocr "
        "tesseract-ocr-vie poppler-utils) and ingest the "
        "file again.",
    ),
    "read.pdf.ocr_failed": (
        "{name}: không nhận dạng (OCR) được {pages}; một bản quét rõ hơn có thể giúp.",
        "{name}: could not OCR {pages}; a clearer scan of the file may help.",
    ),
    "note.legacy": (
        "văn bản dùng bảng mã cũ {encoding} và đã được chuyển sang Unicode",
        "the text was in the old {encoding} encoding and was converted to Unicode",
    ),
    "note.read_as": (
        "tên tệp có đuôi {suffix} nhưng tệp là {what}; đã đọc như tệp {reader}",
        "the name ends in {suffix} but the file is {what}; read as {reader}",
    ),
    "note.ocr.read.one": (
        "trang {pages} không có lớp chữ dùng được và đã được đọc bằng OCR",
        "page {pages} had no usable text layer and was read by OCR",
    ),
    "note.ocr.read.many": (
        "các trang {pages} không có lớp chữ dùng được và đã được đọc bằng OCR",
        "pages {pages} had no usable text layer and were read by OCR",
    ),
    "note.ocr.skipped.one": (
        "trang {pages} không có lớp chữ dùng được đã bị bỏ qua vì {why}; hãy chạy `make setup` (cài tesseract-ocr "
        "tesseract-ocr-vie poppler-utils), rồi chạy "
        "`kb reindex`",
        "page {pages} without a usable text layer was skipped because {why}; run `make setup` (installs tesseract-ocr "
        "tesseract-ocr-vie poppler-utils), then "
        "run `kb reindex`",
    ),
    "note.ocr.skipped.many": (
        "các trang {pages} không có lớp chữ dùng được đã bị bỏ qua vì {why}; hãy chạy `make setup` (cài tesseract-ocr "
        "tesseract-ocr-vie poppler-utils), rồi "
        "chạy `kb reindex`",
        "pages {pages} without a usable text layer were skipped because {why}; run `make setup` (installs "
        "tesseract-ocr tesseract-ocr-vie poppler-utils), then "
        "run `kb reindex`",
    ),
    "note.ocr.failed": (
        "không nhận dạng (OCR) được {pages}; một bản quét rõ hơn của các trang đó có thể giúp",
        "could not OCR {pages}; a clearer scan of those pages may help",
    ),
    "ocr.page": ("trang {page} ({why})", "page {page} ({why})"),
    "ocr.slow": ("OCR mất hơn {seconds} giây", "OCR took over {seconds} s"),
    "ocr.no_start": ("{what} không khởi động được ({why})", "{what} could not start ({why})"),
    "ocr.failed": ("{what} bị lỗi ({why})", "{what} failed ({why})"),
    "ocr.missing.tesseract": ("chưa cài Tesseract (OCR)", "Tesseract (OCR) is not installed"),
    "ocr.missing.pdftoppm": ("chưa cài pdftoppm (poppler-utils)", "pdftoppm (poppler-utils) is not installed"),
    "ocr.missing.start": ("Tesseract không khởi động được", "Tesseract does not start"),
    "ocr.missing.vie": (
        "chưa cài mô hình tiếng Việt của Tesseract (tesseract-ocr-vie)",
        "Tesseract's Vietnamese model (tesseract-ocr-vie) is not installed",
    ),
    "file.pdf": ("một tệp PDF", "a PDF"),
    "file.old_office": ("một tệp Office cũ (.doc, .xls hoặc .ppt)", "an old Office file (.doc, .xls or .ppt)"),
    "file.rtf": ("một văn bản RTF", "an RTF document"),
    "file.png": ("một ảnh PNG", "a PNG image"),
    "file.jpeg": ("một ảnh JPEG", "a JPEG image"),
    "file.gif": ("một ảnh GIF", "a GIF image"),
    "file.tiff": ("một ảnh TIFF", "a TIFF image"),
    "file.rar": ("một tệp nén RAR", "a RAR archive"),
    "file.7z": ("một tệp nén 7-Zip", "a 7-Zip archive"),
    "file.gzip": ("một tệp nén gzip", "a gzip archive"),
    "file.zip": ("một tệp nén ZIP", "a ZIP archive"),
    "file.windows": ("một chương trình Windows", "a Windows program"),
    "file.linux": ("một chương trình Linux", "a Linux program"),
    "file.docx": ("một văn bản Word .docx", "a Word .docx document"),
    "file.xlsx": ("một bảng tính Excel .xlsx", "an Excel .xlsx workbook"),
    "file.pptx": ("một bài trình chiếu PowerPoint .pptx", "a PowerPoint .pptx presentation"),
    "file.odt": ("một văn bản OpenDocument .odt", "an OpenDocument .odt text"),
    "file.ods": ("một bảng tính OpenDocument .ods", "an OpenDocument .ods spreadsheet"),
    "file.html": ("một trang HTML", "an HTML page"),
    "file.text": ("văn bản thường", "text"),
    "file.unknown": ("dữ liệu không rõ", "unknown data"),
    # --- ingesting (kb/pipeline.py) --------------------------------------------------------------
    "status.added": ("đã thêm", "added"),
    "status.updated": ("cập nhật", "updated"),
    "status.unchanged": ("không đổi", "unchanged"),
    "status.duplicate": ("trùng", "duplicate"),
    "status.skipped": ("bỏ qua", "skipped"),
    "ingest.duplicate": ("cùng nội dung với {name}, chỉ lưu một lần", "same content as {name}, stored once"),
    "ingest.missing": (
        "{path}: không có tệp hoặc thư mục này; hãy kiểm tra đường dẫn.",
        "{path}: no such file or folder; check the path.",
    ),
    "ingest.crashed": ("{name}: không đọc được ({why}).", "{name}: could not be read ({why})."),
    "ingest.notes": ("{notes}", "{notes}"),
    # --- the knowledge base ------------------------------------------------------------------------
    "kb.busy": (
        "Một tiến trình khác đang ghi vào {home}; hãy chờ nó xong rồi chạy lại.",
        "Another process is writing to {home}; wait until it finishes, then run this again.",
    ),
    "kb.model_mismatch": (
        "Kho này ({home}) được xây dựng với mô hình '{recorded}'; bạn yêu cầu '{asked}'. Hãy mở "
        "kho mà không dùng --model/KB_MODEL, hoặc nhúng lại toàn bộ bằng mô hình mới: "
        "kb reindex --model {model}",
        "This knowledge base ({home}) was built with the model '{recorded}'; you asked for "
        "'{asked}'. Open it without --model/KB_MODEL, or re-embed everything with the new model: "
        "kb reindex --model {model}",
    ),
    "kb.no_document": (
        "Không có tài liệu nào tên '{key}'; lệnh `kb docs` liệt kê các tài liệu đã lưu.",
        "No document named '{key}'; `kb docs` lists what is stored.",
    ),
    "kb.unknown_kind": (
        "Không có loại văn bản '{kind}'; hãy chọn một trong: {kinds}.",
        "Unknown kind '{kind}'; choose one of {kinds}.",
    ),
    "kb.unknown_section": (
        "Không có phần '{section}'; hãy chọn một trong: {sections}.",
        "Unknown section '{section}'; choose one of {sections}.",
    ),
    "search.unknown_mode": (
        "Không có cách tìm '{mode}'; hãy chọn một trong: {modes}.",
        "Unknown search mode '{mode}'; choose one of {modes}.",
    ),
    "correct.nothing": (
        "Không có gì để sửa: hãy cho --kind, --date, --terms, --organisations, --places hoặc --title.",
        "Nothing to correct: give --kind, --date, --terms, --organisations, --places or --title.",
    ),
    "correct.ambiguous": (
        "'{key}' ứng với {documents} tài liệu; hãy cho đường dẫn đầy đủ hoặc mã sha256.",
        "'{key}' names {documents} documents; give its full path or sha256 instead.",
    ),
    "correct.unknown_field": (
        "Không sửa được {fields}; các mục sửa được: {correctable}.",
        "Cannot correct {fields}; correctable: {correctable}.",
    ),
    "correct.date": (
        "Hãy viết ngày dạng YYYY-MM-DD (hoặc YYYY-MM, YYYY), không phải '{date}'.",
        "Write the date as YYYY-MM-DD (or YYYY-MM, YYYY), not '{date}'.",
    ),
    "eval.unreadable": ("Không đọc được tệp câu hỏi {path} ({why}).", "Cannot read the questions file {path} ({why})."),
    "eval.bad_line": (
        '{path}, dòng {line}: cần dạng {{"query": ..., "relevant": [tên tệp]}}.',
        '{path}, line {line}: expected {{"query": ..., "relevant": [file names]}}.',
    ),
    "model.no_pooling": (
        "Thư mục mô hình {path} không có 1_Pooling/config.json; hãy cho một thư mục sentence-transformers.",
        "The model folder {path} has no 1_Pooling/config.json; give a sentence-transformers folder.",
    ),
    "model.cannot_load": (
        "Không nạp được mô hình nhúng '{name}' ({why}). Hãy cho một thư mục mô hình trên máy bằng "
        "--model hoặc KB_MODEL, hoặc bỏ trống cả hai để dùng mô hình có sẵn {default}.",
        "Cannot load the embedding model '{name}' ({why}). Give a local model folder with --model or "
        "KB_MODEL, or leave both unset for the built-in {default}.",
    ),
    # --- kb check ---------------------------------------------------------------------------------
    "check.tag.ok": ("ổn", "ok"),
    "check.tag.note": ("lưu ý", "note"),
    "check.tag.problem": ("lỗi", "problem"),
    "check.tag.repaired": ("đã sửa", "repaired"),
    "check.no_kb": (
        "Không có kho tài liệu nào ở {home}; hãy cho thư mục của kho bằng --home hoặc KB_HOME.",
        "There is no knowledge base in {home}; give its folder with --home or KB_HOME.",
    ),
    "check.unreadable": (
        "{home}/catalog.sqlite không đọc được ({why}); hãy khôi phục từ bản sao lưu.",
        "{home}/catalog.sqlite cannot be read ({why}); restore it from a backup.",
    ),
    "check.passed": ("mọi thứ khớp nhau.", "everything agrees."),
    "check.failed": (
        "{problems} lỗi; `kb check --repair` dựng lại những gì dựng lại được.",
        "{problems} problem(s); `kb check --repair` rebuilds what can be rebuilt.",
    ),
    "check.failed.repaired": ("{problems} lỗi.", "{problems} problem(s)."),
    "check.busy": (
        "một tiến trình khác đang ghi vào kho này; chỉ mục trên đĩa sẽ theo kịp khi nó xong (khi đó hãy chạy "
        "lại `kb check`)",
        "another process is writing to this knowledge base; the index on disk catches up when it finishes "
        "(run `kb check` again then)",
    ),
    "check.catalog.unreadable": (
        "catalog.sqlite không đọc được ({why}); hãy khôi phục từ bản sao lưu rồi chạy `kb reindex`",
        "catalog.sqlite cannot be read ({why}); restore it from a backup, then run `kb reindex`",
    ),
    "check.catalog.damaged": (
        "catalog.sqlite bị hỏng ({why}); hãy khôi phục từ bản sao lưu",
        "catalog.sqlite is damaged ({why}); restore it from a backup",
    ),
    "check.catalog.links": (
        "catalog.sqlite có {rows} dòng trỏ tới tài liệu không còn; hãy chạy `kb reindex`",
        "catalog.sqlite has {rows} rows pointing at missing documents; run `kb reindex`",
    ),
    "check.catalog.pages": (
        "{documents} tài liệu thiếu trang trong danh mục; hãy chạy `kb reindex`",
        "{documents} document(s) lack some of their pages in the catalog; run `kb reindex`",
    ),
    "check.catalog.ok": (
        "danh mục: {documents} tài liệu, thế hệ {generation}, toàn vẹn",
        "catalog: {documents} documents, generation {generation}, integrity ok",
    ),
    "check.vectors.no_dim": (
        "danh mục có các đoạn nhưng không ghi số chiều của mô hình; hãy chạy `kb reindex`",
        "the catalog has chunks but records no model dimension; run `kb reindex`",
    ),
    "check.vectors.damaged": (
        "{damaged} vectơ bị hỏng ({wrong} sai kích thước, {bad} không hữu hạn); hãy nhúng lại "
        "toàn bộ bằng `kb reindex`",
        "{damaged} chunk vector(s) are damaged ({wrong} of the wrong size, {bad} not finite); "
        "re-embed everything with `kb reindex`",
    ),
    "check.vectors.ok": (
        "vectơ: {chunks} đoạn, mỗi đoạn {dim} số float32",
        "vectors: {chunks} chunks, each {dim} float32 values",
    ),
    "check.lexical.damaged": (
        "chỉ mục từ khóa (BM25) bị hỏng ({why}); `kb check --repair` sẽ dựng lại",
        "the lexical (BM25) index is damaged ({why}); `kb check --repair` rebuilds it",
    ),
    "check.lexical.differs": (
        "chỉ mục từ khóa không khớp danh mục (thiếu {missing} đoạn, thừa {extra}); `kb check --repair` sẽ dựng lại",
        "the lexical index disagrees with the catalog ({missing} chunks missing, {extra} "
        "unknown); `kb check --repair` rebuilds it",
    ),
    "check.lexical.ok": (
        "chỉ mục từ khóa: {chunks} đoạn, đúng như danh mục",
        "lexical index: {chunks} chunks, the same as the catalog",
    ),
    "check.index.not_compared": (
        "chưa so index.faiss: chỉ dựng lại được từ các vectơ lành",
        "index.faiss was not compared: it can only be rebuilt from sound vectors",
    ),
    "check.index.none": ("chỉ mục FAISS: chưa có (chưa có đoạn nào)", "FAISS index: none yet (no chunks)"),
    "check.index.missing": (
        "thiếu index.faiss hoặc manifest.json; sẽ được dựng lại từ các vectơ đã lưu khi mở kho lần "
        "sau, hoặc ngay bây giờ bằng `kb check --repair`",
        "index.faiss or manifest.json is missing; it is rebuilt from the stored vectors when the "
        "knowledge base is next opened, or now with `kb check --repair`",
    ),
    "check.index.behind": (
        "index.faiss ở thế hệ {held}, danh mục ở thế hệ {generation} (một lần nạp bị ngắt); chỉ "
        "mục sẽ được dựng lại từ các vectơ đã lưu khi mở kho lần sau, hoặc ngay bây giờ bằng "
        "`kb check --repair`",
        "index.faiss holds generation {held}, the catalog is at {generation} (an interrupted "
        "ingest); it is rebuilt from the stored vectors when the knowledge base is next opened, or "
        "now with `kb check --repair`",
    ),
    "check.index.unreadable": (
        "index.faiss không đọc được ({why}); `kb check --repair` sẽ dựng lại",
        "index.faiss cannot be read ({why}); `kb check --repair` rebuilds it",
    ),
    "check.index.ids": (
        "index.faiss có {vectors} vectơ, danh mục có {chunks} đoạn, mã khác nhau; `kb check --repair` sẽ dựng lại",
        "index.faiss holds {vectors} vectors, the catalog {chunks} chunks, with different ids; "
        "`kb check --repair` rebuilds it",
    ),
    "check.index.values": (
        "{vectors} vectơ trong index.faiss khác với danh mục; `kb check --repair` sẽ dựng lại",
        "{vectors} vector(s) in index.faiss differ from the catalog's; `kb check --repair` rebuilds it",
    ),
    "check.index.model": (
        "manifest.json ghi mô hình {manifest}, danh mục ghi {catalog}; `kb check --repair` sẽ ghi lại",
        "manifest.json names the model {manifest}, the catalog {catalog}; `kb check --repair` rewrites it",
    ),
    "check.index.ok": (
        "chỉ mục FAISS: {vectors} vectơ, cùng mã và giá trị như danh mục, thế hệ {generation}",
        "FAISS index: {vectors} vectors, the same ids and values as the catalog, generation {generation}",
    ),
    "check.originals.lost": (
        "thiếu bản gốc đã lưu của {documents} tài liệu ({names}); hãy nạp lại tệp, hoặc dùng "
        "`kb remove` để xóa — tìm kiếm vẫn chạy khi thiếu bản gốc",
        "the stored original of {documents} document(s) is missing ({names}); ingest the file(s) "
        "again, or `kb remove` them — the search still works without them",
    ),
    "check.originals.changed": (
        "bản gốc đã lưu của {documents} tài liệu đã bị thay đổi trên đĩa ({names}); hãy nạp lại "
        "tệp, hoặc dùng `kb remove` để xóa",
        "the stored original of {documents} document(s) was changed on disk ({names}); ingest "
        "the file(s) again, or `kb remove` them",
    ),
    "check.originals.ok": (
        "bản gốc: đủ {files} tệp, mỗi tệp đúng mã sha256 đã ghi",
        "originals: {files} files present, each with its recorded sha256",
    ),
    "check.litter": (
        "{files} tệp còn sót từ một lần chạy bị ngắt (bản sao không tài liệu nào dùng, tệp tạm); vô hại, "
        "`kb check --repair` sẽ xóa",
        "{files} leftover file(s) from an interrupted run (stored copies no document uses, temporary "
        "files); harmless, `kb check --repair` removes them",
    ),
    "check.repaired.lexical": (
        "đã dựng lại chỉ mục từ khóa từ {chunks} đoạn văn bản",
        "lexical index rebuilt from {chunks} chunk texts",
    ),
    "check.repaired.index": (
        "đã dựng lại chỉ mục FAISS và manifest từ {vectors} vectơ đã lưu",
        "FAISS index and manifest rebuilt from {vectors} stored vectors",
    ),
    "check.repaired.litter": (
        "đã xóa {files} tệp tạm hoặc không dùng còn sót lại",
        "removed {files} leftover temporary or unreferenced file(s)",
    ),
    # --- the command line --------------------------------------------------------------------------
    "cli.error": ("lỗi", "error"),
    "cli.interrupted": (
        "đã dừng; những gì đã ghi được giữ lại, hãy chạy lại lệnh để làm tiếp.",
        "interrupted; what was committed is kept, run the same command again to finish.",
    ),
    "cli.ingested": (
        "{added} đã thêm, {updated} cập nhật, {unchanged} không đổi, {duplicate} trùng, {skipped} bỏ "
        "qua; {chunks} đoạn mới trong {seconds} giây (đọc {read}, mô tả {describe}, chia đoạn {chunk}, "
        "nhúng {embed}, lập chỉ mục {index})",
        "{added} added, {updated} updated, {unchanged} unchanged, {duplicate} duplicate, {skipped} "
        "skipped; {chunks} new chunks in {seconds}s (read {read}s, describe {describe}s, chunk {chunk}s, "
        "embed {embed}s, index {index}s)",
    ),
    "cli.page": ("tr.", "p."),
    "cli.under": ("thuộc mục:", "under:"),
    "cli.no_results": ("Không tìm thấy kết quả nào.", "No results."),
    "cli.empty": (
        "Kho tài liệu đang trống; hãy thêm tài liệu bằng: kb ingest THƯ_MỤC",
        "The knowledge base is empty; add documents with: kb ingest FOLDER",
    ),
    "cli.no_documents": (
        "Chưa có tài liệu nào; hãy thêm bằng: kb ingest THƯ_MỤC",
        "No documents yet; add some with: kb ingest FOLDER",
    ),
    "cli.no_people": (
        "Không tìm thấy việc bầu hay bổ nhiệm nào trong các tài liệu đã lưu.",
        "No election or appointment found in the stored documents.",
    ),
    "cli.no_timeline": ("Không tìm thấy quyết định hay phương hướng nào.", "No decisions or directions found."),
    "cli.no_timeline.topic": (
        "Không tìm thấy quyết định hay phương hướng nào về '{topic}'.",
        "No decisions or directions found about '{topic}'.",
    ),
    "cli.no_term": ("không rõ nhiệm kỳ", "no term stated"),
    "cli.corrected": ("đã sửa {name}: {fields}", "corrected {name}: {fields}"),
    "cli.removed": ("đã xóa {name} ({chunks} đoạn)", "removed {name} ({chunks} chunks)"),
    "cli.reindexed": (
        "đã lập chỉ mục lại {documents} tài liệu, {chunks} đoạn, bằng {model}",
        "re-indexed {documents} documents, {chunks} chunks, with {model}",
    ),
    # --- the command line's help ------------------------------------------------------------------
    "cli.help.kb": (
        "Kho tra cứu báo cáo, nghị quyết của các kỳ họp.",
        "A knowledge base of meeting reports and resolutions.",
    ),
    "cli.help.home": (
        "thư mục của kho (mặc định: $KB_HOME hoặc ./kb-data)",
        "KB folder (default: $KB_HOME or ./kb-data)",
    ),
    "cli.help.term": (
        'một nhiệm kỳ: "2018-2020" hoặc "khóa XIV"',
        'a term of office: "2018-2020" or "khóa XIV"',
    ),
    "cli.help.org": (
        "một phần tên cơ quan, tổ chức, có dấu hay không dấu đều được",
        "part of an organisation's name, accents optional",
    ),
    "cli.help.ingest": (
        "thêm tệp và thư mục",
        "add files and folders",
    ),
    "cli.help.docs": (
        "liệt kê tài liệu",
        "list documents",
    ),
    "cli.help.remove": (
        "xóa một tài liệu theo tên tệp, đường dẫn hoặc đầu mã sha256",
        "remove a document by file name, path or sha256 prefix",
    ),
    "cli.help.reindex": (
        "đọc lại các bản gốc đã lưu, dựng lại các đoạn, vectơ và chỉ mục",
        "re-read stored originals and rebuild chunks, vectors and index",
    ),
    "cli.help.check": (
        "kiểm tra danh mục, vectơ, chỉ mục và bản gốc có khớp nhau (mã thoát 1 nếu không)",
        "verify that catalog, vectors, indexes and originals agree (exit 1 if not)",
    ),
    "cli.help.repair": (
        "dựng lại những gì dựng lại được từ danh mục và vectơ",
        "rebuild what can be rebuilt from the catalog and vectors",
    ),
    "cli.help.stats": (
        "số lượng, mô hình và chỉ mục",
        "counts, model and index",
    ),
    "cli.help.correct": (
        "sửa thông tin của một tài liệu (lưu riêng, giữ nguyên khi nạp lại)",
        "correct a document's metadata (kept apart, survives re-ingest)",
    ),
    "cli.help.file": (
        "tên tệp, đường dẫn hoặc đầu mã sha256",
        "file name, path or sha256 prefix",
    ),
    "cli.help.date": (
        "YYYY-MM-DD, YYYY-MM hoặc YYYY",
        "YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "cli.help.terms": (
        'cách nhau bằng dấu phẩy, ví dụ "2018-2020,khóa XIV"',
        'comma-separated, e.g. "2018-2020,khóa XIV"',
    ),
    "cli.help.comma": (
        "cách nhau bằng dấu phẩy",
        "comma-separated",
    ),
    "cli.help.reset": (
        "bỏ các chỗ đã sửa của những mục này",
        "drop corrections of these fields",
    ),
    "cli.help.search": (
        "tìm các đoạn văn",
        "find passages",
    ),
    "cli.help.mode": (
        "mặc định: hybrid (kết hợp)",
        "default: hybrid",
    ),
    "cli.help.renderings": (
        "liệt kê cả các bản khác của một tài liệu đã có trong kết quả",
        "also list documents that are another rendering of one already listed",
    ),
    "cli.help.ask": (
        "đặt câu hỏi; nhận câu trả lời và các đoạn làm nguồn",
        "ask a question; get the answer and the passages it comes from",
    ),
    "cli.help.people": (
        "ai được bầu hay bổ nhiệm vào chức vụ nào, nhiệm kỳ nào",
        "who was elected or appointed to what, in which term",
    ),
    "cli.help.timeline": (
        "quyết định và phương hướng qua từng nhiệm kỳ, về một chủ đề hoặc tất cả",
        "decisions and directions term after term, about a topic or all",
    ),
    "cli.help.eval": (
        "đo chất lượng tìm kiếm trên bộ câu hỏi có nhãn (JSONL)",
        "measure retrieval on labelled questions (JSONL)",
    ),
    "cli.help.model": (
        "mô hình nhúng: một thư mục hoặc tên mô hình sentence-transformers (mặc định: $KB_MODEL hoặc "
        "multilingual-e5-small có sẵn)",
        "embedding model: a sentence-transformers folder or name (default: $KB_MODEL or the built-in "
        "multilingual-e5-small)",
    ),
    # --- search without accents, official papers first, answers with their evidence (issue 16) -------
    "search.restored": (
        "Đang tìm: {restored} — tìm đúng như đã gõ: {as_typed}",
        "Searching for: {restored} — search as typed instead: {as_typed}",
    ),
    "cli.help.as_typed": (
        "tìm đúng như đã gõ, không thêm dấu cho từ gõ không dấu",
        "search as typed: do not put accents back on words typed without them",
    ),
    "cli.evidence": ("câu trả lời lấy từ đây", "the answer comes from here"),
    # (end of issue 16's messages)
    # --- accounts, roles, access, audit trail, trash, backup, HTTP API (issue 17) ---------------------
    "access.unknown_level": (
        "Không có mức truy cập '{level}'; các mức: {levels}.",
        "There is no access level '{level}'; the levels are: {levels}.",
    ),
    "access.no_groups": (
        "Tài liệu hạn chế cần ít nhất một nhóm được đọc, ví dụ --groups thu-vien-ha-giang.",
        "A restricted document needs at least one group that may read it, e.g. --groups thu-vien-ha-giang.",
    ),
    "access.groups_unrestricted": (
        "Chỉ tài liệu hạn chế (restricted) mới có nhóm; mức '{level}' không có nhóm.",
        "Only a restricted document has groups; the level '{level}' has none.",
    ),
    "access.forbidden": (
        "{who} ({role}) không được {action}: việc này cần vai trò {needs}. Hãy nhờ quản trị viên.",
        "{who} ({role}) may not {action}: this needs the role {needs}. Ask an administrator.",
    ),
    "access.sign_in_first": (
        "Hãy đăng nhập (hoặc dùng mã API) để {action}: việc này cần vai trò {needs}.",
        "Sign in (or use an API token) to {action}: this needs the role {needs}.",
    ),
    "access.role.anonymous": ("khách", "visitor"),
    "access.role.viewer": ("người xem", "viewer"),
    "access.role.editor": ("biên tập viên", "editor"),
    "access.role.admin": ("quản trị viên", "admin"),
    "access.action.read": ("đọc tài liệu", "read documents"),
    "access.action.own_account": ("quản lý tài khoản của mình", "manage their own account"),
    "access.action.upload": ("thêm tài liệu", "add documents"),
    "access.action.correct": ("sửa thông tin tài liệu", "correct a document's details"),
    "access.action.access": ("đổi quyền đọc tài liệu", "change who may read a document"),
    "access.action.trash": ("chuyển tài liệu vào thùng rác", "move documents to the trash"),
    "access.action.restore": ("khôi phục tài liệu từ thùng rác", "restore documents from the trash"),
    "access.action.purge": ("dọn thùng rác", "empty the trash"),
    "access.action.reindex": ("lập chỉ mục lại", "re-index"),
    "access.action.users": ("quản lý người dùng và mã API", "manage users and API tokens"),
    "access.action.audit": ("xem nhật ký thay đổi", "read the audit trail"),
    "access.action.backup": ("sao lưu kho", "back up the knowledge base"),
    "access.duplicate_unseen": (
        "nội dung này đã có trong kho (một tài liệu bạn không có quyền xem)",
        "this content is already stored (as a document you may not see)",
    ),
    "account.bad_name": (
        "Tên người dùng '{name}' không hợp lệ: chỉ dùng chữ, số và . _ - @, tối đa 64 ký tự.",
        "The user name '{name}' is not valid: use letters, digits and . _ - @, at most 64 characters.",
    ),
    "account.bad_role": (
        "Không có vai trò '{role}'; các vai trò: {roles}.",
        "There is no role '{role}'; the roles are: {roles}.",
    ),
    "account.short_password": (
        "Mật khẩu quá ngắn: cần ít nhất {n} ký tự.",
        "The password is too short: it needs at least {n} characters.",
    ),
    "account.passwords_differ": (
        "Hai lần nhập mật khẩu không giống nhau; hãy chạy lại.",
        "The two passwords typed differ; run it again.",
    ),
    "account.exists": (
        "Đã có người dùng '{name}'; `kb user set` đổi vai trò hoặc nhóm, `kb user passwd` đổi mật khẩu.",
        "There is already a user '{name}'; `kb user set` changes the role or groups, `kb user passwd` the password.",
    ),
    "account.no_user": (
        "Không có người dùng '{name}'; `kb user list` liệt kê người dùng.",
        "There is no user '{name}'; `kb user list` lists the users.",
    ),
    "account.last_admin": (
        "{name} là quản trị viên cuối cùng: hãy tạo một quản trị viên khác trước.",
        "{name} is the last admin: make another user admin first.",
    ),
    "account.nothing_to_change": (
        "Không có gì để đổi: hãy cho --role hoặc --groups.",
        "Nothing to change: give --role or --groups.",
    ),
    "account.wrong": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong name or password."),
    "account.wrong_wait": (
        "Sai tên đăng nhập hoặc mật khẩu. Đã sai nhiều lần: hãy chờ {seconds} giây rồi thử lại.",
        "Wrong name or password. After several failures, wait {seconds} s before trying again.",
    ),
    "account.wait": (
        "Đã đăng nhập sai nhiều lần: hãy chờ {seconds} giây rồi thử lại.",
        "Too many failed sign-ins: wait {seconds} s before trying again.",
    ),
    "account.locked": (
        "Tài khoản tạm khóa {minutes} phút vì đăng nhập sai quá nhiều lần: thử lại sau {until}, "
        "hoặc nhờ quản trị viên đặt lại mật khẩu.",
        "Locked for {minutes} minutes after too many failed sign-ins: try again after {until}, "
        "or ask an administrator to set a new password.",
    ),
    "account.no_token": (
        "Không có mã API số {token} (của bạn); `kb token list` liệt kê các mã.",
        "There is no API token number {token} (of yours); `kb token list` lists them.",
    ),
    "account.token_whose": (
        "Hãy cho biết mã API này của người dùng nào: `kb token create TÊN`.",
        "Say whose API token it is: `kb token create NAME`.",
    ),
    "audit.broken.number": (
        "nhật ký thay đổi bị hỏng: mục {entry} đứng chỗ của mục {expected} (có mục bị xóa hoặc chèn vào)",
        "the audit trail is broken: entry {entry} stands where entry {expected} should (one was removed or inserted)",
    ),
    "audit.broken.link": (
        "nhật ký thay đổi bị hỏng: mục {entry} không nối với mục trước nó (có mục bị sửa hoặc xóa)",
        "the audit trail is broken: entry {entry} does not link to the one before (one was changed or removed)",
    ),
    "audit.broken.hash": (
        "nhật ký thay đổi bị hỏng: mục {entry} đã bị sửa sau khi ghi",
        "the audit trail is broken: entry {entry} was changed after it was written",
    ),
    "check.audit.ok": (
        "nhật ký thay đổi: {entries} mục, chuỗi mã băm nguyên vẹn",
        "audit trail: {entries} entries, the hash chain intact",
    ),
    "trash.no_item": (
        "Thùng rác không có '{key}'; `kb trash` liệt kê những gì trong đó.",
        "Nothing in the trash is '{key}'; `kb trash` lists what it holds.",
    ),
    "trash.which": (
        "Hãy cho biết khôi phục tài liệu nào: số, tên tệp hoặc đầu mã sha256 (xem `kb trash`).",
        "Say which document to restore: its number, file name or sha256 prefix (see `kb trash`).",
    ),
    "trash.ambiguous": (
        "'{key}' ứng với {items} mục trong thùng rác; hãy dùng số của mục (xem `kb trash`).",
        "'{key}' names {items} items in the trash; use the item's number (see `kb trash`).",
    ),
    "trash.stored_again": (
        "Không khôi phục {name}: nội dung này đã có lại trong kho ({other}).",
        "{name} is not restored: the same content is stored again ({other}).",
    ),
    "trash.other_model": (
        "Không khôi phục {name}: nó được mã hóa bằng mô hình {model}, kho nay dùng {now}. "
        "Hãy thêm lại tệp gốc của nó bằng `kb ingest`.",
        "{name} is not restored: it was embedded with {model}, the knowledge base now uses {now}. "
        "Ingest its original again with `kb ingest`.",
    ),
    "backup.dest_not_empty": (
        "{dest} đã có nội dung: hãy sao lưu vào một thư mục mới hoặc trống.",
        "{dest} is not empty: back up into a new or empty folder.",
    ),
    "backup.original_missing": (
        "tệp gốc {file} không còn trong kho nên không được sao lưu; `kb check` cho biết thêm",
        "the original {file} is missing from the knowledge base and was not backed up; `kb check` says more",
    ),
    "backup.original_changed": (
        "tệp gốc {file} đã bị thay đổi trên đĩa (mã sha256 khác); `kb check` cho biết thêm",
        "the original {file} was changed on disk (its sha256 differs); `kb check` says more",
    ),
    "backup.unreadable": (
        "{src} không phải bản sao lưu đọc được ({why}); bản sao lưu có tệp backup.json.",
        "{src} is not a readable backup ({why}); a backup has a backup.json file.",
    ),
    "backup.format": (
        "{src} là bản sao lưu dạng {found}, phiên bản này không đọc được.",
        "{src} is a backup of format {found}, which this version cannot read.",
    ),
    "backup.damaged": (
        "Bản sao lưu {src} bị hỏng hoặc thiếu: {file} không khớp với backup.json. Không khôi phục gì.",
        "The backup {src} is damaged or incomplete: {file} does not match backup.json. Nothing was restored.",
    ),
    "backup.home_not_empty": (
        "{home} đã có nội dung: hãy khôi phục vào một thư mục mới hoặc trống (--home THƯ_MỤC_MỚI).",
        "{home} is not empty: restore into a new or empty folder (--home NEW_FOLDER).",
    ),
    "api.no_token": (
        "Cần mã API: gửi tiêu đề 'Authorization: Bearer MÃ' (tạo mã bằng `kb token create TÊN`).",
        "An API token is needed: send the header 'Authorization: Bearer TOKEN' (`kb token create NAME` makes one).",
    ),
    "api.bad_auth": (
        "Tiêu đề Authorization phải có dạng 'Bearer MÃ'.",
        "The Authorization header must read 'Bearer TOKEN'.",
    ),
    "api.bad_token": (
        "Mã API không đúng hoặc đã bị thu hồi.",
        "The API token is not valid or has been revoked.",
    ),
    "api.too_many": (
        "Quá nhiều yêu cầu từ mã này: hãy chờ {seconds} giây.",
        "Too many requests from this token: wait {seconds} s.",
    ),
    "api.bad_parameters": (
        "Tham số không hợp lệ: {fields}. Trang /docs mô tả các tham số.",
        "Bad parameters: {fields}. The /docs page describes them.",
    ),
    "api.too_big": (
        "{name} lớn hơn giới hạn {mb} MB mỗi tệp; hãy chia nhỏ hoặc nén lại.",
        "{name} is over the {mb} MB limit per file; split or compress it.",
    ),
    "api.request_too_big": (
        "Yêu cầu lớn hơn mức tối đa {mb} MB.",
        "The request is over the {mb} MB maximum.",
    ),
    "api.too_many_files": (
        "Gửi {n} tệp một lần; tối đa {most} tệp.",
        "{n} files sent at once; at most {most}.",
    ),
    "api.bad_type": (
        "{name}: loại tệp này không đọc được; các loại đọc được: {types}",
        "{name}: this type of file cannot be read; the types read: {types}",
    ),
    "api.no_document": ("Không có tài liệu số {id}.", "There is no document {id}."),
    "api.no_job": ("Không có việc thêm tài liệu '{id}'.", "There is no upload job '{id}'."),
    "api.original_missing": (
        "Tệp gốc của {name} không còn trong kho; quản trị viên chạy `kb check` để biết thêm.",
        "The original of {name} is missing; an administrator can run `kb check` to learn more.",
    ),
    "api.job_crashed": ("Việc thêm tài liệu bị lỗi: {why}", "The upload job failed: {why}"),
    "audit.action.ingest": ("thêm tài liệu", "ingest"),
    "audit.action.update": ("cập nhật tài liệu", "update"),
    "audit.action.correct": ("sửa thông tin", "correct"),
    "audit.action.access": ("đổi quyền đọc", "change access"),
    "audit.action.trash": ("chuyển vào thùng rác", "move to trash"),
    "audit.action.restore": ("khôi phục", "restore"),
    "audit.action.purge": ("xóa hẳn", "purge"),
    "audit.action.reindex": ("lập chỉ mục lại", "re-index"),
    "audit.action.sign_in": ("đăng nhập", "sign-in"),
    "audit.action.sign_in_failed": ("đăng nhập sai", "failed sign-in"),
    "audit.action.locked": ("tạm khóa tài khoản", "lockout"),
    "audit.action.user_add": ("thêm người dùng", "user added"),
    "audit.action.user_change": ("đổi vai trò, nhóm", "user changed"),
    "audit.action.user_password": ("đổi mật khẩu", "password set"),
    "audit.action.user_remove": ("xóa người dùng", "user removed"),
    "audit.action.token_create": ("tạo mã API", "token created"),
    "audit.action.token_revoke": ("thu hồi mã API", "token revoked"),
    "audit.action.backup": ("sao lưu", "backup"),
    "cli.trashed": (
        "đã xóa {name} ({chunks} đoạn): nằm trong thùng rác {days} ngày; `kb trash restore {name}` khôi phục",
        "removed {name} ({chunks} chunks): kept in the trash for {days} days; `kb trash restore {name}` brings it back",
    ),
    "cli.restored": ("đã khôi phục {name} ({chunks} đoạn)", "restored {name} ({chunks} chunks)"),
    "cli.purged": ("đã xóa hẳn {n} tài liệu khỏi thùng rác", "purged {n} document(s) from the trash"),
    "cli.trash_empty": ("Thùng rác trống.", "The trash is empty."),
    "cli.access_set": (
        "{name}: quyền đọc {level}, nhóm: {groups}",
        "{name}: access {level}, groups: {groups}",
    ),
    "cli.backup_done": (
        "đã sao lưu vào {dest}: {documents} tài liệu, {trashed} trong thùng rác, {files} tệp gốc ({mb} MB), "
        "{audit} mục nhật ký",
        "backed up into {dest}: {documents} documents, {trashed} in the trash, {files} originals ({mb} MB), "
        "{audit} audit entries",
    ),
    "cli.restore_done": (
        "đã khôi phục vào {home}: {documents} tài liệu, {files} tệp gốc",
        "restored into {home}: {documents} documents, {files} originals",
    ),
    "cli.password": ("Mật khẩu:", "Password:"),
    "cli.password_again": ("Nhập lại mật khẩu:", "Password again:"),
    "cli.password_set": ("đã đặt mật khẩu mới cho {name}", "new password set for {name}"),
    "cli.user_added": (
        "đã thêm người dùng {name}, vai trò {role}, nhóm: {groups}",
        "added user {name}, role {role}, groups: {groups}",
    ),
    "cli.user_changed": (
        "{name}: vai trò {role}, nhóm: {groups}",
        "{name}: role {role}, groups: {groups}",
    ),
    "cli.user_removed": ("đã xóa người dùng {name} và các mã API của họ", "removed user {name} and their API tokens"),
    "cli.no_users": (
        "Chưa có người dùng nào; `kb user add TÊN --role admin` tạo quản trị viên đầu tiên.",
        "No users yet; `kb user add NAME --role admin` creates the first admin.",
    ),
    "cli.token_created": (
        "mã API số {id} của {name}: đây là lần duy nhất mã được hiện, hãy lưu lại ngay",
        "API token {id} of {name}: this is the only time it is shown, keep it now",
    ),
    "cli.token_live": ("đang dùng", "live"),
    "cli.token_revoked": ("thu hồi lúc {when}", "revoked {when}"),
    "cli.token_revoked_now": ("đã thu hồi mã API số {id} của {name}", "revoked API token {id} of {name}"),
    "cli.no_tokens": ("Chưa có mã API nào.", "No API tokens."),
    "cli.no_audit": ("Nhật ký thay đổi chưa có mục nào.", "The audit trail is empty."),
    "cli.help.user_option": (
        "làm việc với quyền của người dùng này (chỉ thấy và làm những gì họ được phép)",
        "act as this user (see and do only what they may)",
    ),
    "cli.help.ingest_access": (
        "ai được đọc: public (mọi người), internal (người đã đăng nhập), restricted (các nhóm ở --groups)",
        "who may read: public (everyone), internal (signed-in users), restricted (the groups of --groups)",
    ),
    "cli.help.groups": ("các nhóm, cách nhau bằng dấu phẩy", "groups, comma-separated"),
    "cli.help.access": ("đổi ai được đọc một tài liệu", "change who may read a document"),
    "cli.help.user": ("người dùng: add, list, set, passwd, remove", "users: add, list, set, passwd, remove"),
    "cli.help.user_add": (
        "thêm người dùng (mật khẩu hỏi khi chạy hoặc đọc từ đầu vào chuẩn)",
        "add a user (the password is asked for, or read from standard input)",
    ),
    "cli.help.user_list": ("liệt kê người dùng", "list the users"),
    "cli.help.user_set": ("đổi vai trò hoặc nhóm của người dùng", "change a user's role or groups"),
    "cli.help.user_passwd": ("đặt mật khẩu mới", "set a new password"),
    "cli.help.user_remove": ("xóa người dùng và các mã API của họ", "remove a user and their API tokens"),
    "cli.help.token": ("mã API: create, list, revoke", "API tokens: create, list, revoke"),
    "cli.help.token_create": (
        "tạo mã API cho người dùng (chỉ hiện một lần)",
        "create an API token for a user (shown once)",
    ),
    "cli.help.token_label": ("mã dùng cho việc gì, ví dụ tên cổng thông tin", "what it is for, e.g. the portal's name"),
    "cli.help.token_list": ("liệt kê mã API", "list API tokens"),
    "cli.help.token_revoke": ("thu hồi mã API theo số", "revoke an API token by its number"),
    "cli.help.audit": (
        "nhật ký thay đổi: ai, khi nào, làm gì, với tài liệu nào",
        "the audit trail: who did what, when, to which document",
    ),
    "cli.help.audit_after": ("chỉ các mục sau số này", "only the entries after this number"),
    "cli.help.trash": (
        "thùng rác: list (liệt kê), restore (khôi phục), empty (xóa hẳn)",
        "the trash: list, restore, empty (purge for good)",
    ),
    "cli.help.trash_key": (
        "số của mục, tên tệp hoặc đầu mã sha256",
        "the item's number, file name or sha256 prefix",
    ),
    "cli.help.backup": (
        "sao lưu kho vào một thư mục mới, trong khi kho vẫn làm việc",
        "back up the knowledge base into a new folder while it keeps working",
    ),
    "cli.help.restore": ("khôi phục một bản sao lưu vào thư mục mới", "restore a backup into a new folder"),
    "cli.help.restore_home": ("thư mục mới của kho được khôi phục", "the new folder of the restored knowledge base"),
    "cli.help.serve": (
        "chạy API HTTP (mô tả ở /docs)",
        "run the HTTP API (described at /docs)",
    ),
    "cli.help.host": (
        "địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)",
        "address to listen on (default 127.0.0.1: this machine only)",
    ),
    # (end of issue 17's messages)
    # --- the onboarding brief (issue 18) ----------------------------------------------------------------
    "brief.title": ("Hồ sơ nhiệm kỳ: {org}, nhiệm kỳ {term}", "Term brief: {org}, term {term}"),
    "brief.part.meeting": (
        "Tổ chức, nhiệm kỳ, các kỳ họp và văn bản",
        "The organisation, the term, meetings and papers",
    ),
    "brief.part.officers": ("Nhân sự được bầu, bổ nhiệm", "Officers elected or appointed"),
    "brief.part.targets": ("Chỉ tiêu", "Targets"),
    "brief.part.directions": ("Phương hướng, nhiệm vụ", "Directions and tasks"),
    "brief.part.decisions": ("Quyết định, nghị quyết", "Decisions"),
    "brief.part.difficulties": ("Khó khăn, hạn chế", "Difficulties and shortcomings"),
    "brief.part.results": ("Kết quả so với chỉ tiêu", "Results against targets"),
    "brief.row": (
        "{what}: chỉ tiêu {target}, kết quả {result} ({verdict})",
        "{what}: target {target}, achieved {result} ({verdict})",
    ),
    "brief.previous_holder": ("Nhiệm kỳ trước, {term}: {line}", "The term before, {term}: {line}"),
    "brief.signed": ("{role} {name}, người ký {paper}", "{role} {name}, who signed {paper}"),
    "brief.previous": ("Nhiệm kỳ trước: {term}", "The term before: {term}"),
    "brief.documents": ("Văn bản đã đọc ({n})", "Papers read ({n})"),
    "brief.page": ("tr. {page}", "p. {page}"),
    "brief.sources": ("Nguồn", "Sources"),
    "brief.none": ("(không có)", "(none)"),
    "brief.opening": ("Tóm tắt", "Summary"),
    "brief.opening.written": (
        "Đoạn tóm tắt do mô hình ngôn ngữ viết từ các dòng của hồ sơ; số trong ngoặc là số dòng.",
        "The summary was written by a language model from the brief's lines; the numbers in brackets are lines.",
    ),
    "brief.opening.failed": (
        "Không có đoạn tóm tắt: máy chủ mô hình ngôn ngữ ({url}) không trả lời ({error}).",
        "No summary: the language model server ({url}) did not answer ({error}).",
    ),
    "brief.opening.uncited": (
        "Không có đoạn tóm tắt: câu trả lời của mô hình ngôn ngữ có câu không dẫn dòng nào của hồ sơ.",
        "No summary: the language model's reply has a sentence that cites no line of the brief.",
    ),
    "brief.opening.out_of_range": (
        "Không có đoạn tóm tắt: mô hình ngôn ngữ dẫn dòng {cited}, hồ sơ chỉ có {lines} dòng.",
        "No summary: the language model cited line {cited}; the brief has {lines} lines.",
    ),
    "brief.opening.empty": (
        "Không có đoạn tóm tắt: mô hình ngôn ngữ không viết gì.",
        "No summary: the language model wrote nothing.",
    ),
    "brief.no_orgs": (
        "Kho chưa có văn bản nào nêu tổ chức ban hành để lập hồ sơ. Hãy thêm báo cáo, nghị quyết bằng `kb ingest`.",
        "No paper in the knowledge base names the organisation it is from, so there is nothing to brief on. Add "
        "reports and resolutions with `kb ingest`.",
    ),
    "brief.unknown_org": (
        'Không thấy tổ chức "{org}" trong kho. Các tổ chức có văn bản: {known}.',
        'No organisation "{org}" in the knowledge base. Organisations with papers: {known}.',
    ),
    "brief.no_terms": (
        "Các văn bản của {org} không nêu nhiệm kỳ nào; hãy chọn nhiệm kỳ bằng --term.",
        "The papers of {org} name no term; choose one with --term.",
    ),
    "brief.no_documents": (
        "Không có văn bản nào của {org} thuộc nhiệm kỳ {term}. Xem các nhiệm kỳ có văn bản bằng `kb brief --list`.",
        "No paper of {org} belongs to the term {term}. See the terms with papers with `kb brief --list`.",
    ),
    "brief.no_font": (
        "Không tìm thấy phông chữ Unicode để viết PDF tiếng Việt ({path}). Cài gói Debian fonts-dejavu-core "
        "hoặc đặt KB_FONT là đường dẫn tới một tệp .ttf.",
        "No Unicode font to write a Vietnamese PDF ({path}). Install the Debian package fonts-dejavu-core or set "
        "KB_FONT to a .ttf file.",
    ),
    "brief.kind": ("{kind}: {title}", "{kind}: {title}"),
    "cli.help.brief": (
        "hồ sơ nhiệm kỳ của một tổ chức: kỳ họp, nhân sự, chỉ tiêu, phương hướng, quyết định, khó khăn, kết quả",
        "a term brief of an organisation: meetings, officers, targets, directions, decisions, difficulties, results",
    ),
    "cli.help.brief.org": (
        "tổ chức (một phần tên, không cần dấu; mặc định: tổ chức có nhiều văn bản nhất)",
        "organisation (part of its name, accents optional; default: the one with the most papers)",
    ),
    "cli.help.brief.term": (
        'nhiệm kỳ, ví dụ "2021-2026" hoặc "khóa XV" (mặc định: nhiệm kỳ mới nhất)',
        'term, e.g. "2021-2026" or "khóa XV" (default: the newest)',
    ),
    "cli.help.brief.docx": ("ghi hồ sơ ra tệp Word (.docx)", "write the brief to a Word file (.docx)"),
    "cli.help.brief.pdf": ("ghi hồ sơ ra tệp PDF", "write the brief to a PDF file"),
    "cli.help.brief.list": (
        "liệt kê các tổ chức và nhiệm kỳ có thể lập hồ sơ",
        "list the organisations and terms a brief can be made of",
    ),
    "cli.help.brief.summary": (
        "không viết đoạn tóm tắt bằng mô hình ngôn ngữ (khi KB_LLM_URL được đặt)",
        "no summary by the language model (when KB_LLM_URL is set)",
    ),
    "cli.brief.written": ("Đã ghi {path}", "Wrote {path}"),
    "cli.brief.choice": ("{org} ({n} văn bản): {terms}", "{org} (papers: {n}): {terms}"),
    "cli.brief.took": ("Lập trong {seconds} giây từ {n} văn bản.", "Made in {seconds} s; papers read: {n}."),
    # (end of issue 18's messages)
    # --- other engines: Milvus, PostgreSQL, Ray (issue 19) ----------------------------------------------
    "store.unknown_catalog": (
        "KB_CATALOG={address} không phải một danh mục đã biết; hãy để trống (SQLite trong thư mục kho) hoặc cho "
        "một địa chỉ postgresql://…",
        "KB_CATALOG={address} is no catalog this program knows; leave it unset (SQLite in the home) or give a "
        "postgresql://… address",
    ),
    "store.unknown_store": (
        "KB_STORE={address} không phải một kho đoạn văn đã biết; hãy để trống (FAISS + FTS5 trong thư mục kho), "
        "cho milvus://MÁY:CỔNG hoặc đường dẫn một tệp Milvus Lite (.db)",
        "KB_STORE={address} is no passages store this program knows; leave it unset (FAISS + FTS5 in the home), "
        "give milvus://HOST:PORT or the path of a Milvus Lite file (.db)",
    ),
    "store.missing_package": (
        "{what} cần gói Python {package}, chưa được cài; hãy chạy `pip install {package}` (hoặc `make setup`)",
        "{what} needs the Python package {package}, which is not installed; run `pip install {package}` "
        "(or `make setup`)",
    ),
    "store.unreachable": (
        "không kết nối được {address} ({why}); hãy kiểm tra máy chủ đang chạy và địa chỉ đúng",
        "cannot reach {address} ({why}); check that the server is running and the address is right",
    ),
    "store.other_model": (
        "bộ sưu tập {collection} trên Milvus có vectơ {held} chiều, kho này {dim} chiều; hãy cho tên bộ sưu "
        "tập khác (milvus://MÁY:CỔNG/TÊN) hoặc chạy `kb check --repair` để dựng lại",
        "the Milvus collection {collection} holds vectors of dimension {held}, this knowledge base {dim}; "
        "name another collection (milvus://HOST:PORT/NAME) or run `kb check --repair` to rebuild it",
    ),
    "check.pending": (
        "{changes} thay đổi của danh mục chưa được đưa sang chỉ mục đoạn văn (một lần ghi bị ngắt); lần ghi "
        "sau hoặc `kb check --repair` sẽ đưa sang",
        "{changes} change(s) of the catalog wait to be taken by the passages index (an interrupted write); "
        "the next write or `kb check --repair` hands them over",
    ),
    "check.repaired.pending": (
        "đã đưa {changes} thay đổi đang chờ sang chỉ mục đoạn văn",
        "handed {changes} waiting change(s) to the passages index",
    ),
    "check.repaired.passages": (
        "đã dựng lại chỉ mục đoạn văn từ danh mục ({passages} đoạn, vectơ được chép, không nhúng lại)",
        "passages index rebuilt from the catalog ({passages} passages, vectors copied, not embedded again)",
    ),
    "check.passages.ids": (
        "Milvus có {held} đoạn, danh mục {chunks} đoạn, mã khác nhau; `kb check --repair` sẽ dựng lại",
        "Milvus holds {held} passages, the catalog {chunks} chunks, with different ids; `kb check --repair` "
        "rebuilds it",
    ),
    "check.passages.values": (
        "{passages} đoạn trên Milvus khác danh mục (vectơ, văn bản hoặc trường lọc); `kb check --repair` sẽ dựng lại",
        "{passages} passage(s) in Milvus differ from the catalog (vector, text or filter fields); "
        "`kb check --repair` rebuilds them",
    ),
    "check.passages.ok": (
        "Milvus {collection}: {passages} đoạn, cùng mã, vectơ, văn bản và trường lọc như danh mục",
        "Milvus {collection}: {passages} passages, the same ids, vectors, texts and filter fields as the catalog",
    ),
    "check.postgres.ok": (
        "danh mục PostgreSQL: {documents} tài liệu, thế hệ {generation}, các liên kết đúng",
        "PostgreSQL catalog: {documents} documents, generation {generation}, links sound",
    ),
    "check.postgres.unreadable": (
        "danh mục PostgreSQL không đọc được ({why}); hãy kiểm tra máy chủ, hoặc khôi phục từ bản sao lưu",
        "the PostgreSQL catalog cannot be read ({why}); check the server, or restore it from a backup",
    ),
    "migrate.already": (
        "kho đã ở đó ({where}); không có gì để chuyển",
        "the knowledge base is there already ({where}); nothing to move",
    ),
    "migrate.unsound": (
        "`kb check` thấy {problems} lỗi ở kho nguồn; hãy chạy `kb check --repair` rồi chuyển lại",
        "`kb check` finds {problems} problem(s) in the source; run `kb check --repair`, then migrate again",
    ),
    "migrate.copied": (
        "đã chép {documents} tài liệu, {chunks} đoạn (vectơ được chép, không nhúng lại) từ {source} sang {target}",
        "copied {documents} documents, {chunks} chunks (vectors copied, not embedded again) from {source} to {target}",
    ),
    "migrate.same": (
        "tìm kiếm {mode}: {same}/{asked} câu hỏi có cùng 10 kết quả đầu ở hai nơi",
        "{mode} search: {same}/{asked} questions get the same top 10 on both sides",
    ),
    "migrate.done": (
        "kho giờ ở {target} (ghi trong backends.json của thư mục kho)",
        "the knowledge base is now on {target} (recorded in the home's backends.json)",
    ),
    "migrate.failed": (
        "bản chép sang {target} chưa qua `kb check`; kho vẫn ở chỗ cũ",
        "the copy on {target} does not pass `kb check`; the knowledge base stays where it was",
    ),
    "cli.help.migrate": (
        "chuyển kho sang máy chủ (PostgreSQL, Milvus) hoặc về mặc định nhúng; vectơ được chép, không nhúng lại",
        "move the knowledge base to servers (PostgreSQL, Milvus) or back to the embedded default; vectors are "
        "copied, not embedded again",
    ),
    "cli.help.to_store": (
        "nơi giữ đoạn văn: milvus://MÁY:CỔNG, một tệp Milvus Lite (.db), hoặc bỏ trống cho FAISS + FTS5 trong thư "
        "mục kho",
        "where the passages go: milvus://HOST:PORT, a Milvus Lite file (.db), or nothing for FAISS + FTS5 in the home",
    ),
    "cli.help.to_catalog": (
        "nơi giữ danh mục: postgresql://…, hoặc bỏ trống cho catalog.sqlite trong thư mục kho",
        "where the catalog goes: postgresql://…, or nothing for catalog.sqlite in the home",
    ),
    "cli.help.workers": (
        "đọc, OCR, chia đoạn và nhúng trên các worker của Ray: ray://MÁY:CỔNG, hoặc auto cho một cụm Ray cục bộ",
        "read, OCR, chunk and embed on Ray workers: ray://HEAD:PORT, or auto for a local Ray cluster",
    ),
    "workers.unreachable": (
        "không kết nối được cụm Ray {address} ({why}); hãy kiểm tra cụm đang chạy, hoặc dùng --workers auto",
        "cannot reach the Ray cluster {address} ({why}); check that it is running, or use --workers auto",
    ),
    "backup.servers": (
        "kb backup chỉ chép một kho nhúng (SQLite + FAISS); kho này dùng máy chủ ({backends}). Hãy sao lưu "
        "danh mục PostgreSQL bằng pg_dump (hoặc pg_basebackup), bộ sưu tập Milvus bằng milvus-backup (hoặc dựng "
        "lại từ danh mục bằng kb check --repair), và chép thư mục files/ của kho",
        "kb backup copies an embedded knowledge base (SQLite + FAISS) only; this one is on servers ({backends}). "
        "Back up the PostgreSQL catalog with pg_dump (or pg_basebackup), the Milvus collection with milvus-backup "
        "(or rebuild it from the catalog with kb check --repair), and copy the home's files/ folder",
    ),
    "audit.action.migrate": ("chuyển sang máy chủ khác", "migrate"),
    # (end of issue 19's messages)
}
