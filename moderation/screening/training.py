"""Training and measuring the learned screening models (scikit-learn, numpy, scipy).

Only ``manage.py screening_train`` and ``manage.py screening_eval`` import this module; a web
process never does (``learned.py`` scores with the standard library alone).

Reproducible: every split and fit has a fixed seed, liblinear is deterministic, weights are
quantised and written as sorted JSON in a gzip file without a timestamp, so the same inputs
give the same bytes. The model records a digest of its inputs (corpus, moderators' labels,
PAN12 split, rules and this code): a test compares it with the inputs in the repository.

What is trained on and what is only measured:
- messages: ``moderation/corpus/train/messages.jsonl`` (and, with ``--with-decisions``, the
  labels moderators gave screened items). Thresholds are chosen on folds of that same
  training data, never on held-out data.
- conversations: ``moderation/corpus/train/conversations.jsonl`` and the training part of
  PAN12 (``../shared/data/pan12-nl``, split with a fixed seed, stratified; its text never
  enters the repository or the logs).
- ``moderation/corpus/heldout/``, ``moderation/evaluation/heldout.jsonl`` and the held-out part
  of PAN12 are read by ``screening_eval`` only, to measure.

Why the folds are grouped (issue 9): the corpus is written in parts, most of a part the same
situation in each language (train-fr-2401, train-nl-2401 and train-en-2401 are one message
translated) and neighbouring ids variations of one situation. Folds dealt out message by
message trained on a message's translation or variation and scored its twin: ordinary messages
looked safer than they are and risky ones easier, so the thresholds were too low and the
figures too good (self-harm recall 0.92 on such folds, 0.79–0.85 on each new batch judged
before it was learned from). ``message_folds`` keeps a situation's translations and neighbours
(``message_groups``: GROUP_SPAN numbers, lined up across the languages of a part) on one
side, so the scores that choose the thresholds are those of text the model has not seen in
any language, as another author's text will be (``bench/screening_cv.py`` uses the same folds,
``--random-folds`` the old ones).
"""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, train_test_split

