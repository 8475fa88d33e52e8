"""Similar-idea detection that understands German, computed on the platform itself.

The engine turns an idea's title and body into weighted *features* (`analyze`):

1. normalisation: HTML stripped, NFKC, lower case, ``ß``→``ss``, umlauts folded to
   ``ae``/``oe``/``ue`` so that "Straße", "Strasse" and "STRASSE" are one word;
2. stop words (German function words and the filler of idea texts) are dropped;
3. every word is stemmed with the Snowball German stemmer (inflections: Radwege →
   radweg, Räder/Raeder → rad);
4. compounds are split against a lexicon of word stems (Fahrradweg → fahrrad + weg,
   Stromtankstellen → strom + tankstell), hyphenated words too (E-Auto-Ladestationen);
5. a curated municipal concept vocabulary adds a concept feature (``~ev_laden``) for
   words and phrases that name the same thing (Ladesäule, Stromtankstelle, "Autos
   laden"), so that ideas written in other words still meet.

Features are weighted by field (the title counts more, a long description is scaled
to the mass of a short one) and sublinear term frequency; they do not depend on the
other ideas, so they can be stored per idea in a table ``(idea_id, term, weight)``.
Inverse document frequencies are applied at query time, from document frequencies
kept current on every add/remove. The score (`combined_score`, in 0..1) blends the
cosine of the tf-idf vectors with the share of the shorter text's weight that the
other one covers, so that a short idea and a long one about the same thing still
meet. Query words that no idea contains are matched against known words at edit
distance 1 (typo tolerance).

Pure Python: no Flask and no database imports. `SimilarityIndex` is the in-memory
reference implementation (benchmarks, tests); ``engage.ideas.similarity_store`` runs
the same steps in SQL over stored features for the application.
"""

from __future__ import annotations

import heapq
import html
import math
import re
import unicodedata
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

__all__ = [
    "MAX_QUERY_TERMS",
    "MAX_TERM_LENGTH",
    "SUGGESTION_THRESHOLD",
    "SimilarityIndex",
    "analyze",
    "combined_score",
    "fold",
    "heaviest_terms",
    "idf",
    "plain_length",
    "query_vector",
    "resolve_query",
    "split_compound",
    "stem",
    "tokenize",
    "walk_order",
]

#: Ideas scoring at least this are suggested. On the dev set every threshold from 0.365
#: to 0.405 gives recall@3 >= 0.90 with <= 10 % false suggestions; this is the middle
#: of that band (see bench/similarity_quality.py, which also shows its stability).
SUGGESTION_THRESHOLD = 0.38

#: Weight of a title word relative to a body word: titles state the proposal.
TITLE_WEIGHT = 1.5
#: Weight of a compound's parts relative to the whole word.
PART_WEIGHT = 0.5
#: Weight of a concept feature relative to a word.
CONCEPT_WEIGHT = 3.0
#: Length normalisation of descriptions (BM25's b = 1 with a fixed pivot): a description
#: of more content words than this weighs as much as one of this length (two or three
#: sentences), so that a long story neither drowns its title nor the few words it shares
#: with a short idea about the same thing.
BODY_PIVOT = 20
#: Weight of a query word corrected at edit distance 1.
TYPO_WEIGHT = 0.7
#: Unknown query words looked up for a spelling at edit distance 1, at most (the
#: heaviest): each has some hundred candidate spellings.
MAX_TYPO_WORDS = 10
#: Share of the cosine in the score; the rest is the coverage of the shorter text
#: (`combined_score`).
COSINE_SHARE = 0.7
#: Postings a query walks through at most to find candidates, rarest terms first; very
#: common terms beyond it only count in the exact scores of the pre-selected ideas.
POSTINGS_BUDGET = 12_000
#: Candidates that are scored exactly (the best of the pre-selection).
RESCORE_CANDIDATES = 200
#: A query keeps its heaviest terms (by tf-idf weight), at most this many: the light
#: ones of a long text change no ranking, and the SQL statements stay small.
MAX_QUERY_TERMS = 128
#: Longer terms are dropped (no German word is that long; such tokens are junk) and
#: every term fits a database column of this size.
MAX_TERM_LENGTH = 64

