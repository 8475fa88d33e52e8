"""Quality of similar-idea detection on the labelled dev set.

Usage: python bench/similarity_quality.py [PATH] [--database URL] [--details]
(PATH defaults to ../shared/data/similar-ideas-dev.json relative to the repository root)

Every idea is the query once (title + description) against all the *other* ideas.

* recall@3 — per clustered idea: the number of its cluster-mates among the top 3
  *suggestions* (results scoring >= the threshold) divided by min(3, number of mates);
  averaged over all clustered ideas. "ranking recall@3" is the same without the
  threshold (only the order counts).
* false-suggestion rate — the share of singletons (cluster null: ideas that have no
  duplicate) whose best match scores >= the threshold, i.e. that would be shown a
  suggestion although nothing like them exists.

The engine is compared with a plain word TF-IDF (lower-cased words, cosine), whose
threshold is picked the same way. Against overfitting, the threshold is also chosen
on one half of the clusters and singletons and measured on the other half (2-fold by
cluster, each half indexed on its own), and the sweep shows how flat the choice is.

Also shown: the same measures when the query is only the title (as while a citizen
types it into the idea form) against the indexed ideas with their descriptions.

``--database URL`` measures the database-backed index (engage.ideas.similarity_store)
instead of the in-memory one: the ideas are stored as published ideas of one process in
that database (wiped first: give it one of its own), indexed with ``reindex_all()`` and
queried with ``suggest()``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engage.ideas.similarity import SUGGESTION_THRESHOLD, SimilarityIndex  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "similar-ideas-dev.json"
MAX_FALSE = 0.10  # the target: at most 10 % of singletons get a suggestion
THRESHOLDS = [round(0.05 + 0.01 * i, 2) for i in range(46)]  # 0.05 .. 0.50

Idea = dict
Ranker = Callable[[Idea], list[tuple[str, float]]]  # query -> [(id, score)] best first


def load(path: Path) -> list[Idea]:
    return json.loads(path.read_text(encoding="utf-8"))["ideas"]


# ---------------------------------------------------------------- rankers


def engine_ranker(ideas: Sequence[Idea], title_only: bool = False) -> Ranker:
    index = SimilarityIndex()
    for idea in ideas:
        index.add(idea["id"], idea["title"], idea["body"])

    def rank(q: Idea) -> list[tuple[str, float]]:
        body = "" if title_only else q["body"]
        return index.query(q["title"], body, limit=10, exclude=[q["id"]], threshold=0.0)

    return rank


def database_engine(url: str) -> Callable[[Sequence[Idea]], Ranker]:
    """A ranker factory on the database-backed index (the application's path)."""
    from sqlalchemy import delete, insert, select, text

    from engage import create_app
    from engage.config import TestConfig
    from engage.extensions import db
    from engage.ideas.models import Idea as IdeaRow
    from engage.ideas.similarity_store import reindex_all, suggest
    from engage.organisations.models import Organisation
    from engage.processes.models import Process
    from engage.site.seed import seed_reference_data
    from engage.themes.models import Theme

    app = create_app(type("QualityConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    app.app_context().push()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()
    seed_reference_data()
    process = Process(
        title="Qualität",
        slug="quality",
        summary="",
        description="",
        theme=db.session.scalars(select(Theme)).first(),
        organisation=db.session.scalars(select(Organisation)).first(),
        status="published",
        moderation="post",
    )
    db.session.add(process)
    db.session.commit()

    def make(ideas: Sequence[Idea]) -> Ranker:
        db.session.execute(delete(IdeaRow))
        rows = [{"process_id": process.id, "title": i["title"], "body": i["body"]} for i in ideas]
        new_ids = db.session.scalars(insert(IdeaRow).returning(IdeaRow.id), rows).all()
        reindex_all()
        db.session.commit()
        row_of = {i["id"]: new for i, new in zip(ideas, new_ids, strict=True)}
        key_of = {new: key for key, new in row_of.items()}

        def rank(q: Idea) -> list[tuple[str, float]]:
            hits = suggest(
                q["title"], q["body"], limit=10, exclude_ids=[row_of[q["id"]]], threshold=0.0
            )
            return [(key_of[i], s) for i, s in hits]

        return rank

    return make


_WORD = re.compile(r"\w+")


def tfidf_ranker(ideas: Sequence[Idea]) -> Ranker:
    """Baseline: lower-cased words, raw tf × smoothed idf, cosine."""
    docs = {i["id"]: Counter(_WORD.findall(f"{i['title']} {i['body']}".lower())) for i in ideas}
    n = len(docs)
    df = Counter(t for c in docs.values() for t in c)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}

    def vec(c: Counter) -> dict[str, float]:
        v = {t: tf * idf.get(t, math.log(n + 1) + 1) for t, tf in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    vecs = {k: vec(c) for k, c in docs.items()}

    def rank(q: Idea) -> list[tuple[str, float]]:
        qv = vec(Counter(_WORD.findall(f"{q['title']} {q['body']}".lower())))
        scores = [
            (k, sum(w * v.get(t, 0.0) for t, w in qv.items()))
            for k, v in vecs.items()
            if k != q["id"]
        ]
        scores.sort(key=lambda r: -r[1])
        return scores[:10]

    return rank


# ---------------------------------------------------------------- evaluation


def run_queries(ideas: Sequence[Idea], make: Callable[[Sequence[Idea]], Ranker]) -> list[dict]:
    """Rank once per query (threshold applied later, so a sweep costs nothing)."""
    rank = make(ideas)
    out = []
    for q in ideas:
        mates = {
            i["id"]
            for i in ideas
            if q["cluster"] is not None and i["cluster"] == q["cluster"] and i["id"] != q["id"]
        }
        out.append({"id": q["id"], "cluster": q["cluster"], "mates": mates, "ranked": rank(q)})
    return out


def measure(runs: list[dict], threshold: float) -> tuple[float, float, float]:
    """(recall@3 of suggestions, ranking recall@3, false-suggestion rate)."""
    recalls, rank_recalls, false = [], [], []
    for r in runs:
        if r["cluster"] is None:
            best = r["ranked"][0][1] if r["ranked"] else 0.0
            false.append(best >= threshold)
            continue
        if not r["mates"]:
            continue
        top = r["ranked"][:3]
        denom = min(3, len(r["mates"]))
        recalls.append(len({i for i, s in top if s >= threshold} & r["mates"]) / denom)
        rank_recalls.append(len({i for i, _ in top} & r["mates"]) / denom)
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return mean(recalls), mean(rank_recalls), mean(false)


def pick_threshold(runs: list[dict]) -> float:
    """Lowest threshold whose false-suggestion rate is within the target."""
    for t in THRESHOLDS:
        if measure(runs, t)[2] <= MAX_FALSE:
            return t
    return THRESHOLDS[-1]


def split_halves(ideas: Sequence[Idea]) -> tuple[list[Idea], list[Idea]]:
    """Two halves by cluster (alternating sorted cluster ids) and by singleton id."""
    clusters = sorted({i["cluster"] for i in ideas if i["cluster"] is not None})
    side = {c: k % 2 for k, c in enumerate(clusters)}
    singles = sorted(i["id"] for i in ideas if i["cluster"] is None)
    side_single = {s: k % 2 for k, s in enumerate(singles)}
    halves: tuple[list[Idea], list[Idea]] = ([], [])
    for i in ideas:
        k = side[i["cluster"]] if i["cluster"] is not None else side_single[i["id"]]
        halves[k].append(i)
    return halves


def report(name: str, ideas: Sequence[Idea], make: Callable, fixed: float | None) -> dict:
    started = time.perf_counter()
    runs = run_queries(ideas, make)
    elapsed = time.perf_counter() - started
    chosen = pick_threshold(runs)
    print(f"\n== {name}  ({len(ideas)} ideas, {elapsed * 1000 / len(ideas):.1f} ms per query)")
    print("threshold  recall@3  ranking-recall@3  false-suggestions")
    for t in THRESHOLDS[::3] + ([fixed] if fixed is not None else []):
        rec, rrec, fal = measure(runs, t)
        print(f"  {t:7.2f}  {rec:8.3f}  {rrec:16.3f}  {fal:17.1%}")
    result = {"chosen": chosen, "at_chosen": measure(runs, chosen)}
    rec, rrec, fal = result["at_chosen"]
    print(
        f"threshold picked on this data (lowest with false <= {MAX_FALSE:.0%}): {chosen:.2f}"
        f" -> recall@3 {rec:.3f}, false {fal:.1%}"
    )
    if fixed is not None:
        rec, rrec, fal = measure(runs, fixed)
        result["at_fixed"] = (rec, rrec, fal)
        print(
            f"module SUGGESTION_THRESHOLD {fixed:.2f} -> recall@3 {rec:.3f} "
            f"(ranking {rrec:.3f}), false {fal:.1%}"
        )
    result["runs"] = runs
    return result


def two_fold(name: str, ideas: Sequence[Idea], make: Callable) -> None:
    a, b = split_halves(ideas)
    print(f"\n== {name}: 2-fold by cluster (threshold chosen on one half, measured on the other)")
    runs = [run_queries(a, make), run_queries(b, make)]
    totals = []
    for k in (0, 1):
        tune, test = runs[k], runs[1 - k]
        t = pick_threshold(tune)
        rec, rrec, fal = measure(test, t)
        totals.append((rec, fal))
        print(
            f"  tuned on half {k + 1}: threshold {t:.2f} -> half {2 - k}: recall@3 {rec:.3f}"
            f" (ranking {rrec:.3f}), false {fal:.1%}"
        )
    print(
        f"  mean of the two test halves: recall@3 {sum(r for r, _ in totals) / 2:.3f}, "
        f"false {sum(f for _, f in totals) / 2:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--details", action="store_true", help="list misses and false hits")
    parser.add_argument(
        "--database", metavar="URL", help="measure the database-backed index in this database"
    )
    args = parser.parse_args(argv)
    ideas = load(args.path)
    n_clustered = sum(1 for i in ideas if i["cluster"] is not None)
    print(
        f"{args.path}: {len(ideas)} ideas, {n_clustered} in clusters, "
        f"{len(ideas) - n_clustered} singletons"
    )
    print(__doc__.split("\n\n")[2])
    if args.database:
        make, name = database_engine(args.database), "engine, database-backed (similarity_store)"
    else:
        make, name = engine_ranker, "engine (engage.ideas.similarity, in memory)"
    engine = report(name, ideas, make, SUGGESTION_THRESHOLD)
    report("baseline: plain word TF-IDF", ideas, tfidf_ranker, None)
    two_fold("engine", ideas, make)
    two_fold("baseline", ideas, tfidf_ranker)
    report(
        "engine, queries by title only (as while typing in the idea form)",
        ideas,
        lambda docs: engine_ranker(docs, title_only=True),
        SUGGESTION_THRESHOLD,
    )
    if args.details:
        titles = {i["id"]: i["title"] for i in ideas}
        for r in engine["runs"]:
            top = r["ranked"][:3]
            if r["cluster"] is None:
                if top and top[0][1] >= SUGGESTION_THRESHOLD:
                    print(
                        f"FALSE {r['id']} {titles[r['id']][:50]!r} -> {top[0][0]} "
                        f"{top[0][1]:.3f} {titles[top[0][0]][:50]!r}"
                    )
            else:
                got = {i for i, s in top if s >= SUGGESTION_THRESHOLD}
                for m in sorted(r["mates"] - got):
                    pos = [i for i, _ in r["ranked"]].index(m) if m in dict(r["ranked"]) else -1
                    score = dict(r["ranked"]).get(m, 0)
                    print(
                        f"MISS {r['id']} {titles[r['id']][:40]!r} mate {m} rank {pos} "
                        f"score {score:.3f}; top {top}"
                    )
    rec, _, fal = engine["at_fixed"]
    ok = rec >= 0.90 and fal <= MAX_FALSE
    print(f"\nTarget recall@3 >= 0.90 with false <= 10 %: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
