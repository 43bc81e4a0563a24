#!/usr/bin/env python3
"""Writes TweetLab's fuzz corpus (tests/fuzz/corpus) with the expected outcome of every case.

Three groups, each a folder with the inputs and a cases.json saying what must happen:

  data/    dataset files for the loader (CSV, TSV, JSON Lines, Sentiment140): rows loaded, rows
           skipped with their line and reason, warnings, or a one-line error;
  bundle/  damage done to a freshly trained bundle (logreg, fasttext, cnn): a changed manifest
           field, a truncated or overwritten file, a link, a FIFO... with or without the
           manifest's checksums recomputed: the bundle loads, or is refused naming the file;
  http/    raw HTTP requests for tweetlab-serve: the status and error code of the answer (0 when
           the server must close without answering).

The expectations are written here from what each case is, not recorded from a run: the test
(tests/fuzz/FuzzCorpusTest.cpp) fails when TweetLab disagrees. Everything is generated from
fixed seeds, so running this again gives the same bytes; `--check` says whether the committed
corpus is what this script writes (a test runs it).

The loader runs with ReadOptions::maxRecordBytes = 4096 so that long-line cases stay small.
"""
import argparse
import filecmp
import json
import os
import random
import shutil
import sys
import tempfile

MAX_RECORD = 4096  # the runner's ReadOptions::maxRecordBytes

ROWS = [
    ("I love this sunny day", 1),
    ("worst flight ever, they lost my bag", 0),
    ("caf\u00e9 au lait with friends \U0001F600", 1),
    ("so tired of waiting at the gate", 0),
    ("na\u00efve but happy", 1),
]


def csv_quote(text):
    return '"' + text.replace('"', '""') + '"'


def csv_rows(rows, header="text,label"):
    return (header + "\n" + "".join(f"{csv_quote(t)},{l}\n" for t, l in rows)).encode()


def jsonl_rows(rows):
    return "".join(json.dumps({"text": t, "label": l}) + "\n" for t, l in rows).encode()


def s140_rows(rows, header=True):
    out = "target,ids,date,flag,user,text\n" if header else ""
    for i, (t, l) in enumerate(rows):
        out += f'"{4 if l else 0}","{1000 + i}","Mon Apr 06","NO_QUERY","user{i}",{csv_quote(t)}\n'
    return out.encode()


def loaded(rows, skipped=(), warnings=(), neutral=0):
    return {"rows": rows, "skipped": [list(s) for s in skipped],
            "warnings": [list(w) for w in warnings], "neutral": neutral}


def error(fragment):
    return {"error": fragment}