_DATA = Path(__file__).with_name("similarity_data")
_STEMMER = snowballstemmer.stemmer("german")

# ---------------------------------------------------------------- normalisation

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FOLD_TABLE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "é": "e", "è": "e", "à": "a"}
)


def fold(text: str) -> str:
    """Lower-case ASCII spelling: ä/ae, ö/oe, ü/ue and ß/ss become one; accents go."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOLD_TABLE)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Folded words of a text (HTML removed); hyphenated words stay one token."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = fold(text).replace("–", " ").replace("—", " ")
    return _WORD.findall(text)


@lru_cache(maxsize=200_000)
def _snowball(word: str) -> str:
    """Snowball German stem of a folded word, plus a plural rule Snowball lacks."""
    s = _STEMMER.stemWord(word)
    # Foreign plurals in -s after a vowel or -pp: Autos, Kitas, Handys, Apps.
    if len(s) >= 4 and s.endswith("s") and s[-2] in "aioyp" and s[-3:-1] not in {"ei", "ai"}:
        s = s[:-1]
    return s


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem of a folded word: Snowball, made consistent for lexicon words.

    Snowball stems some inflections of a word differently (Kurs → kur, Kurse →
    kurs); for words of the lexicon every inflected form maps to one stem.
    """
    canon = _vocabulary().canon
    s = _snowball(word)
    return canon.get(word) or canon.get(s, s)


# ---------------------------------------------------------------- static data


def _data_lines(name: str) -> Iterator[str]:
    """Non-empty, non-comment lines of a data file."""
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@dataclass(frozen=True)
class _Vocabulary:
    stop: frozenset[str]  # folded stop words
    canon: dict[str, str]  # variant stem or folded form -> canonical stem
    weak: dict[str, float]  # stem -> weight factor for low-content words
    lexicon: frozenset[str]  # stems that may be parts of compounds
    concept_words: dict[str, tuple[str, ...]]  # stem -> concepts
    concept_phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first stem -> phrases


_VARIANT_ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern", "ung", "ungen", "in", "innen")


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    stop = frozenset(w for line in _data_lines("stopwords.txt") for w in tokenize(line))
    concept_terms: list[tuple[str, list[str]]] = []  # (concept, folded words of a term)
    for line in _data_lines("concepts.txt"):
        concept, _, terms = line.partition(":")
        for term in terms.split(","):
            words = [t.replace("-", "") for t in tokenize(term)]
            words = [w for w in words if w not in stop and not w.isdigit()]
            if words:
                concept_terms.append(("~" + concept.strip(), words))
    lex_words = [w.replace("-", "") for line in _data_lines("lexicon.txt") for w in tokenize(line)]
    lex_words += [w for _, words in concept_terms for w in words]
    # Every inflected form of a lexicon word gets the stem of its base form.
    canon: dict[str, str] = {}
    for w in lex_words:
        base = _snowball(w)
        for ending in _VARIANT_ENDINGS:
            canon.setdefault(w + ending, base)
            canon.setdefault(_snowball(w + ending), base)

    def stem_of(w: str) -> str:
        s = _snowball(w)
        return canon.get(w) or canon.get(s, s)

    weak: dict[str, float] = {}
    for line in _data_lines("weak_words.txt"):
        factor, _, words = line.partition(":")
        for w in tokenize(words):
            weak[stem_of(w)] = float(factor)
    concept_words: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, words in concept_terms:
        stems = tuple(stem_of(w) for w in words)
        if len(stems) == 1:
            concept_words.setdefault(stems[0], []).append(concept)
        else:
            phrases.setdefault(stems[0], []).append((stems, concept))
    lexicon = {stem_of(w) for w in lex_words}
    return _Vocabulary(
        stop=stop,
        canon=canon,
        weak=weak,
        lexicon=frozenset(s for s in lexicon if len(s) >= 3),
        concept_words={k: tuple(dict.fromkeys(v)) for k, v in concept_words.items()},
        concept_phrases=phrases,
    )


# ---------------------------------------------------------------- compounds

