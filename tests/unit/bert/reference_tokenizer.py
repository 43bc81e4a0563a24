#!/usr/bin/env python3
"""An independent BERT tokenizer in Python, written from the published algorithm (Google's
tokenization.py: BasicTokenizer + WordpieceTokenizer; Hugging Face's BertTokenizer behaves the
same for text without special-token strings), used as the reference the C++ WordPieceTokenizer
must match token for token.

    reference_tokenizer.py SAMPLE.csv OUT_DIR [ROWS]

writes OUT_DIR/vocab.txt (built from the sample so that WordPiece has real work: whole words,
"##" pieces, single characters, a few emoji) and OUT_DIR/expected.json
{"texts": [...], "uncased": [[tokens]...], "cased": [[tokens]...]}.
"""
import collections
import csv
import json
import sys
import unicodedata


def is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokenize(text, lower):
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            cleaned.append(" ")
        elif is_cjk(cp):
            cleaned.extend([" ", ch, " "])
        else:
            cleaned.append(ch)
    out = []
    for token in "".join(cleaned).split():
        if lower:
            token = token.lower()
            token = "".join(c for c in unicodedata.normalize("NFD", token)
                            if unicodedata.category(c) != "Mn")
        current = []
        for ch in token:
            if is_punctuation(ch):
                if current:
                    out.append("".join(current))
                    current = []
                out.append(ch)
            else:
                current.append(ch)
        if current:
            out.append("".join(current))
    return " ".join(out).split()


def wordpiece(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            candidate = word[start:end]
            if start > 0:
                candidate = "##" + candidate
            if candidate in vocab:
                found = candidate
                break
            end -= 1
        if found is None:
            return [unk]
        pieces.append(found)
        start = end
    return pieces


def tokenize(text, vocab, lower):
    return [p for w in basic_tokenize(text, lower) for p in wordpiece(w, vocab)]


EDGE_CASES = [
    "I love this 😀😀 so much!!! #happy @bob http://t.co/AbC123?x=1&y=2",
    "love😀 and 👍🏽 and 👨‍👩‍👧 and 🇬🇧 flags ❤️ 1️⃣",
    "Café naïve résumé Ångström façade São Paulo ÉCOLE",
    "我爱你 東京タワー へ行きました 서울 좋아요",
    "ΟΔΟΣ Σίσυφος İstanbul STRASSE straße ǅemal ﬁnance",
    "zero\u200bwidth joiner\u200dhere soft\u00adhyphen nbsp\u00a0space tab\there line\u2028sep",
    "e\u0301 combining a\u0308 and fullwidth ＡＢＣ １２３ ！",
    "Ã¤ mojibake Ã©tÃ© and &amp; &quot;entities&quot; &lt;3",
    "don't can't won't I'm y'all ... ?! $5 ^_^ <3 :-) :( ~~~ `code` |pipe|",
    "supercalifragilisticexpialidocious" * 4,
    "@user_name1 @AnotherUser: RT http://bit.ly/xyz #FollowFriday #ff www.example.com/path",
    "   leading and trailing spaces   \n\n newline\r\nwindows ",
    "مرحبا بالعالم שלום עולם привет МИР Ελλάδα",
    "\u0000nul and \ufffd replacement \u0007bell \ue000private",
    "hello\u3000ideographic space and em\u2003space",
    "",
]


def build_vocab(texts):
    counts = collections.Counter()
    chars = set()
    for t in texts:
        for w in basic_tokenize(t, True):
            counts[w] += 1
            chars.update(w)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    seen = set(vocab)

    def add(token):
        if token not in seen:
            seen.add(token)
            vocab.append(token)

    # Every character of the sample once in each position, except a few left out on purpose so
    # that some words have no segmentation and become [UNK].
    for ch in sorted(chars):
        if ch in "qz":
            continue
        add(ch)
        add("##" + ch)
    for ch in "ABCDEFGHIJKLMNOPRSTUVWXY":  # cased pieces for the cased run
        add(ch)
        add("##" + ch.lower())
    for suffix in ["ing", "ed", "s", "ly", "er", "est", "n't", "day", "ness", "ful", "y"]:
        add("##" + suffix)
    for word, _ in counts.most_common(1500):
        if len(word) > 2 and not any(c in "qz" for c in word):
            add(word)
    for word in ["I", "Love", "The", "😀", "##😀", "👍", "##🏽", "❤", "東", "京"]:
        add(word)
    return vocab


def main():
    sample, out_dir = sys.argv[1], sys.argv[2]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    texts = []
    with open(sample, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for i, row in enumerate(reader):
            if i >= rows:
                break
            texts.append(row[5])
    vocab = build_vocab(texts)
    with open(out_dir + "/vocab.txt", "w", encoding="utf-8", newline="\n") as f:
        for token in vocab:
            f.write(token + "\n")
    lookup = {t: i for i, t in enumerate(vocab)}
    texts = texts + EDGE_CASES
    expected = {
        "texts": texts,
        "uncased": [tokenize(t, lookup, True) for t in texts],
        "cased": [tokenize(t, lookup, False) for t in texts],
    }
    with open(out_dir + "/expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