from moderation.screening import learned
from moderation.screening.engine import (
    CONVERSATION_HIGH,
    CONVERSATION_RULE,
    GROOMING_STAGE_WEIGHTS,
    RULES_DIR,
    WEIGHED_CONTEXTS,
    Engine,
    Signal,
    get_engine,
)
from moderation.screening.learned import (
    FORMAT,
    MIN_FEATURES,
    MODEL_CATEGORIES,
    MODEL_KINDS,
    OUTRANKED_BY,
    conversation_features,
    message_features,
    passages,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "moderation" / "corpus"
TRAIN_MESSAGES = CORPUS / "train" / "messages.jsonl"
TRAIN_CONVERSATIONS = CORPUS / "train" / "conversations.jsonl"
HELDOUT_MESSAGES = CORPUS / "heldout" / "messages.jsonl"
HELDOUT_CONVERSATIONS = CORPUS / "heldout" / "conversations.jsonl"
EVALUATION = ROOT / "moderation" / "evaluation" / "heldout.jsonl"
PAN12 = ROOT.parent / "shared" / "data" / "pan12-nl" / "conversations.csv"
# The SHA-256 of inputs that live outside the repository, written by screening_train: the
# check that the committed models are current needs them where the data is not on the machine.
EXTERNAL_INPUTS = Path(__file__).resolve().parent / "trained" / "external_inputs.json"

SEED = 20121203
CHAR_SIZES = (3, 4, 5)
MIN_DF = 2
C_MESSAGES = 16.0
C_CONVERSATIONS = 4.0
# Concepts (lexicon.py), emoji and the rules' hits are few among hundreds of n-grams: they
# count this many times as much, so the model can lean on them without large weights.
BOOST = 3.0
FOLDS = 5
GROUP_SPAN = 25  # message_groups: a situation's translations and variations share a fold
QUANT_STEPS = 2000  # weights become integers in [-2000, 2000] times a per-model scale
# False-alarm budgets on ordinary messages, measured on held-back folds of the training data:
# above "act" a model's signal counts like a rule's (a disclosure escalates); above "hold" it
# is "unsure" (a moderator decides first; the message waits unless it is bullying or personal
# details); above "flag" it is "weak" (shown, and a moderator looks). Looser for the urgent
# and high categories: a miss there costs most. "weak" only shows a message to a moderator, so
# self-harm, sexting and grooming (whose ordinary look-alikes share their words: "je veux
# mourir" after gym class, "send me a pic" of homework) get a looser flag budget; the choice
# was made on the training folds (bench/screening_cv.py), never on held-out text. Self-harm
# 0.07 → 0.10 and sexting 0.06 → 0.08 (issue 9, second recall round): on the folds, self-harm
# recall 0.87 → 0.92 and sexting 0.97 → 0.98 for 16 % → 20 % of ordinary messages flagged,
# none more escalated or held.
# With grouped folds (issue 9, see the module's docstring) the ordinary messages' held-back
# scores are those of unseen text, so the same budgets gave higher thresholds: self-harm
# flag 0.43 → 0.49, hold 0.86 → 0.89, act 0.93 → 0.94, and self-harm recall 0.92 → 0.88 on
# the folds, 0.85 → 0.82 on the tenth batch judged before it was learned from
# (``bench/screening_cv.py --judge 5148``). Then, on grouped folds and on the ninth and tenth
# batches judged fresh (``--judge 4707``, lines 4707.. scored by a model of the lines before):
# - self-harm's flag budget 0.10 → 0.12 gives its recall back: 0.90 → 0.93 on the folds
#   (the messages before the ninth batch; the whole corpus 0.88 → 0.91), judged fresh 0.83 →
#   0.86 (the random folds' thresholds gave 0.85): a weak signal only shows a message to a
#   moderator;
# - sexting's 0.08 → 0.10: judged fresh 0.69 → 0.72, on the folds 0.97 → 0.98 (before the
#   ninth batch; the whole corpus 0.92 → 0.94);
# together ordinary messages flagged 21.1 → 24.7 % (judged fresh 23.8 → 27.5 %), held 4.7 %
# (3.2 %) and escalated 1.3 % (1.4 %) as before (aim: at most 1.5 %).
# - act 0.005 → 0.003 was tried: escalated 1.3 → 1.0 % on the folds, 1.4 → 1.2 % judged
#   fresh, but a plain disclosure the rules miss ("j'ai mis de côté toutes les pilules de ma
#   mère, ce soir c'est la fin", tests/moderation/test_learned.py) fell from escalated to
#   held: left at 0.005. Grooming's flag budget 0.05 → 0.06 was tried too (0.91 → 0.93 on
#   the folds, +0.7 % flagged) and left out.
# After the eleventh to thirteenth batches (875 ordinary messages, mostly look-alikes written
# to fool screening, and 684 self-harm and sexting ones by other authors), judged fresh
# (``--judge 5866``) and on grouped folds, the flag budgets were chosen on the curve of recall
# against messages flagged: self-harm 0.12 / 0.16 / 0.20 / 0.25 gives judged-fresh recall 0.85
# / 0.89 / 0.91 / 0.95 for 32 / 36 / 40 / 45 % of the fresh ordinary look-alikes flagged (on the
# folds 26 / 30 / 33 / 38 %); sexting 0.10 → 0.14 gives 0.85 → 0.90 fresh for 2.7 points more
# flagged (0.18 gives no more). Chosen: self-harm 0.20, sexting 0.14. A weak signal publishes
# the message and puts it in the moderators' queue below every urgent item (it is never
# urgent itself); a self-harm message that nobody looks at costs far more than a look at a
# look-alike. Held and escalated are unchanged (their budgets are not these).
# Abuse images 0.04 → 0.06 (issue 9, after the twenty-eighth to thirty-first batches): their
# look-alikes (card packs "first buyers half price", babysitting ads, a toddler's bath video in
# the family chat) lifted the flag threshold from its floor (0.10) to 0.23, above many real
# messages; 0.06 gives the floor back. Judged fresh (``--judge 12591``: the thirtieth and
# thirty-first batches scored by a model of the lines before) recall 0.91 → 0.97, on the folds
# 0.98 → 0.99 (24 → 7 of 1,117 missed), for 33.5 → 34.9 % of ordinary messages flagged; held
# and escalated unchanged. 0.08 and 0.10 give no more.
ACT_BUDGET = 0.005
HOLD_BUDGET = 0.015
FLAG_BUDGET = {
    "bullying": 0.02,
    "personal_info": 0.02,
    "self_harm": 0.20,
    "sexting": 0.14,
    "grooming": 0.05,
    "abuse_images": 0.06,
}
FLAG_BUDGET_DEFAULT = 0.04
# A wish to die that the rules read with nothing that shows it meant (engine: "trivial",
# "light", "plain") counts as meant where the message model scores it at least its category's
# `light` threshold (a disclosure in a reply told to help, "reply": its `act` threshold;
# learned._weighed_bar): the score under which
# at most LIGHT_BUDGET of the corpus's messages of that category, so read, fall on the
# held-back folds (between the flag and hold thresholds).
# Issue 9, after the forty-second to forty-fourth batches: with the flag threshold as the bar
# (0.23), a wish said about a mosquito, a Lego brick or a queue at Walibi was escalated
# whenever the model saw any self-harm at all; on the folds the self-harm rules escalated 67
# ordinary messages, at a bar of 0.5 38, and 3 self-harm messages were held instead.
# Thirteenth session: a wish's own words ("j'en peux plus de vivre") no longer count as a sign
# of meaning it (engine), and 0.05 → 0.10: on the folds (16,731 messages) the self-harm rules
# escalated 33 ordinary messages, 20 after, for 5 of 4,440 self-harm messages held instead
# of escalated (0.15 reaches the hold threshold: 4 ordinary fewer for 5 more held).
# Seventeenth session: the light threshold rests on about a hundred messages, and their lowest
# tenth is sparse (0.72, 0.78, 0.79, 0.80, 0.81, 0.86…): a few messages more or less moved it
# from 0.88 to 0.81, and the self-harm rules then escalated 20 ordinary messages on the folds
# (a Lego brick, a mosquito, burnt pancakes) instead of 11. At 0.15 it reaches the hold
# threshold (0.90): 13 ordinary messages escalated, and 2 self-harm messages held instead.
LIGHT_BUDGET = 0.15
# Conversations: PAN12 split and windows of messages (rooms and chats are scored on the last
# WINDOW messages).
PAN12_HELDOUT_SHARE = 0.4
WINDOW = 50
STRIDE = 25
CONVERSATION_ACT_BUDGET = 0.03
CONVERSATION_FLAG_BUDGET = 0.08
CODE = (
    Path(__file__),
    Path(learned.__file__),
    Path(__file__).resolve().parent / "normalise.py",
    Path(__file__).resolve().parent / "engine.py",
    Path(__file__).resolve().parent / "lexicon.py",
)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


@dataclass(frozen=True)
class Labelled:
    text: str
    lang: str | None
    category: str  # "none" or a category
    kind: str  # "benign" or a kind
    id: str | None = None  # the corpus id (train-<lang>-NNNN): which fold it may fall in


def messages_from(rows: Sequence[dict]) -> list[Labelled]:
    return [
        Labelled(
            r["text"],
            r.get("lang"),
            r.get("category", "none"),
            r.get("kind", "benign"),
            r.get("id"),
        )
        for r in rows
    ]


# --- Folds: a situation and its translations on one side ----------------------------------

_NUMBERED = re.compile(r"-([a-z]{2})-(\d+)$")


def message_groups(ids: Sequence[str | None], span: int | None = None) -> np.ndarray:
    """A group number per message, in corpus order: messages of one group always fall in
    the same fold.

    The corpus is written in parts, each a block of French, then Dutch, then English messages
    (ids ``train-<lang>-NNNN`` counting on in each language), most of them the same situation
    in each language at the same place in its block, and neighbouring ids variations of one
    situation. A message's place is counted from the start of the part: its number, less
    where its language's block starts, plus where the part's first block starts (the blocks
    of a part may start at different numbers: train-fr-0590, train-nl-0587, train-en-0586
    begin the same part); messages whose place falls in the same ``span`` of numbers form a
    group, in every language. A part ends where a language comes back. A message without such
    an id is a group of its own.
    """
    span = span or GROUP_SPAN
    groups = np.zeros(len(ids), dtype=int)
    keys: dict[tuple, int] = {}
    seen: set[str] = set()  # the languages of the current part
    part_start = block_start = 0
    previous: tuple[str, int] | None = None
    for row, message_id in enumerate(ids):
        found = _NUMBERED.search(message_id or "")
        if found is None:
            key: tuple = ("row", row)
            previous = None
        else:
            lang, number = found.group(1), int(found.group(2))
            if previous != (lang, number - 1):  # a new block
                if lang in seen or not seen:  # a new part
                    seen, part_start = set(), number
                seen.add(lang)
                block_start = number
            previous = (lang, number)
            key = ("place", (number - block_start + part_start) // span)
        groups[row] = keys.setdefault(key, len(keys))
    return groups


def message_folds(
    labelled: Sequence[Labelled], *, grouped: bool = True, span: int | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (training rows, held-back rows) of each fold of ``labelled``, stratified by
    category; with ``grouped``, a group of ``message_groups`` (a situation, its variations
    and translations) is never on both sides. With fewer than two groups per fold (a tiny
    corpus: stratified folds would not be possible), or ``grouped=False``, messages are dealt
    out one by one, as before the grouping."""
    strata = np.array([m.category for m in labelled])
    folds = _folds(strata)
    groups = message_groups([m.id for m in labelled], span)
    if grouped and len(np.unique(groups)) >= 2 * folds:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
        return list(splitter.split(np.zeros(len(strata)), strata, groups))
    plain = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    return list(plain.split(np.zeros(len(strata)), strata))


# --- PAN12 --------------------------------------------------------------------------------


def pan12_split(path: Path = PAN12) -> tuple[list[tuple[list[str], int]], list]:
    """The PAN12 Dutch conversations as (messages, label), split into training and held-out
    parts with a fixed seed, stratified by label."""
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [
            (ast.literal_eval(row["messages_dutch"]), int(row["label"]))
            for row in csv.DictReader(stream)
        ]
    labels = [label for _, label in rows]
    train, heldout = train_test_split(
        rows, test_size=PAN12_HELDOUT_SHARE, random_state=SEED, stratify=labels
    )
    return list(train), list(heldout)


# --- Features and fitting ------------------------------------------------------------------


def vocabulary(counted: Sequence[dict[str, int]], min_df: int = MIN_DF) -> list[str]:
    """Features found in at least ``min_df`` texts, sorted."""
    frequency: dict[str, int] = {}
    for counts in counted:
        for feature in counts:
            frequency[feature] = frequency.get(feature, 0) + 1
    return sorted(f for f, n in frequency.items() if n >= min_df)


def boosted(feature: str) -> bool:
    return feature[:1] == "~" or feature[:2] in ("r:", "s:", "c:", "e:")


def design(counted: Sequence[dict[str, int]], index: dict[str, int]) -> sparse.csr_matrix:
    """How often each feature occurs, scaled by one over the square root of how many features
    the text has (every one, known or not, and at least MIN_FEATURES, as at run time); boosted
    features count BOOST times (the factor is folded into their stored weights)."""
    rows, cols, values = [], [], []
    for row, counts in enumerate(counted):
        scale = 1.0 / np.sqrt(max(sum(counts.values()), MIN_FEATURES))
        for feature, count in counts.items():
            column = index.get(feature)
            if column is not None:
                rows.append(row)
                cols.append(column)
                values.append(count * scale * (BOOST if boosted(feature) else 1.0))
    return sparse.csr_matrix(
        (np.array(values), (np.array(rows, dtype=int), np.array(cols, dtype=int))),
        shape=(len(counted), len(index)),
    )


def _fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    if y.min() == y.max():  # nothing to learn: a constant, very unlikely output
        return np.zeros(x.shape[1]), -8.0 if y.max() == 0 else 8.0
    model = LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", random_state=SEED, max_iter=2000
    )
    model.fit(x, y)
    return model.coef_[0], float(model.intercept_[0])


def fit_outputs(
    x: sparse.csr_matrix, targets: dict[str, tuple[np.ndarray, np.ndarray]], c: float
) -> dict[str, tuple[np.ndarray, float]]:
    """One logistic regression per output; ``targets`` maps an output to (rows used, labels)."""
    return {name: _fit(x[rows], labels, c) for name, (rows, labels) in targets.items()}


def fold_target(
    x: sparse.csr_matrix, target: tuple[np.ndarray, np.ndarray], train: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """An output's design rows and labels within the rows ``train`` (a fold's training side)."""
    rows, labels = target
    inside = np.isin(rows, train)
    return x[rows[inside]], labels[inside]


def passage_design(
    labelled: Sequence[Labelled], rule_signals: Sequence[Sequence[Signal]], index: dict[str, int]
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The passages of the long messages among ``labelled`` (learned.passages) as rows, and
    the row of ``labelled`` each belongs to (``bench/screening_cv.py`` scores them as the
    screener does: learned.raised_by_passages)."""
    counted, owners = [], []
    for n, (m, signals) in enumerate(zip(labelled, rule_signals, strict=False)):
        for passage in passages(m.text):
            counted.append(message_features(passage, signals).counts(CHAR_SIZES))
            owners.append(n)
    return design(counted, index), np.array(owners, dtype=int)


def best_passages(
    best: np.ndarray,
    column: int,
    test: np.ndarray,
    passages_of: tuple[sparse.csr_matrix, np.ndarray],
    weights: np.ndarray,
    bias: float,
) -> None:
    """Each ``test`` row's best passage score in ``column`` (rows without passages keep 0)."""
    x_passages, owners = passages_of
    best[test, column] = 0.0  # a judged part is scored again by another fit: its own best only
    chosen = np.isin(owners, test)
    if chosen.any():
        scores = _probabilities(x_passages[chosen], weights, bias)
        np.maximum.at(best[:, column], owners[chosen], scores)


def _probabilities(x: sparse.csr_matrix, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def threshold_for(negative_scores: np.ndarray, budget: float) -> float:
    """The lowest threshold that lets at most ``budget`` of the negatives through."""
    if len(negative_scores) == 0:
        return 0.5
    ordered = np.sort(negative_scores)[::-1]
    allowed = int(np.floor(budget * len(ordered)))
    # Just above the (allowed+1)-th highest negative score.
    return float(min(0.99, ordered[allowed] + 1e-6)) if allowed < len(ordered) else 0.0


def category_thresholds(
    category: str,
    ordinary_scores: np.ndarray,
    flag_budget: float | None = None,
    weighed_scores: np.ndarray | None = None,
) -> dict[str, float]:
    """A category's flag, hold and act thresholds from the held-back scores of ordinary
    messages (ACT_BUDGET, HOLD_BUDGET, FLAG_BUDGET), each at least the one below it, and its
    light threshold from the held-back scores of its own messages whose rules read them
    lightly (``weighed_scores``, LIGHT_BUDGET)."""
    act = max(0.5, threshold_for(ordinary_scores, ACT_BUDGET))
    hold = min(act, max(0.2, threshold_for(ordinary_scores, HOLD_BUDGET)))
    budget = flag_budget or FLAG_BUDGET.get(category, FLAG_BUDGET_DEFAULT)
    flag = min(hold, max(0.1, threshold_for(ordinary_scores, budget)))
    light = flag
    if weighed_scores is not None and len(weighed_scores):
        ordered = np.sort(weighed_scores)
        # At most LIGHT_BUDGET of them score below the ``allowed``-th lowest.
        allowed = int(np.floor(LIGHT_BUDGET * len(ordered)))
        light = min(hold, max(flag, float(ordered[allowed])))
    return {"flag": flag, "hold": hold, "act": act, "light": light}


def weighed(signals: Iterable[Signal], category: str) -> bool:
    """Whether the rules read a message's words of ``category`` lightly (WEIGHED_CONTEXTS)."""
    return any(s.category == category and s.context in WEIGHED_CONTEXTS for s in signals)


def weighed_rows(
    labelled: Sequence[Labelled], rule_signals: Sequence[Sequence[Signal]], category: str
) -> np.ndarray:
    """The rows of ``labelled`` of ``category`` whose words the rules read lightly: the
    messages the light threshold is chosen from."""
    return np.array(
        [
            n
            for n, (m, signals) in enumerate(zip(labelled, rule_signals, strict=False))
            if m.category == category and weighed(signals, category)
        ],
        dtype=int,
    )


def quantise(weights: dict[str, np.ndarray], features: list[str]):
    names = list(weights)
    matrix = np.stack([weights[name] for name in names], axis=1)  # features × outputs
    factors = np.array([BOOST if boosted(f) else 1.0 for f in features])
    matrix = matrix * factors[:, None]
    peak = float(np.abs(matrix).max()) or 1.0
    scale = peak / QUANT_STEPS
    q = np.rint(matrix / scale).astype(np.int32)
    keep = np.abs(q).max(axis=1) > 0
    return (
        [f for f, k in zip(features, keep, strict=True) if k],
        q[keep].tolist(),
        scale,
    )


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest(
    *,
    paths: Sequence[Path],
    extra: Sequence[bytes] = (),
    settings: dict,
    known: dict[str, str] | None = None,
) -> str:
    """What a model was made from: input files, the rules, the code and the settings.

    ``known`` gives the SHA-256 (hex) of input files by name, for a file outside the
    repository that is not on this machine (PAN12: its hash is kept in EXTERNAL_INPUTS).
    """
    sha = hashlib.sha256()
    rule_files = sorted(RULES_DIR.glob("*.json")) + [RULES_DIR / "reference.txt"]
    for path in [*paths, *rule_files, *CODE]:
        sha.update(path.name.encode())
        if known and path.name in known and not path.exists():
            sha.update(bytes.fromhex(known[path.name]))
        else:
            sha.update(hashlib.sha256(path.read_bytes()).digest())
    for blob in extra:
        sha.update(hashlib.sha256(blob).digest())
    sha.update(json.dumps(settings, sort_keys=True).encode())
    return sha.hexdigest()


def save(data: dict, path: Path) -> None:
    """Sorted JSON in gzip without a timestamp: the same model gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(raw)
    path.write_bytes(buffer.getvalue())


# --- The message model ----------------------------------------------------------------------


def _message_targets(labelled: Sequence[Labelled]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each output's (rows it learns from, labels of those rows). A category a more serious
    harm outranks (OUTRANKED_BY: sexting beside sextortion and abuse images) does not learn
    from that harm's messages at all: they share its words (pictures, spreading them), and as
    counter-examples they taught the sexting output that pictures going round are not sexting
    (the one label per message is applied after scoring, by ``outranked``)."""
    risky = np.array([n for n, m in enumerate(labelled) if m.category != "none"], dtype=int)
    targets = {}
    for category in MODEL_CATEGORIES:
        above = OUTRANKED_BY.get(category, frozenset())
        rows = np.array([n for n, m in enumerate(labelled) if m.category not in above], dtype=int)
        targets[category] = (rows, np.array([labelled[n].category == category for n in rows]))
    for kind in MODEL_KINDS:
        labels = np.array([labelled[n].kind == kind for n in risky])
        targets[kind] = (risky, labels)
    return targets


def rule_examples(engine: Engine) -> list[Labelled]:
    """The rules' own examples as extra training messages: each "match" example with its
    rule's category and kind, each "no_match" example that no rule fires on as ordinary."""
    out: list[Labelled] = []
    for rule in engine.rules:
        lang = None if rule.language == "any" else rule.language
        out.extend(Labelled(t, lang, rule.category, rule.kind) for t in rule.examples_match)
        out.extend(
            Labelled(t, lang, "none", "benign")
            for t in rule.examples_no_match
            if not engine.screen(t, lang).signals
        )
    return out


def train_message_model(
    labelled: Sequence[Labelled],
    *,
    extra: Sequence[Labelled] = (),
    engine: Engine | None = None,
    digest_value: str,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Fit the message model on ``labelled`` (the corpus: its folds also choose the
    thresholds) plus ``extra`` (rule examples, moderators' labels: always trained on)."""
    engine = engine or get_engine()
    everything = [*labelled, *extra]
    rule_signals = [engine.screen(m.text, m.lang).signals for m in everything]
    feature_sets = [
        message_features(m.text, signals).counts(CHAR_SIZES)
        for m, signals in zip(everything, rule_signals, strict=True)
    ]
    features = vocabulary(feature_sets)
    index = {f: n for n, f in enumerate(features)}
    x = design(feature_sets, index)
    targets = _message_targets(everything)
    strata = np.array([m.category for m in labelled])
    extra_rows = np.arange(len(labelled), len(everything))
    # Thresholds from held-back folds: scores of messages the model was not trained on.
    held_back = np.zeros((len(labelled), len(MODEL_CATEGORIES)))
    folds = message_folds(labelled)
    for number, (train, test) in enumerate(folds, 1):
        train = np.concatenate([train, extra_rows])
        trained = {
            category: _fit(*fold_target(x, targets[category], train), C_MESSAGES)
            for category in MODEL_CATEGORIES
        }
        for column, category in enumerate(MODEL_CATEGORIES):
            weights, bias = trained[category]
            held_back[test, column] = _probabilities(x[test], weights, bias)
        log(f"fold {number}/{len(folds)} done")
    benign = strata == "none"
    thresholds = {}
    for column, category in enumerate(MODEL_CATEGORIES):
        read_lightly = weighed_rows(labelled, rule_signals, category)
        chosen = category_thresholds(
            category, held_back[benign, column], weighed_scores=held_back[read_lightly, column]
        )
        thresholds[category] = {level: round(value, 4) for level, value in chosen.items()}
        flag, hold, act = chosen["flag"], chosen["hold"], chosen["act"]
        positives = held_back[strata == category, column]
        if len(positives):
            log(
                f"{category:<14} held-back recall: act {np.mean(positives >= act):.2f}, "
                f"hold {np.mean(positives >= hold):.2f}, flag {np.mean(positives >= flag):.2f}"
            )
    fitted = fit_outputs(x, targets, C_MESSAGES)
    return _model_data(
        fitted,
        features,
        thresholds,
        digest_value,
        trained_on={
            "messages": len(labelled),
            "extra": len(extra),
            "features": len(features),
        },
    )


def _folds(strata: np.ndarray) -> int:
    smallest = min(np.unique(strata, return_counts=True)[1])
    return max(2, min(FOLDS, int(smallest)))


def _model_data(fitted, features, thresholds, digest_value, trained_on) -> dict:
    kept, weights, scale = quantise({k: w for k, (w, _) in fitted.items()}, features)
    return {
        "format": FORMAT,
        "outputs": list(fitted),
        "char_sizes": list(CHAR_SIZES),
        "bias": [round(b, 6) for _, b in fitted.values()],
        "scale": scale,
        "features": kept,
        "weights": weights,
        "thresholds": thresholds,
        "digest": digest_value,
        "trained_on": trained_on,
    }


# --- The conversation model -----------------------------------------------------------------


@dataclass(frozen=True)
class Conversation:
    messages: list[str]
    lang: str | None
    label: int
    source: str  # "pan12" or "corpus"


def corpus_conversations(rows: Sequence[dict]) -> list[Conversation]:
    return [
        Conversation(
            [m["text"] for m in r["messages"]],
            r.get("lang"),
            int(r["label"] == "grooming"),
            "corpus",
        )
        for r in rows
    ]


def pan12_conversations(rows) -> list[Conversation]:
    return [Conversation(list(messages), "nl", label, "pan12") for messages, label in rows]


def _signals_of(engine: Engine, conversation: Conversation) -> list[list]:
    """Each message's own signals, as the conversation screening sees them (without the
    one-message pattern: the conversation's stages add up on their own)."""
    return [
        [s for s in engine.screen(text, conversation.lang).signals if s.rule != CONVERSATION_RULE]
        for text in conversation.messages
    ]


def conversation_window_features(
    engine: Engine, conversation: Conversation
) -> list[dict[str, int]]:
    signals_of = _signals_of(engine, conversation)
    out = []
    for start, window in _indexed_windows(conversation.messages):
        signals = [s for part in signals_of[start : start + len(window)] for s in part]
        out.append(conversation_features(window, signals).counts(CHAR_SIZES))
    return out


def _indexed_windows(messages: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Overlapping windows of WINDOW messages (one, if the conversation is shorter), with
    where each starts."""
    if len(messages) <= WINDOW:
        return [(0, list(messages))]
    starts = list(range(0, len(messages) - WINDOW + 1, STRIDE))
    if starts[-1] != len(messages) - WINDOW:
        starts.append(len(messages) - WINDOW)
    return [(s, list(messages[s : s + WINDOW])) for s in starts]


def train_conversation_model(
    conversations: Sequence[Conversation],
    *,
    engine: Engine | None = None,
    digest_value: str,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    engine = engine or get_engine()
    feature_sets, labels, groups = [], [], []
    for number, conversation in enumerate(conversations):
        for window_features in conversation_window_features(engine, conversation):
            feature_sets.append(window_features)
            labels.append(conversation.label)
            groups.append(number)
    labels_array = np.array(labels)
    groups_array = np.array(groups)
    features = vocabulary(feature_sets)
    index = {f: n for n, f in enumerate(features)}
    x = design(feature_sets, index)
    held_back = np.zeros(len(labels))
    per_label = np.array([c.label for c in conversations])
    folds = StratifiedGroupKFold(n_splits=_folds(per_label), shuffle=True, random_state=SEED)
    for number, (train, test) in enumerate(folds.split(x, labels_array, groups_array), 1):
        weights, bias = _fit(x[train], labels_array[train], C_CONVERSATIONS)
        held_back[test] = _probabilities(x[test], weights, bias)
        log(f"conversation fold {number}/{folds.get_n_splits()} done")
    # A conversation scores as its highest window; the budget counts ordinary conversations.
    per_conversation: dict[int, tuple[float, int]] = {}
    for score, label, group in zip(held_back, labels, groups, strict=True):
        best = per_conversation.get(group, (0.0, label))[0]
        per_conversation[group] = (max(best, score), label)
    negatives = np.array([s for s, label in per_conversation.values() if label == 0])
    act = max(0.5, threshold_for(negatives, CONVERSATION_ACT_BUDGET))
    flag = min(act, max(0.2, threshold_for(negatives, CONVERSATION_FLAG_BUDGET)))
    fitted = {"grooming": _fit(x, labels_array, C_CONVERSATIONS)}
    return _model_data(
        fitted,
        features,
        {"grooming": {"flag": round(flag, 4), "act": round(act, 4)}},
        digest_value,
        trained_on={
            "conversations": len(conversations),
            "windows": len(labels),
            "window": WINDOW,
            "features": len(features),
        },
    )


def message_settings() -> dict:
    return {
        "seed": SEED,
        "char_sizes": CHAR_SIZES,
        "min_df": MIN_DF,
        "group_span": GROUP_SPAN,
        "c": C_MESSAGES,
        "boost": BOOST,
        "act": ACT_BUDGET,
        "hold": HOLD_BUDGET,
        "flag": [FLAG_BUDGET, FLAG_BUDGET_DEFAULT],
        "quant": QUANT_STEPS,
        "min_features": MIN_FEATURES,
    }


def conversation_settings() -> dict:
    return {
        "seed": SEED,
        "char_sizes": CHAR_SIZES,
        "min_df": MIN_DF,
        "c": C_CONVERSATIONS,
        "boost": BOOST,
        "act": CONVERSATION_ACT_BUDGET,
        "flag": CONVERSATION_FLAG_BUDGET,
        "window": WINDOW,
        "stride": STRIDE,
        "pan12_heldout": PAN12_HELDOUT_SHARE,
        "quant": QUANT_STEPS,
    }


# --- Measuring ----------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


SEEN = ("publish", "mask", "flag", "hold", "escalate")


def evaluate_messages(screen, rows: Sequence[Labelled]) -> dict:
    """Per category and language: precision and recall of "screening raised this category"
    (any signal), and recall of "it was held or escalated"; for ordinary messages, how many
    were escalated (treated as a disclosure), held, or flagged."""
    by_key: dict[tuple[str, str], Counts] = {}
    acted: dict[tuple[str, str], Counts] = {}
    benign = {"total": 0, "escalate": 0, "hold": 0, "flag": 0, "any": 0}
    misses: list[Labelled] = []
    for row in rows:
        result = screen(row.text, row.lang)
        raised = {s.category for s in result.signals}
        held = {
            s.category
            for s in result.signals
            if result.action in ("hold", "escalate") and s.context not in ("weak",)
        }
        lang = row.lang or "?"
        for category in MODEL_CATEGORIES:
            for key in ((category, lang), (category, "all")):
                counts = by_key.setdefault(key, Counts())
                strict = acted.setdefault(key, Counts())
                if row.category == category:
                    counts.tp += category in raised
                    counts.fn += category not in raised
                    strict.tp += category in held
                    strict.fn += category not in held
                elif category in raised:
                    counts.fp += 1
        if row.category != "none" and row.category not in raised:
            misses.append(row)
        if row.category == "none":
            benign["total"] += 1
            benign["any"] += bool(result.signals)
            if result.action in ("escalate", "hold", "flag"):
                benign[result.action] += 1
    return {"raised": by_key, "acted": acted, "benign": benign, "misses": misses}


def evaluation_rows(path: Path = EVALUATION) -> list[Labelled]:
    """``moderation/evaluation/heldout.jsonl``: {"lang", "expect": category or null, "text"}."""
    return [
        Labelled(r["text"], r.get("lang"), r["expect"] or "none", "?" if r["expect"] else "benign")
        for r in read_jsonl(path)
    ]


def conversation_scores(screener, conversation: Conversation) -> tuple[float, bool]:
    """The conversation model's highest window score, and whether the rules' stages alone
    add up to a pattern anywhere in it."""
    model = screener.conversation_model
    engine = screener.engine
    best, pattern = 0.0, False
    signals_of = _signals_of(engine, conversation)
    for start, window in _indexed_windows(conversation.messages):
        signals = [s for part in signals_of[start : start + len(window)] for s in part]
        stages = {s.stage for s in signals if s.stage and s.category == "grooming"}
        pattern |= sum(GROOMING_STAGE_WEIGHTS[s] for s in stages) >= CONVERSATION_HIGH
        if model is not None:
            features = conversation_features(window, signals)
            best = max(best, model.table_scores(features)["grooming"])
    return best, pattern


def evaluate_conversations(screener, conversations: Sequence[Conversation]) -> dict:
    """Conversation-level counts for the model (at its "act" and "flag" thresholds), the rules'
    stages, and either."""
    thresholds = (
        screener.conversation_model.thresholds["grooming"] if screener.conversation_model else {}
    )
    results = {"model": Counts(), "model_flag": Counts(), "rules": Counts(), "either": Counts()}
    for conversation in conversations:
        score, pattern = conversation_scores(screener, conversation)
        predictions = {
            "model": bool(thresholds) and score >= thresholds["act"],
            "model_flag": bool(thresholds) and score >= thresholds["flag"],
            "rules": pattern,
        }
        predictions["either"] = predictions["model"] or pattern
        for name, predicted in predictions.items():
            counts = results[name]
            if conversation.label and predicted:
                counts.tp += 1
            elif conversation.label:
                counts.fn += 1
            elif predicted:
                counts.fp += 1
    return results
