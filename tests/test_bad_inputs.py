"""Bad inputs, each made here: one clear line naming the file and what to do; the batch goes on; what is
stored is not harmed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SEED, make_docx, make_pdf
from ingest import ReadError, read
from ingest.read import MAX_BYTES

TEXT = "Hội nghị Ban Chấp hành Liên hiệp Thư viện đã thống nhất tăng kinh phí bổ sung tài liệu cho cơ sở."


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand (object 1 is the catalog), for structures no library would write."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_tree_bomb(levels: int = 24, declared: int | None = None) -> bytes:
    """Each page-tree node lists its child twice: 2**levels pages from 27 small objects."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        me = 2 + level
        parent = b" /Parent %d 0 R" % (me - 1) if level else b""
        count = declared if (declared is not None and level == 0) else 2 ** (levels - level)
        objects.append(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d%s >>" % (me + 1, me + 1, count, parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (1 + levels))
    return _raw_pdf(objects)


def flate_bomb(megabytes: int = 100) -> bytes:
    """One page whose content stream unpacks from ~100 KB to 100 MB (ratio 1000:1)."""
    stream = zlib.compress(b" " * (megabytes << 20), 9)
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]
    )


def _encrypted(tmp_path: Path, password: str, algorithm: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf", [TEXT])))
    writer.encrypt(user_password=password, owner_password="chủ-sở-hữu", algorithm=algorithm)
    path = tmp_path / f"khoa-{algorithm}-{len(password)}.pdf"
    writer.write(str(path))
    return path


def _zero_pages(tmp_path: Path) -> bytes:
    from pypdf import PdfWriter

    buf = io.BytesIO()
    PdfWriter().write(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def _refused(path: Path) -> str:
    with pytest.raises(ReadError) as e:
        read(path)
    message = str(e.value)
    assert message.startswith(path.name + ": ") and "\n" not in message
    assert message.endswith(".") and ";" in message  # what happened; what to do
    return message


@pytest.mark.parametrize("name", ["rong.txt", "rong.pdf", "rong.docx", "rong.doc", "rong.md"])
def test_empty_file(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    assert "the file is empty; check that it was saved or copied completely" in _refused(tmp_path / name)


def test_zero_page_pdf(tmp_path):
    (tmp_path / "khong-trang.pdf").write_bytes(_zero_pages(tmp_path))
    assert "the PDF has no pages; export it again" in _refused(tmp_path / "khong-trang.pdf")


def test_corrupt_and_truncated_pdf(tmp_path):
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(5000))
    assert "the PDF is damaged and cannot be read" in _refused(tmp_path / "hong.pdf")
    good = make_pdf(tmp_path / "good.pdf", [TEXT, TEXT]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 2])
    assert "damaged" in _refused(tmp_path / "cut.pdf")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf_with_and_without_an_empty_password(tmp_path, algorithm):
    assert read(_encrypted(tmp_path, "", algorithm)).pages[0].text == TEXT
    message = _refused(_encrypted(tmp_path, "mật-khẩu", algorithm))
    assert "protected by a password; save an unprotected copy" in message


def test_pdf_bombs(tmp_path):
    cases = {
        "cay-trang.pdf": (page_tree_bomb(24), "the PDF has 16777216 pages, over the 2000-page limit; split it"),
        "cay-noi-doi.pdf": (page_tree_bomb(24, declared=1), "(a PDF bomb?)"),  # the count lies
        "nen.pdf": (flate_bomb(100), "(a PDF bomb?)"),
    }
    for name, (data, expected) in cases.items():
        (tmp_path / name).write_bytes(data)
        started = time.perf_counter()
        assert expected in _refused(tmp_path / name)
        assert time.perf_counter() - started < 30


def test_too_many_real_pages(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(2001):
        writer.add_blank_page(100, 100)
    writer.write(str(tmp_path / "dai.pdf"))
    assert "the PDF has 2001 pages, over the 2000-page limit; split it into parts" in _refused(tmp_path / "dai.pdf")


def test_suffix_that_lies_is_read_by_content_or_refused_by_name(tmp_path):
    pdf = make_pdf(tmp_path / "x.pdf", [TEXT]).read_bytes()
    docx = make_docx(tmp_path / "x.docx", [TEXT]).read_bytes()
    readable = {
        "pdf-that-says.docx": (pdf, "a PDF", ".pdf"),
        "docx-that-says.pdf": (docx, "a Word .docx document", ".docx"),
        "html-that-says.pdf": (
            f"<!DOCTYPE html><html><body><p>{TEXT}</p></body></html>".encode(),
            "an HTML page",
            ".html",
        ),
        "pdf-that-says.txt": (pdf, "a PDF", ".pdf"),
    }
    for name, (data, what, reader) in readable.items():
        (tmp_path / name).write_bytes(data)
        doc = read(tmp_path / name)
        assert TEXT in doc.text
        assert [n.text() for n in doc.notes] == [
            f"the name ends in {Path(name).suffix} but the file is {what}; read as {reader}"
        ]
    refused = {
        "bang.docx": (_xlsx(), "is an Excel .xlsx workbook, which is not supported"),
        "anh.pdf": (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "is a PNG image, which is not supported"),
        "chu.pdf": (TEXT.encode(), "this is not a readable .pdf file, its content is text; give it its real"),
        "rac.docx": (os.urandom(3000).replace(b"\x00", b"\x01") + b"\x00", "not a readable .docx file"),
    }
    for name, (data, expected) in refused.items():
        (tmp_path / name).write_bytes(data)
        assert expected in _refused(tmp_path / name)


def test_files_over_200_mb_are_refused_before_reading(tmp_path):
    path = tmp_path / "lon.pdf"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    started = time.perf_counter()
    assert "the file is 200 MB, over the 200 MB limit; split it" in _refused(path)
    assert time.perf_counter() - started < 1
    with open(tmp_path / "vua.txt", "wb") as f:
        f.truncate(200_000_000)  # "200 MB" as disks count it: under the limit, read, and found empty
    assert "the file is empty" in _refused(tmp_path / "vua.txt")


def _odd_names(folder: Path) -> dict[str, str]:
    """File name as created (str with surrogate escapes where bytes are not UTF-8) → name shown."""
    names = {
        "dòng\nmới.txt": "dòng?mới.txt",
        "màu\x1b[31mđỏ.txt": "màu?[31mđỏ.txt",
        "mục\\..\\..\\etc\\passwd.txt": "mục\\..\\..\\etc\\passwd.txt",
        "phải\u202etxt.md": "phải?txt.md",
        os.fsdecode(b"sai-m\xe3.txt"): "sai-m?.txt",
    }
    for n, (raw, _) in enumerate(names.items()):
        (folder / raw).write_text(f"{TEXT} Văn bản số {n}.", encoding="utf-8")
    return names


def test_odd_file_names_are_shown_safely_and_never_used_as_paths(new_kb, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    names = _odd_names(folder)
    kb = new_kb()
    report = kb.ingest([folder])
    assert sorted(f.name for f in report.files) == sorted(names.values())
    assert {f.status for f in report.files} == {"added"}
    for d in kb.documents():
        assert d.name in names.values() and d.path.isprintable()
        stored = (kb.home / d.stored).resolve()
        assert stored.parent.parent == (kb.home / "files").resolve() and stored.name.startswith(d.sha256)
    assert not (tmp_path / "etc").exists() and not (kb.home.parent / "etc").exists()
    assert len(kb.search("Văn bản số 2", k=5)) >= 1


@pytest.mark.slow
def test_a_batch_of_bad_files_through_the_cli(tmp_path, embedder):
    """`kb ingest` prints one line per bad file, adds the good ones, exits 0; the stored KB still checks clean."""
    from kb import KnowledgeBase

    stored = KnowledgeBase(tmp_path / "kb", embedder=embedder)  # what is already there must not be harmed
    stored.ingest([SEED])
    stored.close()
    env = {**os.environ, "KB_HOME": str(tmp_path / "kb")}
    env.pop("KB_MODEL", None)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "rong.txt").write_bytes(b"")
    (bad / "khong-trang.pdf").write_bytes(_zero_pages(tmp_path))
    (bad / "hong.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    _encrypted(bad, "mật-khẩu", "AES-128")
    (bad / "plain.pdf").unlink()
    (bad / "bom.pdf").write_bytes(page_tree_bomb(24))
    (bad / "anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    with open(bad / "lon.pdf", "wb") as f:
        f.truncate(MAX_BYTES + 1)
    (bad / "dòng\nmới.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(100))
    (bad / "tot.txt").write_text(TEXT, encoding="utf-8")
    cli = [sys.executable, "-m", "kb.cli"]
    proc = subprocess.run(cli + ["ingest", str(bad)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    skipped = [ln for ln in lines if ln.startswith("skipped")]
    assert len(skipped) == 8 and lines[-1].startswith("1 added, 0 updated, 0 unchanged, 0 duplicate, 8 skipped")
    for name in [
        "rong.txt",
        "khong-trang.pdf",
        "hong.pdf",
        "khoa-AES-128-8.pdf",
        "bom.pdf",
        "anh.pdf",
        "lon.pdf",
        "dòng?mới.pdf",
    ]:
        (line,) = [ln for ln in skipped if ln.startswith(f"skipped   {name}: ")]
        assert line.endswith(".")
    check = subprocess.run(cli + ["check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout
    docs = json.loads(
        subprocess.run(cli + ["docs", "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600).stdout
    )
    assert sorted(d["file"] for d in docs) == sorted([SEED.name, "tot.txt"])