_LINKS = ("", "s", "es", "n", "en", "e", "er")
#: Words of a concept phrase must stand within this many content words of each other.
_PHRASE_WINDOW = 6
_MIN_PART = 3


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Stems of the parts of a folded compound word, or () if it is not one.

    A split must cover the whole word with lexicon stems (each followed by an
    optional linking element such as the *s* of Verkehrs-), fewest parts first.
    Failing that, a known head (the last part, which names the thing) is returned
    with the unknown modifier left as it is.
    """
    canon = _vocabulary().canon  # every known form of a lexicon word -> its stem
    n = len(word)
    if n < 2 * _MIN_PART:
        return ()

    @cache
    def best(i: int) -> tuple[str, ...] | None:
        # Best split of word[i:] into lexicon parts, or None.
        if i == n:
            return ()
        found: tuple[str, ...] | None = None
        # The whole word itself does not count as a split, even if it is known.
        for j in range(n if i else n - _MIN_PART, i + _MIN_PART - 1, -1):
            s = canon.get(word[i:j])
            if s is None or len(s) < _MIN_PART:
                continue
            if j == n:
                cand: tuple[str, ...] | None = (s,)
            else:
                cand = None
                for link in _LINKS:
                    k = j + len(link)
                    if word.startswith(link, j) and k <= n - _MIN_PART:
                        rest = best(k)
                        if rest is not None and (cand is None or len(rest) + 1 < len(cand)):
                            cand = (s, *rest)
            if cand is not None and (found is None or len(cand) < len(found)):
                found = cand
        return found

    parts = best(0)
    if parts and len(parts) > 1:
        return parts
    # Known head only: the longest lexicon suffix leaving a modifier of >= 3 letters.
    for i in range(_MIN_PART, n - 3):
        s = canon.get(word[i:])
        if s is not None and len(s) >= 4:
            return (s,)
    return ()


# ---------------------------------------------------------------- analysis


def _word_features(word: str) -> list[tuple[str, float]]:
    """(stem, weight) features of one folded token, compounds split."""
    voc = _vocabulary()
    pieces = word.split("-")
    if len(pieces) > 1:
        joined = "".join(pieces)
        feats = [(stem(joined), PART_WEIGHT)] if len(joined) >= 4 else []
        for piece in pieces:
            if len(piece) >= 2 and piece not in voc.stop:
                feats.extend(_word_features(piece))
        return feats
    if word in voc.stop or len(word) < 2 or word.isdigit():
        return []
    s = stem(word)
    feats = [(s, 1.0)]
    feats.extend((p, PART_WEIGHT) for p in split_compound(word) if p != s)
    return feats


def _concepts(stems: list[list[str]]) -> list[str]:
    """Concepts named by words (or their parts) and by phrases of nearby words."""
    voc = _vocabulary()
    found: list[str] = []
    for group in stems:
        whole = voc.concept_words.get(group[0])
        if whole:
            found.extend(whole)
            continue
        for s in group[1:]:
            found.extend(voc.concept_words.get(s, ()))
    positions: dict[str, list[int]] = {}
    for i, group in enumerate(stems):
        for s in group:
            positions.setdefault(s, []).append(i)
    for first, i_list in list(positions.items()):
        for phrase, concept in voc.concept_phrases.get(first, ()):
            rest = [positions.get(p) for p in phrase[1:]]
            if all(rest) and any(
                all(any(abs(i - j) <= _PHRASE_WINDOW for j in js) for js in rest) for i in i_list
            ):
                found.append(concept)
    return found


def _field_features(text: str, weight: float, acc: dict[str, float]) -> int:
    """Add a field's weighted features to `acc`; return its number of content words."""
    voc = _vocabulary()
    groups: list[list[str]] = []
    for word in tokenize(text):
        feats = _word_features(word)
        if not feats:
            continue
        groups.append([f for f, _ in feats])
        for f, w in feats:
            acc[f] = acc.get(f, 0.0) + w * weight * voc.weak.get(f, 1.0)
    for concept in _concepts(groups):
        acc[concept] = acc.get(concept, 0.0) + CONCEPT_WEIGHT * weight
    return len(groups)


