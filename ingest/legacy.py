"""Vietnamese text in the pre-Unicode encodings TCVN3 (ABC, fonts .VnTime...) and VNI (fonts VNI-Times...).

Offices typed for years in these; the files still circulate. Read as Windows
text they look like "Céng hoµ x· héi chñ nghÜa" (TCVN3) or "Coäng hoøa xaõ hoäi"
(VNI). In a .docx the same characters are stored as Unicode Latin-1 letters and
only the font name (.VnTime, VNI-Times) says what they mean.

TCVN3 gives each lowercase letter one byte; capitals with marks other than
Ă Â Ê Ô Ơ Ư Đ exist only in the capital fonts (.VnTimeH), which draw the
lowercase codes as capitals. VNI writes a base letter followed by mark bytes.
The tables below are the published ones (TCVN 5712:1993 VN3; VNI for Windows).
"""

from __future__ import annotations

import re
import unicodedata

from ingest.syllables import syllable_share

# TCVN3: byte → letter (the byte stands as the Latin-1 character of the same code).
_TCVN3_CODES = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    0xB8: "á",
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB9: "ạ",
    0xBE: "ắ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xC6: "ặ",
    0xCA: "ấ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCB: "ậ",
    0xD0: "é",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD1: "ẹ",
    0xD5: "ế",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD6: "ệ",
    0xDD: "í",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDE: "ị",
    0xE3: "ó",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE4: "ọ",
    0xE8: "ố",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE9: "ộ",
    0xED: "ớ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xEE: "ợ",
    0xF3: "ú",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF4: "ụ",
    0xF8: "ứ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF9: "ự",
    0xFD: "ý",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFE: "ỵ",
}
_TCVN3 = {chr(code): letter for code, letter in _TCVN3_CODES.items()}

# VNI: base letter + mark character(s) → letter. Marks for lowercase and capitals differ.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_TONES_UP = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# circumflex (â ê ô) and breve (ă) vowels with their tones, written as one mark after the base
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_HAT_UP = {"Â": "", "Á": "\u0301", "À": "\u0300", "Å": "\u0309", "Ã": "\u0303", "Ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_BREVE_UP = {"Ê": "", "É": "\u0301", "È": "\u0300", "Ú": "\u0309", "Ü": "\u0303", "Ë": "\u0323"}
_VNI_SINGLE = {
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "ñ": "đ",
    "ô": "ơ",
    "ö": "ư",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
    "Ñ": "Đ",
    "Ô": "Ơ",
    "Ö": "Ư",
}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _vni_table() -> dict[str, str]:
    table = dict(_VNI_SINGLE)
    for lower, tones, hats, breves in (
        (True, _VNI_TONES, _VNI_HAT, _VNI_BREVE),
        (False, _VNI_TONES_UP, _VNI_HAT_UP, _VNI_BREVE_UP),
    ):
        vowels = "aeiouy" if lower else "AEIOUY"
        for base in vowels:
            for mark, tone in tones.items():
                if base not in "iI":  # i takes its marks as single letters (í ì æ ó ò)
                    table[base + mark] = _nfc(base + tone)
        for base in "aeo" if lower else "AEO":
            for mark, tone in hats.items():
                table[base + mark] = _nfc(base + "\u0302" + tone)
        for mark, tone in breves.items():
            table[("a" if lower else "A") + mark] = _nfc(("a" if lower else "A") + "\u0306" + tone)
        for horn in ("ô", "ö") if lower else ("Ô", "Ö"):  # ơ ư with a tone
            for mark, tone in tones.items():
                table[horn + mark] = _nfc(_VNI_SINGLE[horn] + tone)
    table.pop("yï", None)
    table.pop("YÏ", None)  # ỵ is its own letter (î)
    return table


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + "".join(_TCVN3) + "]")
_LEGACY_CHAR = re.compile("[\u00a1-\u00ff]")
_UNICODE_VI = re.compile("[\u0100-\u024f\u1ea0-\u1ef9]")  # ă đ ơ ư and the letters with two marks


def from_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text (bytes read as Latin-1, or a .VnTime run) → Unicode; `capitals` for .VnTimeH fonts."""
    out = _TCVN3_RE.sub(lambda m: _TCVN3[m.group()], text)
    return out.upper() if capitals else out


def from_vni(text: str) -> str:
    """VNI text (bytes read as Latin-1, or a VNI-Times run) → Unicode."""
    return _VNI_RE.sub(lambda m: _VNI[m.group()], text)


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Latin-1 characters; capitals with marks go lowercase, as in a .VnTime file."""
    inverse = {v: k for k, v in _TCVN3.items()}
    out = []
    for ch in _nfc(text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ch.lower() in inverse and ch not in "ĂÂÊÔƠƯĐ":
            out.append(inverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → VNI as Latin-1 characters."""
    inverse = {v: k for k, v in _VNI.items()}
    return "".join(inverse.get(ch, ch) for ch in _nfc(text))


def font_encoding(font: str | None) -> str | None:
    """ "TCVN3", "TCVN3-H" (capitals font), "VNI" or None, from a font name such as .VnTime or VNI-Times."""
    if not font:
        return None
    f = font.strip()
    if f.lower().startswith(".vn"):
        return "TCVN3-H" if f.endswith("H") else "TCVN3"
    if f.upper().startswith(("VNI-", "VNI ")):
        return "VNI"
    return None


def convert(text: str, encoding: str) -> str:
    """Text in a legacy encoding (as Latin-1 characters) → Unicode. Real Unicode Vietnamese is left alone."""
    if _UNICODE_VI.search(text):
        return text  # already Unicode Vietnamese; a legacy font name on it is a leftover
    if encoding == "VNI":
        return from_vni(text)
    return from_tcvn3(text, capitals=encoding == "TCVN3-H")


def detect(text: str, read_otherwise: str | None = None, sample: int = 20000) -> str | None:
    """ "TCVN3" or "VNI" when the text reads as Vietnamese only once converted from it, else None.

    `read_otherwise`: the same bytes decoded another way (Windows-1258), which must read worse.
    """
    text = text[:sample]
    if len(_LEGACY_CHAR.findall(text)) < 3:
        return None
    here, _ = syllable_share(text)
    if read_otherwise is not None:
        here = max(here, syllable_share(read_otherwise[:sample])[0])
    best, name = here + 0.15, None
    for encoding, conv in (("TCVN3", from_tcvn3), ("VNI", from_vni)):
        share, n = syllable_share(conv(text))
        if n >= 3 and share >= 0.5 and share > best:
            best, name = share, encoding
    return name


def fix(text: str) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was in or None)."""
    encoding = detect(text)
    return (convert(text, encoding), encoding) if encoding else (text, None)
