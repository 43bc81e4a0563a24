#!/usr/bin/python3
"""PyTorch + gensim reference for TweetLab's BiLSTM over Word2Vec, on the same rows and tokens.

Input: a split exported by `tweetlab-cli split` and preprocessed by `tweetlab-deep-bench
preprocess` (tokens separated by spaces, exactly what TweetLab's classifier receives).
Mirrors TweetLab's defaults: vocabulary min_count 2 (ids by descending count, then token bytes),
max_length 50; gensim Word2Vec skip-gram dim 100, window 5, negative 5, sample 1e-3, 5 epochs on
the training split; Embedding (fine-tuned) -> packed BiLSTM(64) -> max pooling over real steps ->
dropout 0.5 -> Linear; Adam 1e-3, batch 64, up to 10 epochs, early stopping on validation loss
(patience 2) restoring the best epoch. Seconds per epoch include the validation pass, as TweetLab's.

Usage: pytorch_reference.py PREPROCESSED_SPLIT_DIR --threads N [--seed S] [--word2vec-only]
Prints one JSON object.
"""
import argparse
import ctypes
import csv
import json
import time
from collections import Counter

import numpy as np
import torch
from gensim.models import Word2Vec
from sklearn.metrics import roc_auc_score
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"].split() for r in rows], np.array([int(r["label"]) for r in rows])


def vocabulary(texts, min_count=2, max_size=50000):
    counts = Counter(t for text in texts for t in text)
    kept = sorted(((w, n) for w, n in counts.items() if n >= min_count),
                  key=lambda p: (-p[1], p[0].encode("utf-8")))[: max_size - 2]
    return {w: i + 2 for i, (w, _) in enumerate(kept)}


def encode(texts, ids, max_length=50):
    return [[ids.get(t, 1) for t in text][:max_length] or [1] for text in texts]


class BiLstm(nn.Module):
    def __init__(self, weights, hidden=64, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(weights, freeze=False, padding_idx=0)
        self.lstm = nn.LSTM(weights.shape[1], hidden, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(2 * hidden, 1)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True,
                                      enforce_sorted=False)
        out, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True)
        mask = torch.arange(out.shape[1])[None, :] < lengths[:, None]
        pooled = out.masked_fill(~mask[:, :, None], float("-inf")).max(1).values
        return self.output(self.dropout(pooled)).squeeze(1)


def batches(seqs, labels, rows, size):
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        lengths = torch.tensor([len(seqs[r]) for r in part])
        tokens = torch.zeros(len(part), int(lengths.max()), dtype=torch.long)
        for i, r in enumerate(part):
            tokens[i, : len(seqs[r])] = torch.tensor(seqs[r])
        yield tokens, lengths, torch.tensor(labels[part], dtype=torch.float32)


def evaluate(model, seqs, labels):
    model.eval()
    probs, loss = [], 0.0
    with torch.no_grad():
        for tokens, lengths, y in batches(seqs, labels, np.arange(len(seqs)), 256):
            logits = model(tokens, lengths)
            loss += nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="sum").item()
            probs.append(torch.sigmoid(logits).numpy())
    p = np.concatenate(probs)
    return loss / len(seqs), float(((p >= 0.5) == (labels == 1)).mean()), float(roc_auc_score(labels, p))


def train_word2vec(sentences, seed, workers=1):
    return Word2Vec(sentences=sentences, vector_size=100, window=5, negative=5, sg=1, min_count=1,
                    sample=1e-3, epochs=5, workers=workers, seed=seed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--word2vec-only", action="store_true")
    ap.add_argument("--max-epochs", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    # As TweetLab does: OpenBLAS's own threads next to torch's oversubscribe the cores.
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(1)
    except (OSError, AttributeError):
        pass
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    x_train, y_train = read(f"{args.split}/train.csv")
    x_val, y_val = read(f"{args.split}/val.csv")
    ids = vocabulary(x_train)
    sentences = [[t for t in text if t in ids] for text in x_train]
    if args.word2vec_only:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            train_word2vec(sentences, args.seed)
            times.append(time.perf_counter() - start)
        print(json.dumps({"implementation": "gensim " + __import__("gensim").__version__,
                          "seconds": min(times), "vocabulary": len(ids),
                          "corpus_words": sum(map(len, sentences))}))
        return

    w2v = train_word2vec(sentences, args.seed)
    weights = rng.uniform(-0.5 / 100, 0.5 / 100, (len(ids) + 2, 100)).astype(np.float32)
    weights[0] = 0
    for word, i in ids.items():
        weights[i] = w2v.wv[word]
    train_seqs, val_seqs = encode(x_train, ids), encode(x_val, ids)
    model = BiLstm(torch.from_numpy(weights))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    best_loss, best_state, best_epoch, waited, epoch_seconds = float("inf"), None, 0, 0, []
    for epoch in range(1, args.max_epochs + 1):
        start = time.perf_counter()
        model.train()
        for tokens, lengths, y in batches(train_seqs, y_train, rng.permutation(len(train_seqs)), 64):
            optimizer.zero_grad()
            loss = nn.functional.binary_cross_entropy_with_logits(model(tokens, lengths), y)
            loss.backward()
            optimizer.step()
        val_loss, val_acc, val_auc = evaluate(model, val_seqs, y_val)
        epoch_seconds.append(time.perf_counter() - start)
        if val_loss < best_loss:
            best_loss, best_epoch, waited = val_loss, epoch, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            waited += 1
            if waited >= 2:
                break
    model.load_state_dict(best_state)
    _, val_acc, val_auc = evaluate(model, val_seqs, y_val)
    print(json.dumps({"reference": f"PyTorch {torch.__version__} + gensim", "val_accuracy": val_acc,
                      "val_auc": val_auc, "seconds_per_epoch": float(np.mean(epoch_seconds)),
                      "epochs_run": len(epoch_seconds), "best_epoch": best_epoch,
                      "threads": torch.get_num_threads(), "vocabulary_size": len(ids) + 2}))


if __name__ == "__main__":
    main()
