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
    # (end of issue 16's messages)
    # --- accounts, roles, access, audit trail, trash, backup, HTTP API (issue 17) ---------------------
    # (end of issue 17's messages)
    # --- the onboarding brief (issue 18) ----------------------------------------------------------------
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
    # (end of issue 19's messages)
}