def analyze(title: str, body: str = "") -> dict[str, float]:
    """Weighted features of an idea: term -> weight (> 0), independent of other ideas.

    Terms are word stems, compound-part stems and ``~concept`` names; weights are
    sublinear (1 + ln tf) over field-weighted counts. A description longer than
    `BODY_PIVOT` content words is scaled down to the mass of one of that length
    (length normalisation with a fixed pivot, so the features stay independent of
    the collection). Suitable for storing.
    """
    raw: dict[str, float] = {}
    _field_features(title, TITLE_WEIGHT, raw)
    body_raw: dict[str, float] = {}
    words = _field_features(body, 1.0, body_raw)
    scale = min(1.0, BODY_PIVOT / words) if words else 1.0
    for t, w in body_raw.items():
        raw[t] = raw.get(t, 0.0) + w * scale
    feats = {t: round(1.0 + math.log(w) if w > 1.0 else w, 4) for t, w in raw.items()}
    return {t: w for t, w in feats.items() if w > 0 and len(t) <= MAX_TERM_LENGTH}


# ---------------------------------------------------------------- typos


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _ALPHABET]
    inserts = [a + c + b for a, b in splits for c in _ALPHABET]
    return set(deletes + transposes + replaces + inserts)


def typo_candidates(term: str) -> set[str]:
    """Spellings at edit distance 1 of a stem (only for stems of 5+ letters)."""
    if len(term) < 5 or term.startswith("~"):
        return set()
    return _edits1(term) - {term}


# ---------------------------------------------------------------- scoring


def idf(df: int, n: int) -> float:
    """Smoothed inverse document frequency of a term in `df` of `n` ideas."""
    return math.log((n + 1) / (df + 1)) + 1.0


