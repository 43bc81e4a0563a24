#!/usr/bin/env python3
"""Random-weight BERT checkpoints in the Hugging Face layout, and an independent reference
forward pass written from the published architecture (Devlin et al. 2019; the computation of
Hugging Face's BertModel), in plain PyTorch ops. No `transformers` or `safetensors` package is
needed (none is installed here): safetensors is written by hand.

    reference_bert.py make DIR [--layers 2 --hidden 32 --heads 4 --intermediate 64
                                --vocab VOCAB.txt | --vocab-size 120 --seed 1
                                --format safetensors|bin --prefix bert. --drop TENSOR...
                                --extra-heads --tf-names]
    reference_bert.py forward DIR OUT.safetensors [--seed 2 --batch 3 --length 11]
    reference_bert.py suite OUT_DIR VOCAB.txt

`suite` makes, in one process (torch imports slowly), every checkpoint the C++ tests use:
plain/ (safetensors, BertModel names) and taskbin/ (pytorch_model.bin with the "bert." prefix,
TensorFlow's gamma/beta names, pre-training heads and the position_ids buffer), each with its
reference expected.safetensors; nopooler/ and nolayer/ with tensors left out; tweets/ (the
given vocabulary, BERT's N(0, 0.02) initialisation) for the classifier tests.

`forward` draws token ids and a padding mask, runs the reference over DIR's weights and writes
input_ids, attention_mask, hidden.0 (embeddings) ... hidden.L and pooled to OUT.safetensors.
"""
import argparse
import json
import math
import os
import struct

import torch