def data_cases():
    """(file name, bytes, expected)"""
    n = len(ROWS)
    rnd = random.Random(15)
    cases = [
        ("valid.csv", csv_rows(ROWS), loaded(n)),
        ("valid.tsv", ("text\tlabel\n" + "".join(f"{t}\t{l}\n" for t, l in ROWS)).encode(), loaded(n)),
        ("valid.jsonl", jsonl_rows(ROWS), loaded(n)),
        ("s140-header.csv", s140_rows(ROWS), loaded(n)),
        ("s140-no-header.csv", s140_rows(ROWS, header=False), loaded(n)),
        ("bom-crlf.csv", b"\xef\xbb\xbf" + csv_rows(ROWS).replace(b"\n", b"\r\n"), loaded(n)),
        ("blank-lines.csv", csv_rows(ROWS).replace(b"\n", b"\n\n"), loaded(n)),
        ("header-only.csv", b"text,label\n", loaded(0)),
        ("empty.csv", b"", error("no header row (the file is empty)")),
        ("only-newlines.csv", b"\n\n\r\n\n", error("no header row (the file is empty)")),
        ("no-text-column.csv", b"body,label\nhi,1\n", error("no text column named 'text' (columns: body, label)")),
        ("no-label-column.csv", b"text,stars\nhi,5\n", error("no label column named 'label'")),
        ("cr-line-ends.csv", b"text,label\rhi,1\rbye,0\r", error("no label column named 'label'")),
        # Item 5: one bad byte changes only its own row, and says so.
        ("latin1-row.csv", csv_rows(ROWS[:2]) + b'"caf\xe9 noir",1\n' + csv_rows(ROWS[2:], header="")[1:],
         loaded(n + 1, warnings=[(4, "not valid UTF-8: read as Latin-1")])),
        ("latin1-in-skipped-row.csv", csv_rows(ROWS) + b'"bad \xff byte",maybe\n',
         loaded(n, skipped=[(n + 2, "unknown label 'maybe'")])),
        ("latin1-line.jsonl", jsonl_rows(ROWS[:1]) + b'{"text": "caf\xe9", "label": 0}\n',
         loaded(2, warnings=[(2, "not valid UTF-8: read as Latin-1")])),
        ("overlong-utf8.csv", b"text,label\n\"\xc0\xaf slash\",1\nok,0\n",
         loaded(2, warnings=[(2, "read as Latin-1")])),
        ("surrogate-utf8.csv", b"text,label\n\"\xed\xa0\x80 half\",1\nok,0\n",
         loaded(2, warnings=[(2, "read as Latin-1")])),
        ("truncated-utf8-at-eof.csv", b"text,label\nok,0\n\xf0\x9f\x98,1\n",
         loaded(2, warnings=[(3, "read as Latin-1")])),
        # Item 6: unterminated quotes never merge rows.
        ("stray-quote.csv", b'text,label\n"I love this,1\n"worst day ever",0\n"fine, really",1\n',
         loaded(2, skipped=[(2, "unterminated quoted field")])),
        ("unterminated-at-eof.csv", b'text,label\nok,1\n"never closed,0\n',
         loaded(1, skipped=[(3, "unterminated quoted field")])),
        ("multi-line-quoted.csv", b'text,label\n"first line\nsecond line",1\nnext,0\n',
         loaded(2, warnings=[(2, "runs over 2 lines (2-3)")])),
        ("stray-quote.tsv", b'text\tlabel\n"open\t1\n"closed"\t0\n',
         loaded(1, skipped=[(2, "unterminated quoted field")])),
        ("stray-quote-s140.csv", b'"0","1","d","q","u","open\n"4","2","d","q","u","fine"\n',
         loaded(1, skipped=[(1, "unterminated quoted field")])),
        # Rows that are skipped for what they hold.
        ("labels.csv", b"text,label\na,1\nb,positive\nc,NEG\nd,2\ne,7\nf,\ng,neutral\n",
         loaded(3, skipped=[(6, "unknown label '7'"), (7, "unknown label ''")], neutral=2)),
        ("empty-texts.csv", b'text,label\n"",1\n"   ",0\nok,1\n',
         loaded(1, skipped=[(2, "empty text"), (3, "empty text")])),
        ("columns.csv", b"text,label\na,1\nb,0,extra\nc\nd,1\n",
         loaded(2, skipped=[(3, "expected 2 columns, found 3"), (4, "expected 2 columns, found 1")])),
        ("escape-codes.csv", b"text,label\nhi,\x1b[2J\x1b]0;owned\x07\nok,1\n",
         loaded(1, skipped=[(2, "unknown label '\\x1b[2J\\x1b]0;owned\\x07'")])),
        ("nul-bytes.csv", b"text,label\n\"nul\x00inside\",1\n", loaded(1)),
        ("s140-wrong-columns.csv", s140_rows(ROWS[:2], header=False) + b'"0","1","d","q","only five"\n',
         loaded(2, skipped=[(3, "expected 6 columns, found 5")])),
        ("s140-neutral.csv", b'"2","1","d","q","u","meh"\n"4","2","d","q","u","yay"\n', loaded(1, neutral=1)),
        # Item 7: long lines are skipped (or refused, for a header) with short messages.
        ("long-row.csv", b"text,label\nok,1\n" + b"x" * (MAX_RECORD + 100) + b",0\nok too,0\n",
         loaded(2, skipped=[(3, "record longer than 4 KiB")])),
        ("long-header.csv", b"a" * (MAX_RECORD * 2) + b"\nhi,1\n", error("line 1: record longer than 4 KiB")),
        ("no-newline.csv", b"y" * (MAX_RECORD * 3), error("record longer than 4 KiB")),
        ("long-line.jsonl", jsonl_rows(ROWS[:1]) + b'{"text": "' + b"z" * MAX_RECORD + b'", "label": 1}\n',
         loaded(1, skipped=[(2, "line longer than 4 KiB")])),
        ("long-quoted.csv", b'text,label\n"' + b"q" * (MAX_RECORD + 10) + b'",1\nok,0\n',
         loaded(1, skipped=[(2, "record longer than 4 KiB")])),
        ("wide-header.csv", (",".join(f"c{i}" for i in range(300)) + "\nx\n").encode(),
         error("... (300 columns)")),
        # JSON Lines: item 0 (nesting), and every way a line can be wrong.
        ("deep-label.jsonl", jsonl_rows(ROWS[:1]) + b'{"text": "deep", "label": ' + b"[" * 100 + b"]" * 100 + b"}\n",
         loaded(1, skipped=[(2, "JSON nested deeper than 64 levels")])),
        ("deep-unclosed.jsonl", b"[" * 3000 + b"\n" + jsonl_rows(ROWS[:1]),
         loaded(1, skipped=[(1, "JSON nested deeper than 64 levels")])),
        ("depth-64-ok.jsonl", b'{"text": "ok", "label": 1, "x": ' + b"[" * 63 + b"]" * 63 + b"}\n", loaded(1)),
        ("json-shapes.jsonl", b'{"text": "a", "label": 1}\n[1, 2]\n"str"\n{"text": 5, "label": 1}\n'
                              b'{"label": 1}\n{"text": "b"}\n{"text": "c", "label": null}\n'
                              b'{"text": "d", "label": 4.0}\n{"text": "e", "label": 4.5}\n'
                              b'{"text": "f", "label": true}\n{"text": "g", "label": "pos"}\n{broken\n',
         loaded(3, skipped=[(2, "not a JSON object"), (3, "not a JSON object"), (4, "no string field 'text'"),
                            (5, "no string field 'text'"), (6, "no field 'label'"), (7, "no field 'label'"),
                            (9, "unknown label '4.5'"), (10, "unknown label 'true'"), (12, "malformed JSON")])),
        ("json-escapes.jsonl", b'{"text": "\\ud83d\\ude00 \\u00e9\\n", "label": 1}\n{"text": "\\ud800", "label": 0}\n',
         loaded(1, skipped=[(2, "malformed JSON")])),
        ("json-huge-number.jsonl", b'{"text": "n", "label": 1e999}\n{"text": "m", "label": 123456789012345678901234567890}\n',
         loaded(0, skipped=[(1, "malformed JSON"), (2, "unknown label")])),
    ]
    # Seeded noise: bytes that are never a newline, comma, tab or quote form one header field.
    noise = bytes(rnd.choice([b for b in range(0x80, 0x100)]) for _ in range(3000))
    cases.append(("noise.csv", noise, error("no text column named 'text'")))
    # Random rows with random labels from a fixed set: the count is known.
    labels = ["0", "1", "4", "2", "x"]
    rows, expected_rows, skipped, neutral = [], 0, [], 0
    for i in range(60):
        label = rnd.choice(labels)
        words = " ".join(rnd.choice(["good", "bad", "flight", "caf\u00e9", "\U0001F600", "ok"]) for _ in range(5))
        rows.append(f"{csv_quote(words)},{label}\n")
        if label in ("0", "1", "4"):
            expected_rows += 1
        elif label == "2":
            neutral += 1
        else:
            skipped.append((i + 2, "unknown label 'x'"))
    cases.append(("random-rows.csv", ("text,label\n" + "".join(rows)).encode(),
                  loaded(expected_rows, skipped=skipped, neutral=neutral)))
    return cases