def resolve_query(
    feats: dict[str, float], lookup: Callable[[set[str]], dict[str, int]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Query features mapped onto indexed terms: (term -> weight, unmatched term -> weight).

    `lookup(terms)` answers the document frequency of those of `terms` that are
    indexed (df > 0). A word no idea contains is replaced by its most frequent
    indexed spelling at edit distance 1 (ties: alphabetical), weighted `TYPO_WEIGHT`
    (for the `MAX_TYPO_WORDS` heaviest such words); words with no such spelling are
    returned apart (they still make the query longer).
    """
    known = lookup(set(feats))
    out = {t: w for t, w in feats.items() if t in known}
    unmatched = {t: w for t, w in feats.items() if t not in known}
    heaviest = sorted(unmatched, key=lambda t: (-unmatched[t], t))[:MAX_TYPO_WORDS]
    unknown = {t: typo_candidates(t) for t in heaviest}
    unknown = {t: c for t, c in unknown.items() if c}
    if unknown:
        spelled = lookup(set().union(*unknown.values()))
        for term, cands in unknown.items():
            found = [(-spelled[c], c) for c in cands if c in spelled]
            if found:
                best = min(found)[1]
                out[best] = out.get(best, 0.0) + feats[term] * TYPO_WEIGHT
                del unmatched[term]
    return out, unmatched


def query_vector(
    resolved: dict[str, float], unmatched: dict[str, float], df: dict[str, int], n: int
) -> tuple[dict[str, float], float]:
    """The query's tf-idf weights per indexed term and its squared length.

    Only the `MAX_QUERY_TERMS` heaviest terms are kept (`heaviest_terms`). Words no idea
    contains count in the length with the idf of such a word: a text about something
    new is not made alike to an idea by the few words it shares with it.
    """
    qv = heaviest_terms({t: w * idf(df[t], n) for t, w in resolved.items()})
    new = idf(0, n)
    norm2 = sum(w * w for w in qv.values()) + sum((w * new) ** 2 for w in unmatched.values())
    return qv, norm2


def combined_score(
    dot: float, q_norm2: float, d_norm2: float, q_shared2: float, d_shared2: float
) -> float:
    """Similarity in 0..1 of a query and an idea from their tf-idf aggregates.

    ``cosine ** COSINE_SHARE * coverage ** (1 - COSINE_SHARE)``, where `coverage` is
    the share of the *shorter* text's squared tf-idf mass on terms the other text has
    too (`q_shared2` / `q_norm2` or `d_shared2` / `d_norm2`). The cosine alone punishes
    a short text against a long one about the same thing, because the long text's
    other words lengthen its vector; the coverage of the shorter text does not, and the
    cosine factor keeps a single shared rare word from making two texts alike.
    """
    if dot <= 0.0 or q_norm2 <= 0.0 or d_norm2 <= 0.0:
        return 0.0
    cosine = min(1.0, dot / math.sqrt(q_norm2 * d_norm2))
    coverage = q_shared2 / q_norm2 if q_norm2 <= d_norm2 else d_shared2 / d_norm2
    return cosine**COSINE_SHARE * min(1.0, coverage) ** (1.0 - COSINE_SHARE)


def plain_length(feats: dict[str, float]) -> float:
    """Euclidean length of an idea's feature weights without idf (fixed per text)."""
    return math.sqrt(sum(w * w for w in feats.values()))


def heaviest_terms(qv: dict[str, float]) -> dict[str, float]:
    """The `MAX_QUERY_TERMS` heaviest query terms (ties: alphabetical)."""
    if len(qv) <= MAX_QUERY_TERMS:
        return qv
    kept = sorted(qv, key=lambda t: (-qv[t], t))[:MAX_QUERY_TERMS]
    return {t: qv[t] for t in kept}


def walk_order(df: dict[str, int]) -> list[str]:
    """The query terms whose postings pre-select candidates: rarest first (ties by
    name), as many as fit into `POSTINGS_BUDGET` postings, and at least one."""
    walked: list[str] = []
    seen = 0
    for term in sorted(df, key=lambda t: (df[t], t)):
        if walked and seen + df[term] > POSTINGS_BUDGET:
            break
        walked.append(term)
        seen += df[term]
    return walked


# ---------------------------------------------------------------- index


class SimilarityIndex:
    """In-memory inverted index over idea features, scored by `combined_score`.

    The reference implementation of the query that ``engage.ideas.similarity_store``
    answers with SQL over ``(idea_id, term, weight)`` rows; both take the same steps,
    so they rank alike (a test checks it):

    1. the query's features are resolved onto indexed terms (`resolve_query`) and
       weighted by idf (from document frequencies that follow every add/remove);
    2. *pre-selection*: the postings of the rarest query terms are walked, up to
       `POSTINGS_BUDGET` postings (very common terms would make every idea a
       candidate), and the candidates are ranked by their share of the dot product
       over those terms, each idea's weights divided by their plain (idf-free) length,
       which never changes while its text does not; the best `RESCORE_CANDIDATES` stay;
    3. *exact scoring* of those: the dot product over all query terms, both texts'
       shared tf-idf mass and the idea's tf-idf norm with the idf of this moment,
       combined by `combined_score`.
    """

    def __init__(self) -> None:
        self._ids: list[Hashable | None] = []  # doc number -> idea id (None = free)
        self._num: dict[Hashable, int] = {}  # idea id -> doc number
        self._group: list[Hashable | None] = []
        self._terms: list[array] = []  # doc number -> term numbers
        self._weights: list[array] = []  # doc number -> weights (same order)
        self._length: array = array("d")  # doc number -> plain length sqrt(sum w²)
        self._free: list[int] = []
        self._term_num: dict[str, int] = {}
        self._term_str: list[str] = []
        self._post_docs: list[array] = []  # term number -> doc numbers
        self._post_w: list[array] = []  # term number -> weight / plain length

    # -- bookkeeping

    def __len__(self) -> int:
        return len(self._num)

    def __contains__(self, idea_id: object) -> bool:
        return idea_id in self._num

    def df(self, term: str) -> int:
        """Number of ideas containing a term."""
        t = self._term_num.get(term)
        return 0 if t is None else len(self._post_docs[t])

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency."""
        return idf(self.df(term), len(self._num))

    def _term(self, term: str) -> int:
        t = self._term_num.get(term)
        if t is None:
            t = len(self._term_str)
            self._term_num[term] = t
            self._term_str.append(term)
            self._post_docs.append(array("i"))
            self._post_w.append(array("d"))
        return t

    # -- changes

    def add(
        self,
        idea_id: Hashable,
        title: str,
        body: str = "",
        group: Hashable | None = None,
        features: dict[str, float] | None = None,
    ) -> None:
        """Index an idea (or re-index it if present); `features` skips `analyze`."""
        if idea_id in self._num:
            self.remove(idea_id)
        feats = analyze(title, body) if features is None else features
        if not feats:
            return  # nothing to match on (only stop words)
        if self._free:
            d = self._free.pop()
            self._ids[d] = idea_id
            self._group[d] = group
        else:
            d = len(self._ids)
            self._ids.append(idea_id)
            self._group.append(group)
            self._terms.append(array("i"))
            self._weights.append(array("d"))
            self._length.append(0.0)
        self._num[idea_id] = d
        length = plain_length(feats)
        terms = array("i", [self._term(t) for t in feats])
        self._terms[d] = terms
        self._weights[d] = array("d", feats.values())
        self._length[d] = length
        for t, w in zip(terms, feats.values(), strict=True):
            self._post_docs[t].append(d)
            self._post_w[t].append(w / length)

    update = add

    def remove(self, idea_id: Hashable) -> None:
        """Drop an idea (hidden, withdrawn, merged, deleted); unknown ids are ignored."""
        d = self._num.pop(idea_id, None)
        if d is None:
            return
        for t in self._terms[d]:
            docs = self._post_docs[t]
            i = docs.index(d)
            del docs[i]
            del self._post_w[t][i]
        self._terms[d] = array("i")
        self._weights[d] = array("d")
        self._ids[d] = None
        self._group[d] = None
        self._free.append(d)

    # -- scoring

    def _lookup(self, terms: set[str]) -> dict[str, int]:
        out = {}
        for term in terms:
            t = self._term_num.get(term)
            if t is not None and self._post_docs[t]:
                out[term] = len(self._post_docs[t])
        return out

    def query_features(self, feats: dict[str, float]) -> tuple[dict[int, float], float]:
        """Query tf-idf weights per term number and the query's squared length."""
        resolved, unmatched = resolve_query(feats, self._lookup)
        df = {t: len(self._post_docs[self._term_num[t]]) for t in resolved}
        qv, norm2 = query_vector(resolved, unmatched, df, len(self._num))
        return {self._term_num[term]: w for term, w in qv.items()}, norm2

    def query(
        self,
        title: str,
        body: str = "",
        limit: int = 5,
        group: Hashable | None = None,
        exclude: Iterable[Hashable] = (),
        threshold: float | None = None,
    ) -> list[tuple[Hashable, float]]:
        """Ideas most like a text: (idea id, score in 0..1), best first, >= threshold.

        `group` restricts to ideas added with that group (e.g. the process);
        `threshold` defaults to `SUGGESTION_THRESHOLD` (pass 0 for a plain ranking).
        """
        if threshold is None:
            threshold = SUGGESTION_THRESHOLD
        qv, q_norm2 = self.query_features(analyze(title, body))
        if not qv:
            return []
        n = len(self._num)
        df = {t: len(self._post_docs[t]) for t in qv}
        walked = walk_order({self._term_str[t]: df[t] for t in qv})
        skip = {self._num[e] for e in exclude if e in self._num}
        groups = self._group
        # 2. Pre-selection over the rarest terms.
        partial: dict[int, float] = {}
        for term in walked:
            t = self._term_num[term]
            f = qv[t] * idf(df[t], n)
            for d, nw in zip(self._post_docs[t], self._post_w[t], strict=True):
                partial[d] = partial.get(d, 0.0) + nw * f
        cands = [
            (-p, self._ids[d], d)
            for d, p in partial.items()
            if d not in skip and (group is None or groups[d] == group)
        ]
        best = heapq.nsmallest(RESCORE_CANDIDATES, cands)
        # 3. Exact scores of the pre-selected ideas.
        results: list[tuple[Hashable, float]] = []
        for _, idea_id, d in best:
            dot = d_shared = q_shared = d_norm2 = 0.0
            for t, w in zip(self._terms[d], self._weights[d], strict=True):
                x = w * idf(len(self._post_docs[t]), n)
                d_norm2 += x * x
                qw = qv.get(t)
                if qw is not None:
                    dot += x * qw
                    d_shared += x * x
                    q_shared += qw * qw
            score = round(combined_score(dot, q_norm2, d_norm2, q_shared, d_shared), 4)
            if score >= threshold:
                results.append((idea_id, score))
        results.sort(key=lambda r: (-r[1], r[0]))
        return results[:limit]
