"""The yardstick of ``bench/load.py``: a bare Flask "hello" app under the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