def bundle_cases():
    """Damage to a copy of a trained bundle. `rehash`: recompute the manifest's checksums
    afterwards (a corrupted bundle whose checksums match)."""
    z64 = "0" * 64
    out = []

    def case(name, family, steps, expect, rehash=False):
        out.append({"name": name, "family": family, "steps": steps, "rehash": rehash, "expect": expect})

    def refused(fragment):
        return {"error": fragment}

    for fam in ("logreg", "fasttext", "cnn"):
        case(f"{fam}-intact", fam, [], {"loads": True})
        case(f"{fam}-manifest-not-json", fam, [{"write": "manifest.json", "text": "{\"format\": "}],
             refused("manifest.json: not valid JSON"))
        case(f"{fam}-manifest-deep", fam, [{"write": "manifest.json", "text": "{\"a\":" + "[" * 5000}],
             refused("manifest.json: JSON nested deeper than 64 levels"))
        case(f"{fam}-manifest-array", fam, [{"write": "manifest.json", "text": "[1,2]"}],
             refused("not a TweetLab bundle manifest"))
        case(f"{fam}-manifest-missing", fam, [{"delete": "manifest.json"}], refused("it has no manifest.json"))
        case(f"{fam}-manifest-fifo", fam, [{"delete": "manifest.json"}, {"fifo": "manifest.json"}],
             refused("not a regular file"))
        case(f"{fam}-manifest-dev-zero", fam, [{"delete": "manifest.json"}, {"symlink": "manifest.json", "to": "/dev/zero"}],
             refused("manifest.json"))
        case(f"{fam}-version-huge", fam, [{"set": ["format_version"], "value": 999999999999}],
             refused("newer than this TweetLab understands"))
        case(f"{fam}-version-negative", fam, [{"set": ["format_version"], "value": -1}],
             refused("\"format_version\" must be an integer in [1, 2], not -1"))
        case(f"{fam}-version-float", fam, [{"set": ["format_version"], "value": 1.9}],
             refused("\"format_version\" must be an integer in [1, 2], not 1.9"))
        case(f"{fam}-threshold-2", fam, [{"set": ["threshold"], "value": 2}],
             refused("\"threshold\" must be a number in [0, 1], not 2"))
        case(f"{fam}-threshold-string", fam, [{"set": ["threshold"], "value": "NaN"}],
             refused("\"threshold\" must be a number in [0, 1]"))
        case(f"{fam}-label-key-big", fam, [{"set": ["label_map"], "value": {"0": "negative", "99999999999": "positive"}}],
             refused("may only name labels \"0\" and \"1\", not \"99999999999\""))
        case(f"{fam}-label-escape", fam, [{"set": ["label_map", "1"], "value": "\u001b[31mpositive"}],
             refused("holds control characters or invalid UTF-8: \\x1b[31mpositive"))
        case(f"{fam}-family-unknown", fam, [{"set": ["family"], "value": "svm"}], refused("svm"))
        case(f"{fam}-files-escape", fam, [{"set": ["files", "../../../../etc/passwd"], "value": z64}],
             refused("\"../../../../etc/passwd\", which is not a relative path inside the bundle's model folder"))
        case(f"{fam}-files-absolute", fam, [{"set": ["files", "/etc/passwd"], "value": z64}],
             refused("\"/etc/passwd\", which is not a relative path inside"))
        case(f"{fam}-files-bad-sum", fam, [{"set_first_file_sum": "not-a-sum"}],
             refused("must be a SHA-256 (64 lowercase hex digits)"))
        case(f"{fam}-unlisted-file", fam, [{"write": "model/extra.bin", "text": "added later"}],
             refused("extra.bin is not listed in the manifest"))
        case(f"{fam}-changed-file", fam, [{"append_first_file": "x"}],
             refused("bundle file corrupt (SHA-256 differs from the manifest)"))
        case(f"{fam}-missing-file", fam, [{"delete_first_file": True}], refused("bundle file missing"))
        case(f"{fam}-file-fifo", fam, [{"delete_first_file": True}, {"fifo_first_file": True}],
             refused("is not a regular file"))
        case(f"{fam}-file-link-out", fam, [{"link_first_file_outside": True}], refused("is a link out of the bundle"))

    # fastText: the model file libfasttext would trust (item 1).
    for size in (0, 8, 60, 64, 100, 300, -5, -1):
        case(f"fasttext-model-cut-{size}", "fasttext", [{"truncate": "model/model.bin", "size": size}],
             refused("model.bin: not a TweetLab fastText model"), rehash=True)
    case("fasttext-model-extra-bytes", "fasttext", [{"append": "model/model.bin", "text": "tail"}],
         refused("4 bytes after the model"), rehash=True)
    for offset, value, fragment in [
        (0, 1, "no fastText header"), (4, 99, "format version 99"), (8, -3, "dimension -3"),
        (28, 0, "word n-grams 0"), (32, 0, "unknown loss 0"), (36, 2, "not a supervised model"),
        (40, -1, "negative bucket count"), (44, 9, "character n-grams 9-0"),
        (64, 2000000000, "dictionary sizes disagree"), (72, 0, "dictionary sizes disagree"),
    ]:
        case(f"fasttext-field-{offset}-{value}", "fasttext", [{"int32": "model/model.bin", "offset": offset, "value": value}],
             refused(fragment), rehash=True)
    case("fasttext-meta-array", "fasttext", [{"write": "model/fasttext.json", "text": "[1, 2]"}],
         refused("fasttext.json: "), rehash=True)
    # Logistic regression: weights as text.
    case("logreg-weight-nan", "logreg", [{"replace_line": "model/weights.txt", "line": 2, "text": "nan"}],
         refused("weights.txt:2: not a finite number"), rehash=True)
    case("logreg-weight-inf", "logreg", [{"replace_line": "model/weights.txt", "line": 3, "text": "-inf"}],
         refused("weights.txt:3: not a finite number"), rehash=True)
    case("logreg-weight-word", "logreg", [{"replace_line": "model/weights.txt", "line": 1, "text": "one"}],
         refused("weights.txt:1: not a finite number"), rehash=True)
    case("logreg-weights-short", "logreg", [{"truncate_lines": "model/weights.txt", "keep": 3}],
         refused("weights.txt: 2 weights for"), rehash=True)
    case("logreg-meta-type", "logreg", [{"write": "model/logreg.json", "text": "{\"params\": 5}"}],
         refused("logreg.json: "), rehash=True)
    case("logreg-tfidf-type", "logreg", [{"write": "model/tfidf.json", "text": "{\"ngram_max\": \"two\"}"}],
         refused("tfidf.json: "), rehash=True)
    # CNN (item 1): shapes that disagree must fail at load, not on every request.
    case("cnn-one-kernel", "cnn", [{"set_in": "model/deep.json", "path": ["params", "kernel_sizes"], "value": [2]}],
         refused("the model cannot predict"), rehash=True)
    case("cnn-three-kernels", "cnn", [{"set_in": "model/deep.json", "path": ["params", "kernel_sizes"], "value": [2, 3, 4]}],
         refused("weights.pt"), rehash=True)
    case("cnn-kernels-empty", "cnn", [{"set_in": "model/deep.json", "path": ["params", "kernel_sizes"], "value": []}],
         refused("deep.json"), rehash=True)
    case("cnn-vocabulary-size", "cnn", [{"set_in": "model/deep.json", "path": ["vocabulary_size"], "value": 3}],
         refused("vocabulary.txt"), rehash=True)
    case("cnn-weights-cut", "cnn", [{"truncate": "model/weights.pt", "size": 2000}], refused("weights.pt"), rehash=True)
    case("cnn-weights-garbage", "cnn", [{"write": "model/weights.pt", "text": "PK\u0003\u0004 not a zip"}],
         refused("weights.pt"), rehash=True)
    case("cnn-meta-deep", "cnn", [{"write": "model/deep.json", "text": "[" * 1000}],
         refused("deep.json: JSON nested deeper than 64 levels"), rehash=True)
    return out