DTYPES = {torch.float32: ("F32", 4), torch.int64: ("I64", 8)}


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        code, size = DTYPES[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = {"F32": torch.float32, "I64": torch.int64}[info["dtype"]]
        out[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(info["shape"])
    return out


def hf_names(layers):
    names = ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
             "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight",
             "embeddings.LayerNorm.bias"]
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for m in ["attention.self.query", "attention.self.key", "attention.self.value",
                  "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
                  "output.dense", "output.LayerNorm"]:
            names += [p + m + ".weight", p + m + ".bias"]
    return names + ["pooler.dense.weight", "pooler.dense.bias"]


def bert_init_state(config, seed):
    """BERT's own initialisation: N(0, 0.02) weights, zero biases, LayerNorm 1/0."""
    g = torch.Generator().manual_seed(seed)
    H, I = config["hidden_size"], config["intermediate_size"]
    state = {}
    sizes = {"embeddings.word_embeddings.weight": (config["vocab_size"], H),
             "embeddings.position_embeddings.weight": (config["max_position_embeddings"], H),
             "embeddings.token_type_embeddings.weight": (config["type_vocab_size"], H)}
    for name in hf_names(config["num_hidden_layers"]):
        rows = I if "intermediate.dense" in name else H
        if name in sizes:
            state[name] = torch.randn(*sizes[name], generator=g) * 0.02
        elif "LayerNorm" in name:
            state[name] = torch.ones(H) if name.endswith("weight") else torch.zeros(H)
        elif name.endswith(".bias"):
            state[name] = torch.zeros(rows)
        else:
            cols = I if name.endswith("output.dense.weight") and "attention" not in name else H
            state[name] = torch.randn(rows, cols, generator=g) * 0.02
    return state


def random_state(config, seed):
    g = torch.Generator().manual_seed(seed)
    H, I, V = config["hidden_size"], config["intermediate_size"], config["vocab_size"]

    def randn(*shape, scale):
        return torch.randn(*shape, generator=g) * scale

    # Larger than BERT's N(0, 0.02) initialisation on purpose: every weight must visibly matter.
    state = {
        "embeddings.word_embeddings.weight": randn(V, H, scale=1.0),
        "embeddings.position_embeddings.weight": randn(config["max_position_embeddings"], H, scale=0.5),
        "embeddings.token_type_embeddings.weight": randn(config["type_vocab_size"], H, scale=0.5),
    }
    for name in hf_names(config["num_hidden_layers"]):
        if name in state:
            continue
        if "LayerNorm.weight" in name:
            state[name] = 1.0 + randn(H, scale=0.1)
        elif "LayerNorm.bias" in name:
            state[name] = randn(H, scale=0.1)
        elif name.endswith(".weight"):
            rows = I if "intermediate.dense" in name else H
            cols = I if name.endswith("output.dense.weight") and "attention" not in name else H
            state[name] = randn(rows, cols, scale=1.0 / math.sqrt(cols))
        else:
            rows = I if "intermediate.dense" in name else H
            state[name] = randn(rows, scale=0.1)
    return state


def make(args):
    os.makedirs(args.dir, exist_ok=True)
    if args.vocab:
        with open(args.vocab, encoding="utf-8") as f:
            vocab = [line.rstrip("\n") for line in f]
    else:
        vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"w{i}" for i in range(args.vocab_size - 5)]
    with open(os.path.join(args.dir, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t in vocab))
    config = {"architectures": ["BertForMaskedLM"], "model_type": "bert", "vocab_size": len(vocab),
              "hidden_size": args.hidden, "num_hidden_layers": args.layers,
              "num_attention_heads": args.heads, "intermediate_size": args.intermediate,
              "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
              "max_position_embeddings": 64, "type_vocab_size": 2, "initializer_range": 0.02,
              "layer_norm_eps": 1e-12, "pad_token_id": 0, "position_embedding_type": "absolute"}
    with open(os.path.join(args.dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    state = (bert_init_state if args.bert_init else random_state)(config, args.seed)
    for name in args.drop:
        state.pop(name)
    if args.tf_names:
        state = {k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"): v
                 for k, v in state.items()}
    state = {args.prefix + k: v for k, v in state.items()}
    if args.extra_heads:
        # What a BertForPreTraining export carries besides the encoder.
        state["cls.predictions.bias"] = torch.zeros(len(vocab))
        state["cls.seq_relationship.weight"] = torch.zeros(2, args.hidden)
        state[args.prefix + "embeddings.position_ids"] = torch.arange(64).unsqueeze(0)
    if args.format == "safetensors":
        write_safetensors(os.path.join(args.dir, "model.safetensors"), state)
    else:
        from collections import OrderedDict
        torch.save(OrderedDict(state), os.path.join(args.dir, "pytorch_model.bin"))


def load_state(directory):
    path = os.path.join(directory, "model.safetensors")
    state = read_safetensors(path) if os.path.exists(path) else torch.load(
        os.path.join(directory, "pytorch_model.bin"))
    prefix = "bert." if any(k.startswith("bert.") for k in state) else ""
    rename = lambda k: k.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
    return {rename(k[len(prefix):]): v.float() for k, v in state.items() if k.startswith(prefix)}


def gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def reference_forward(state, config, ids, mask, dropout=0.0):
    """Returns [embeddings, layer 1, ..., layer L] hidden states and the pooled output.
    `dropout` > 0 (training, for the fine-tuning benchmark) drops where BERT does: after the
    embeddings, on the attention probabilities, after each residual branch."""
    drop = (lambda t: torch.nn.functional.dropout(t, dropout, True)) if dropout > 0 else (lambda t: t)
    eps, H, A = config["layer_norm_eps"], config["hidden_size"], config["num_attention_heads"]
    d = H // A
    B, T = ids.shape
    lin = lambda x, name: x @ state[name + ".weight"].T + state[name + ".bias"]
    x = (state["embeddings.word_embeddings.weight"][ids]
         + state["embeddings.position_embeddings.weight"][torch.arange(T)][None]
         + state["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)])
    x = drop(layer_norm(x, state["embeddings.LayerNorm.weight"], state["embeddings.LayerNorm.bias"], eps))
    hidden = [x]
    bias = (1.0 - mask.float())[:, None, None, :] * -10000.0
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        heads = lambda t: t.view(B, T, A, d).permute(0, 2, 1, 3)
        q, k, v = (heads(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        probs = drop(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, dim=-1))
        ctx = (probs @ v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = layer_norm(drop(lin(ctx, p + "attention.output.dense")) + x,
                       state[p + "attention.output.LayerNorm.weight"], state[p + "attention.output.LayerNorm.bias"], eps)
        f = drop(lin(gelu(lin(a, p + "intermediate.dense")), p + "output.dense"))
        x = layer_norm(f + a, state[p + "output.LayerNorm.weight"], state[p + "output.LayerNorm.bias"], eps)
        hidden.append(x)
    pooled = torch.tanh(lin(x[:, 0], "pooler.dense"))
    return hidden, pooled


def forward(args):
    with open(os.path.join(args.dir, "config.json")) as f:
        config = json.load(f)
    state = load_state(args.dir)
    g = torch.Generator().manual_seed(args.seed)
    ids = torch.randint(5, config["vocab_size"], (args.batch, args.length), generator=g)
    lengths = [args.length] + [max(2, args.length - 3 * i - 2) for i in range(1, args.batch)]
    mask = torch.zeros(args.batch, args.length, dtype=torch.int64)
    for row, n in enumerate(lengths):
        ids[row, 0], ids[row, n - 1] = 2, 3  # [CLS] ... [SEP]
        ids[row, n:] = 0
        mask[row, :n] = 1
    with torch.no_grad():
        hidden, pooled = reference_forward(state, config, ids, mask)
    out = {"input_ids": ids, "attention_mask": mask, "pooled": pooled}
    for i, h in enumerate(hidden):
        out[f"hidden.{i}"] = h
    write_safetensors(args.out, out)


def suite(out_dir, vocab):
    base = dict(layers=2, hidden=32, heads=4, intermediate=64, vocab=None, vocab_size=120, seed=1,
                format="safetensors", prefix="", drop=[], extra_heads=False, tf_names=False,
                bert_init=False)
    variants = {
        "plain": {},
        "taskbin": dict(format="bin", prefix="bert.", extra_heads=True, tf_names=True, seed=3),
        "nopooler": dict(drop=["pooler.dense.weight", "pooler.dense.bias"], extra_heads=True),
        "nolayer": dict(drop=["encoder.layer.1.output.dense.weight"]),
        "tweets": dict(vocab=vocab, hidden=64, heads=4, intermediate=128, bert_init=True, seed=5),
    }
    for name, changes in variants.items():
        args = argparse.Namespace(**{**base, **changes, "dir": os.path.join(out_dir, name)})
        make(args)
        if name in ("plain", "taskbin"):
            forward(argparse.Namespace(dir=args.dir, out=os.path.join(args.dir, "expected.safetensors"),
                                       seed=2, batch=4, length=13))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("dir")
    m.add_argument("--layers", type=int, default=2)
    m.add_argument("--hidden", type=int, default=32)
    m.add_argument("--heads", type=int, default=4)
    m.add_argument("--intermediate", type=int, default=64)
    m.add_argument("--vocab")
    m.add_argument("--vocab-size", type=int, default=120)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--format", choices=["safetensors", "bin"], default="safetensors")
    m.add_argument("--prefix", default="")
    m.add_argument("--drop", nargs="*", default=[])
    m.add_argument("--extra-heads", action="store_true")
    m.add_argument("--tf-names", action="store_true")
    m.add_argument("--bert-init", action="store_true")
    su = sub.add_parser("suite")
    su.add_argument("out_dir")
    su.add_argument("vocab")
    fw = sub.add_parser("forward")
    fw.add_argument("dir")
    fw.add_argument("out")
    fw.add_argument("--seed", type=int, default=2)
    fw.add_argument("--batch", type=int, default=3)
    fw.add_argument("--length", type=int, default=11)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.command == "make":
        make(args)
    elif args.command == "forward":
        forward(args)
    else:
        suite(args.out_dir, args.vocab)


if __name__ == "__main__":
    main()
