#!/usr/bin/env python3
"""The PyTorch side of bench/bert: BERT's forward pass written as Hugging Face's BertModel
computes it, with PyTorch's fused kernels (F.linear, F.layer_norm, F.gelu, F.softmax), over the
test suite's checkpoint loader (tests/unit/bert/reference_bert.py) and exactly the token ids
TweetLab produced (tweetlab-bert-bench prepare), with the same batching and the same fine-tuning recipe
(AdamW, no decay on biases/LayerNorm, 10% linear warm-up then linear decay, clip 1.0,
dropout 0.1, batch 32, one epoch, then validation).

    pytorch_reference.py infer|finetune CHECKPOINT DIR THREADS   -> one JSON object
"""
import json
import math
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "unit", "bert"))
import reference_bert  # noqa: E402


def bert_forward(state, config, ids, mask, dropout=0.0):
    """The pooled output. The test suite's reference_forward spells layer norm and GELU out in
    elementary ops so that it is independent of any library kernel (right for a correctness
    reference, 2-3x slower); a speed reference must be what a PyTorch user runs, so this one
    uses PyTorch's fused kernels, as transformers' BertModel does. Same math, same weights."""
    eps, H, A = config["layer_norm_eps"], config["hidden_size"], config["num_attention_heads"]
    d = H // A
    B, T = ids.shape
    train = dropout > 0
    lin = lambda x, name: F.linear(x, state[name + ".weight"], state[name + ".bias"])
    norm = lambda x, name: F.layer_norm(x, (H,), state[name + ".weight"], state[name + ".bias"], eps)
    x = (F.embedding(ids, state["embeddings.word_embeddings.weight"])
         + state["embeddings.position_embeddings.weight"][:T][None]
         + state["embeddings.token_type_embeddings.weight"][0])
    x = F.dropout(norm(x, "embeddings.LayerNorm"), dropout, train)
    bias = (1.0 - mask[:, None, None, :].float()) * -10000.0  # as BERT and TweetLab
    heads = lambda t: t.view(B, T, A, d).transpose(1, 2)
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (heads(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
        probs = F.dropout(F.softmax(scores, dim=-1), dropout, train)
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(B, T, H)
        a = norm(F.dropout(lin(ctx, p + "attention.output.dense"), dropout, train) + x, p + "attention.output.LayerNorm")
        f = F.dropout(lin(F.gelu(lin(a, p + "intermediate.dense")), p + "output.dense"), dropout, train)
        x = norm(f + a, p + "output.LayerNorm")
    return torch.tanh(lin(x[:, 0], "pooler.dense"))


def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def pad(rows):
    width = max(len(r["ids"]) for r in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.int64)
    mask = torch.zeros(len(rows), width, dtype=torch.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r["ids"])] = torch.tensor(r["ids"])
        mask[i, :len(r["ids"])] = 1
    return ids, mask


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def infer(checkpoint, directory):
    with open(os.path.join(checkpoint, "config.json")) as f:
        config = json.load(f)
    state = reference_bert.load_state(checkpoint)
    rows = read(os.path.join(directory, "all.jsonl"))
    tokens = sum(len(r["ids"]) for r in rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["ids"]))  # stable, as TweetLab's
    start = time.perf_counter()
    checksum = 0.0
    with torch.no_grad():
        for b in range(0, len(order), 64):
            ids, mask = pad([rows[i] for i in order[b:b + 64]])
            pooled = bert_forward(state, config, ids, mask)
            checksum += pooled.sum().item()
    seconds = time.perf_counter() - start
    return {"side": "pytorch", "rows": len(rows), "tokens": tokens, "forward_seconds": seconds,
            "tokens_per_second": tokens / seconds, "checksum": checksum, "peak_rss_mb": peak_rss_mb()}


def finetune(checkpoint, directory):
    with open(os.path.join(checkpoint, "config.json")) as f:
        config = json.load(f)
    torch.manual_seed(42)
    state = {k: torch.nn.Parameter(v) for k, v in reference_bert.load_state(checkpoint).items()
             if k in set(reference_bert.hf_names(config["num_hidden_layers"]))}
    H = config["hidden_size"]
    classifier = torch.nn.Linear(H, 2)
    torch.nn.init.normal_(classifier.weight, 0.0, 0.02)
    torch.nn.init.zeros_(classifier.bias)
    named = list(state.items()) + [("classifier." + k, v) for k, v in classifier.named_parameters()]
    decay = [p for n, p in named if p.dim() >= 2 and "LayerNorm" not in n]
    no_decay = [p for n, p in named if not (p.dim() >= 2 and "LayerNorm" not in n)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)
    train, val = read(os.path.join(directory, "train.jsonl")), read(os.path.join(directory, "val.jsonl"))
    steps = math.ceil(len(train) / 32)
    warmup = int(0.1 * steps)
    schedule = lambda s: (s + 1) / (warmup + 1) if s < warmup else max(0.0, (steps - s) / (steps - warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    params = [p for _, p in named]

    def logits(rows, dropout):
        ids, mask = pad(rows)
        pooled = bert_forward(state, config, ids, mask, dropout=dropout)
        return classifier(torch.nn.functional.dropout(pooled, dropout, dropout > 0))

    start = time.perf_counter()
    order = torch.randperm(len(train)).tolist()
    for b in range(0, len(order), 32):
        rows = [train[i] for i in order[b:b + 32]]
        loss = torch.nn.functional.cross_entropy(logits(rows, 0.1), torch.tensor([r["label"] for r in rows]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
    right = 0
    with torch.no_grad():
        for b in range(0, len(val), 128):
            rows = val[b:b + 128]
            predicted = logits(rows, 0.0).argmax(1)
            right += sum(int(p) == r["label"] for p, r in zip(predicted.tolist(), rows))
    seconds = time.perf_counter() - start
    return {"side": "pytorch", "train_rows": len(train), "val_rows": len(val), "seconds_per_epoch": seconds,
            "val_accuracy": right / len(val), "peak_rss_mb": peak_rss_mb()}


def main():
    mode, checkpoint, directory, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    torch.set_num_threads(threads)
    result = infer(checkpoint, directory) if mode == "infer" else finetune(checkpoint, directory)
    result["threads"] = threads
    print(json.dumps(result))


if __name__ == "__main__":
    main()
