#!/usr/bin/python3
"""Builds a Sentiment140-format file of N rows by repeating the bundled sample with fresh ids,
in the original layout (every field quoted, no header), so the loader meets the real shape.
Usage: make_large.py SAMPLE.csv OUT.csv [ROWS]"""
import csv
import sys

src, out = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_600_000
with open(src, newline="", encoding="utf-8") as f:
    sample = list(csv.reader(f))[1:]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for i in range(rows):
        r = sample[i % len(sample)]
        w.writerow([r[0], str(1_000_000_000 + i), r[2], r[3], r[4], r[5]])
