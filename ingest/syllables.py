"""Is this a Vietnamese syllable? Onset + rhyme + one tone, by the rules of the script.

Used to judge extracted text: a PDF text layer of failed OCR ("CQNG HOA XA HQI
CHU NGHIA VIPT NAM") or a legacy-encoded file read as Windows text
("Céng hoµ x· héi") has few real syllables; good Vietnamese text has mostly
real ones (abbreviations such as UBND and foreign words are the rest).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Tone marks, as combining characters after NFD.
_ACUTE, _DOT = "\u0301", "\u0323"
_TONES = {"\u0300", _ACUTE, "\u0303", "\u0309", _DOT}

ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "th",
    "tr",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)

# Rhymes (medial + nucleus + final) without the tone mark, as written.
RHYMES = frozenset(
    """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut ua uôc uôi uôm uôn uông uôt
ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu ych ynh yt
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet
uân uâng uât uây uê uêch uênh uơ
uy uya uych uyên uyêt uynh uyt uyu
""".split()
)

# Spelling: k, gh, ngh only before e ê i (y); c, g, ng never before e ê (g + i is "gi").
_FRONT = ("e", "ê", "i", "y")
_STOPS = ("p", "t", "c", "ch")
_TOKEN = re.compile(r"[^\W\d_]+")


def _strip_tone(word: str) -> tuple[str, str] | None:
    """(word without its tone, the tone or ""), or None for two tones."""
    tones = [c for c in unicodedata.normalize("NFD", word) if c in _TONES]
    if len(tones) > 1:
        return None
    base = "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES)
    return unicodedata.normalize("NFC", base), (tones[0] if tones else "")


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable in any case: "nghiệp", "Quỳnh", "GIỮA"; not "CQNG", "ngdnh"."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    stripped = _strip_tone(word.lower())
    if stripped is None:
        return False
    base, tone = stripped
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if onset == "qu":
            ok = rhyme in RHYMES and rhyme[:1] not in ("u", "o")  # the u is the onset's
        elif onset == "gi":
            ok = rhyme in RHYMES or rhyme == ""
        else:
            ok = rhyme in RHYMES
        if not ok or not _spelled_right(onset, rhyme):
            continue
        if rhyme.endswith(_STOPS) and tone not in (_ACUTE, _DOT):
            continue  # a syllable ending in p, t, c, ch takes only the acute or the dot below
        return True
    return False


def _spelled_right(onset: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rhyme.startswith(("e", "ê"))
    return True


def syllable_share(text: str) -> tuple[float, int]:
    """(share of words that are Vietnamese syllables, number of words); numbers are not words."""
    words = _TOKEN.findall(unicodedata.normalize("NFC", text))
    if not words:
        return 0.0, 0
    return sum(map(is_syllable, words)) / len(words), len(words)


def usable_text(text: str, min_share: float = 0.6, min_words: int = 1) -> bool:
    """Does this extracted text read as Vietnamese? Enough words, most of them real syllables."""
    share, n = syllable_share(text)
    return n >= min_words and share >= min_share