def http_cases():
    """Raw requests; the server runs with a 64 KiB body limit, 280 characters per text, 16 texts
    per batch, 16 KiB of head and 64 header fields. The client half-closes after sending."""
    out = []

    def req(method, path, body=b"", headers=(), chunked=False, version="HTTP/1.1"):
        head = f"{method} {path} {version}\r\nHost: 127.0.0.1\r\n"
        for h in headers:
            head += h + "\r\n"
        if chunked:
            head += "Transfer-Encoding: chunked\r\n\r\n"
            data = b""
            for i in range(0, len(body), 100):
                piece = body[i:i + 100]
                data += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            return head.encode() + data + b"0\r\n\r\n"
        if method in ("POST", "PUT") or body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        return head.encode() + b"\r\n" + body

    def case(name, raw, status, code=None):
        out.append((name, raw, {"status": status, **({"code": code} if code else {})}))

    deep = b"[" * 40000 + b"]" * 40000
    text = lambda t: json.dumps({"text": t}).encode()
    feedback = {"text": "good morning", "predicted": "positive", "score": 0.9, "accepted": True}
    case("health", req("GET", "/health"), 200)
    case("predict", req("POST", "/predict", text("what a lovely day")), 200)
    case("predict-chunked", req("POST", "/predict", text("chunked " * 30), chunked=True), 200)
    case("predict-http10", req("POST", "/predict", text("old client"), version="HTTP/1.0"), 200)
    case("feedback", req("POST", "/feedback", json.dumps(feedback).encode()), 201)
    # Item 0: nesting.
    case("predict-deep-text", req("POST", "/predict", b'{"text": ' + b"[" * 30000 + b"]" * 30000 + b"}"),
         400, "malformed_json")
    case("feedback-deep-predicted", req("POST", "/feedback", b'{"text": "a", "predicted": ' + b"[" * 30000 + b"]" * 30000 + b"}"),
         400, "malformed_json")
    case("predict-deep-unclosed", req("POST", "/predict", b"[" * 60000), 400, "malformed_json")
    case("predict-deep-over-limit", req("POST", "/predict", b'{"text": ' + deep + b"}"), 413, "payload_too_large")
    # JSON and content.
    for name, body, status, code in [
        ("empty-body", b"", 400, "malformed_json"),
        ("not-json", b"hello", 400, "malformed_json"),
        ("json-array", b"[1]", 400, "invalid_request"),
        ("text-number", b'{"text": 5}', 400, "invalid_request"),
        ("text-null", b'{"text": null}', 400, "invalid_request"),
        ("text-empty", b'{"text": "  "}', 400, "empty_text"),
        ("text-too-long", text("a" * 281), 400, "text_too_long"),
        ("text-and-texts", b'{"text": "a", "texts": ["b"]}', 400, "invalid_request"),
        ("texts-empty", b'{"texts": []}', 400, "empty_batch"),
        ("texts-too-many", json.dumps({"texts": ["x"] * 17}).encode(), 400, "batch_too_large"),
        ("texts-mixed", b'{"texts": ["a", 1]}', 400, "invalid_request"),
        ("latin1-body", b'{"text": "caf\xe9"}', 400, "invalid_utf8"),
        ("overlong-utf8", b'{"text": "\xc0\xaf"}', 400, "invalid_utf8"),
        ("surrogate-escape", b'{"text": "\\ud800"}', 400, "malformed_json"),
        ("nul-in-text", b'{"text": "a\\u0000b"}', 200, None),
        ("huge-number", b'{"text": "a", "n": 1e999}', 400, "malformed_json"),
        ("duplicate-keys", b'{"text": 1, "text": "ok"}', 200, None),
    ]:
        case(f"predict-{name}", req("POST", "/predict", body), status, code)
    for name, body, status, code in [
        ("score-2", {**feedback, "score": 2}, 400, "invalid_request"),
        ("score-string", {**feedback, "score": "0.5"}, 400, "invalid_request"),
        ("predicted-other", {**feedback, "predicted": "neutral"}, 400, "invalid_request"),
        ("accepted-string", {**feedback, "accepted": "yes"}, 400, "invalid_request"),
        ("model-not-object", {**feedback, "model": "v1"}, 400, "invalid_request"),
        ("text-missing", {k: v for k, v in feedback.items() if k != "text"}, 400, "invalid_request"),
    ]:
        case(f"feedback-{name}", req("POST", "/feedback", json.dumps(body).encode()), status, code)
    # Item 2: limits on the request itself.
    case("body-over-limit", req("POST", "/predict", text("b" * 66000)), 413, "payload_too_large")
    case("chunked-over-limit", req("POST", "/predict", text("c" * 66000), chunked=True), 413, "payload_too_large")
    case("declared-huge", b"POST /predict HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n{", 413, "payload_too_large")
    case("header-flood", req("GET", "/health", headers=[f"X-H{i}: {i}" for i in range(1000)]), 431,
         "request_header_fields_too_large")
    case("header-65", req("GET", "/health", headers=[f"X-H{i}: {i}" for i in range(64)]), 431,
         "request_header_fields_too_large")
    case("header-63", req("GET", "/health", headers=[f"X-H{i}: {i}" for i in range(62)]), 200)
    case("header-huge-value", req("GET", "/health", headers=["Cookie: " + "c" * 20000]), 431,
         "request_header_fields_too_large")
    case("uri-huge", req("GET", "/health?" + "q" * 10000), 431, "request_header_fields_too_large")
    case("te-and-cl", b"POST /predict HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400, "bad_request")
    case("cl-twice", b"POST /predict HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400, "bad_request")
    case("cl-negative", b"POST /predict HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "bad_request")
    case("te-gzip", b"POST /predict HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented")
    case("content-encoding-gzip", req("POST", "/predict", b"\x1f\x8b\x08\x00", headers=["Content-Encoding: gzip"]),
         415, "unsupported_media_type")
    case("chunk-size-garbage", b"POST /predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "bad_request")
    case("chunk-trailer", b"POST /predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX: 1\r\n\r\n",
         400, "bad_request")
    case("folded-header", b"GET /health HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n", 400, "bad_request")
    case("no-colon-header", b"GET /health HTTP/1.1\r\nHost x\r\n\r\n", 400, "bad_request")
    case("garbage-line", b"\x16\x03\x01\x02\x00 hello\r\n\r\n", 400, "bad_request")
    case("tls-hello", bytes(random.Random(3).randrange(256) for _ in range(300)).replace(b"\r\n\r\n", b"") + b"\r\n\r\n",
         400, "bad_request")
    # Incomplete requests: the client gave up; nothing to answer.
    case("truncated-head", b"GET /health HTTP/1.1\r\nHost: x\r\n", 0)
    case("truncated-body", b"POST /predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"text\"", 0)
    case("truncated-chunk", b"POST /predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", 0)
    # Routing.
    case("unknown-route", req("GET", "/admin"), 404, "not_found")
    case("wrong-method", req("GET", "/predict"), 405, "method_not_allowed")
    case("delete-feedback", req("DELETE", "/feedback"), 405, "method_not_allowed")
    case("unknown-method", b"BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n", 400)
    case("dot-dot-path", req("GET", "/../../etc/passwd"), 404, "not_found")
    case("encoded-path", req("GET", "/%2e%2e/health"), 404, "not_found")
    case("leading-empty-lines", b"\r\n\r\n" + req("GET", "/health"), 200)
    return out


def write_corpus(root):
    data_dir = os.path.join(root, "data")
    bundle_dir = os.path.join(root, "bundle")
    http_dir = os.path.join(root, "http")
    for d in (data_dir, bundle_dir, http_dir):
        os.makedirs(d, exist_ok=True)
    expected = {}
    for name, content, expect in data_cases():
        with open(os.path.join(data_dir, name), "wb") as f:
            f.write(content)
        expected[name] = expect
    with open(os.path.join(data_dir, "cases.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=True)
        f.write("\n")
    with open(os.path.join(bundle_dir, "cases.json"), "w") as f:
        json.dump(bundle_cases(), f, indent=1, ensure_ascii=True)
        f.write("\n")
    expected = {}
    for name, raw, expect in http_cases():
        with open(os.path.join(http_dir, name + ".http"), "wb") as f:
            f.write(raw)
        expected[name + ".http"] = expect
    with open(os.path.join(http_dir, "cases.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def same_tree(a, b):
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in comparison.common_dirs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    parser.add_argument("--check", action="store_true", help="compare with the corpus in --out instead of writing")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(tmp)
            if not same_tree(tmp, args.out):
                print(f"{args.out} is not what make_corpus.py writes: run it and commit the result", file=sys.stderr)
                return 1
        return 0
    shutil.rmtree(args.out, ignore_errors=True)
    write_corpus(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
