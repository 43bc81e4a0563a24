#!/usr/bin/python3
"""Python reference for bench/serve: the same classic model in scikit-learn (TF-IDF 1-2 grams,
min_df 2, sublinear tf + LogisticRegression(liblinear), trained on the same sample rows) served
by Flask with the same request/response shape as tweetlab-serve's POST /predict.

Usage: flask_reference.py TRAIN_CSV PORT          (Flask's threaded WSGI server, as `flask run`)
"""
import csv
import logging
import sys

from flask import Flask, jsonify, request
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline


def main():
    train_csv, port = sys.argv[1], int(sys.argv[2])
    with open(train_csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(solver="liblinear", C=1.0),
    )
    model.fit([r["text"] for r in rows], [int(r["label"]) for r in rows])

    app = Flask("tweetlab-flask-reference")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no per-request log, like --no-access-log

    @app.post("/predict")
    def predict():
        body = request.get_json(force=True)
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip():
            return jsonify(error={"code": "invalid_request", "message": "text"}), 400
        p = float(model.predict_proba([text])[0][1])
        label = int(p >= 0.5)
        return jsonify(sentiment="positive" if label else "negative", label=label,
                       score=p if label else 1 - p, model={"name": "sklearn-logreg", "version": "1"})

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    print("ready", flush=True)
    app.run(host="127.0.0.1", port=port, threaded=True)


if __name__ == "__main__":
    main()
