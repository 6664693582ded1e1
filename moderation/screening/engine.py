"""The screening engine: rules as data, run on normalised text, pure Python, no network.

Rules live in ``moderation/rules/*.json`` (one file per language, plus ``common.json`` for
what does not depend on language). Each rule names its category, its kind (``disclosure``:
the writer is the one at risk; ``behaviour``: the writer does the risky thing; ``concern``:
the writer is worried about someone else; ``victim``: the writer is bullied; ``info``:
personal information), a severity, regular expressions, optional exclusions (``unless``: the
rule does not fire), optional reports (``report``: the writer reports the harm rather than
doing it, so the signal becomes a ``concern``), a moderator explanation in French and Dutch,
and examples that must and must not match (the tests run them). The engine is built once per
process (``get_engine()``).

Every language the text may be in is screened: the one it was posted in, English (which is
everywhere in young people's French and Dutch) and any other whose everyday words it uses, so
code-switching is not missed. A match is read in its context: negated ("ik wil je niet
dood"), quoted or sung, it still reaches a moderator but never escalates; what someone *else*
wrote to the writer ("il m'a dit d'envoyer des photos", "he said: pay or …") is a disclosure,
not the writer's behaviour.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from moderation.screening.lexicon import clean_text, concepts
from moderation.screening.message_reading import (
    QUOTES,
    SINGLE_QUOTES,
    TOLD_QUOTES,
    harmless_picture,
    long_ago_and_dealt_with,
    milestone,
    quoted_from_a_story,
    told_to_help,
)
from moderation.screening.normalise import Normalised, normalise, readings
from moderation.screening.prefilter import (
    CoverBits,
    KeyFinder,
    Selectivity,
    pattern_covers,
)

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
LANGUAGES = ("fr", "nl", "en")
CATEGORIES = (
    "personal_info",
    "grooming",
    "sexting",
    "sextortion",
    "self_harm",
    "abuse_images",
    "bullying",
)
KINDS = ("info", "disclosure", "behaviour", "concern", "victim")
SEVERITIES = ("low", "medium", "high", "urgent")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
# What happens to the content, from least to most restrictive.
ACTIONS = ("publish", "mask", "flag", "hold", "escalate")
ACTION_RANK = {name: rank for rank, name in enumerate(ACTIONS)}
DISCLOSURE_CATEGORIES = frozenset({"grooming", "sexting", "sextortion", "self_harm"})
URGENT_CATEGORIES = frozenset({"sextortion", "self_harm", "abuse_images"})
# Harms SPEC holds from view by default (bullying is flagged; personal details are masked).
HELD_CATEGORIES = DISCLOSURE_CATEGORIES | URGENT_CATEGORIES
# Grooming is a process: how much each stage adds to a conversation's score.
GROOMING_STAGE_WEIGHTS = {
    "age": 1,
    "location": 2,
    "alone": 2,
    "compliments": 1,
    "secrecy": 3,
    "platform": 2,
    "gifts": 2,
    "pictures": 3,
    "meeting": 3,
    "sexual": 3,
}
CONVERSATION_HIGH = 5
CONVERSATION_URGENT = 8
CONVERSATION_RULE = "any.grooming.pattern"


@dataclass(frozen=True, slots=True)
class Signal:
    category: str
    kind: str
    severity: str
    rule: str
    span: tuple[int, int]
    matched: str
    explanation: dict[str, str] = field(compare=False, hash=False)
    stage: str | None = None
    # How the match reads: None, or "negated", "quoted", "sung", "hyperbole" (see _context); for a
    # model's signal below its confident threshold, "unsure" or (lower) "weak".
    context: str | None = None
    source: str = "rule"  # "rule" or "model"
    score: float | None = None  # a model's probability, a conversation's stage score
    words: tuple[str, ...] = ()  # a model's weightiest words
    stages: tuple[str, ...] = ()  # grooming stages behind a pattern signal
    messages: tuple = ()  # conversation signals: the ids of the messages behind them

    def as_dict(self) -> dict:
        data = {
            "category": self.category,
            "kind": self.kind,
            "severity": self.severity,
            "rule": self.rule,
            "span": list(self.span),
            "matched": self.matched,
            "source": self.source,
        }
        for name in ("stage", "context", "score"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        for name in ("words", "stages", "messages"):
            if getattr(self, name):
                data[name] = list(getattr(self, name))
        return data


@dataclass(frozen=True, slots=True)
class Result:
    signals: tuple[Signal, ...]

    @property
    def max_severity(self) -> str | None:
        if not self.signals:
            return None
        return max((s.severity for s in self.signals), key=SEVERITY_RANK.__getitem__)

    @property
    def action(self) -> str:
        actions = (action_for(s) for s in self.signals)
        return max(actions, key=ACTION_RANK.__getitem__, default="publish")

    @property
    def categories(self) -> set[str]:
        return {s.category for s in self.signals}

    def of_kind(self, kind: str) -> list[Signal]:
        return [s for s in self.signals if s.kind == kind]


@dataclass(frozen=True, slots=True)
class ConversationResult:
    signals: tuple[Signal, ...]
    score: int
    stages: tuple[str, ...]

    @property
    def max_severity(self) -> str | None:
        if not self.signals:
            return None
        return max((s.severity for s in self.signals), key=SEVERITY_RANK.__getitem__)


# Readings of a rule's match that the message model weighs (learned.settled): held where it
# scores the harm below the category's light threshold, meant above it (training).
WEIGHED_CONTEXTS = frozenset({"trivial", "light", "plain", "reply"})


def action_for(signal: Signal) -> str:
    """The policy: what one signal does to the content that carries it."""
    if signal.category == "personal_info":
        return "mask"
    if signal.context in (
        "negated",
        "quoted",
        "sung",
        "hyperbole",
        "general",
        "everyday",
        "past",
        "weak",
    ):
        # Not what the writer means or lives: a moderator looks, nothing more.
        return "flag"
    if signal.context == "unconfirmed":
        # A rule's disclosure in a message the model sees no harm in (learned.settled): a
        # moderator decides, and the words stay out of view meanwhile.
        return "hold"
    if signal.context in WEIGHED_CONTEXTS:
        # A wish to die next to an everyday trouble, not laughed about ("missed the bus, i
        # want to die"), or with nothing that shows it meant, or a reply that tells the
        # writer's harm as over to help someone, which the message model weighed low too: a
        # moderator decides whether a counsellor should see it, and until then
        # nobody else does. The writer sees crisis contacts at once (policy.py).
        return "hold"
    if signal.context == "unsure":
        # A model's guess below its confident threshold: a moderator decides, and the words
        # stay out of view meanwhile wherever SPEC holds the harm (all but bullying and
        # personal details): a grooming or sexting disclosure the model is unsure of ("my
        # mum's boyfriend comes in my room at night, he says it's our secret") is never shown.
        return "hold" if signal.category in HELD_CATEGORIES else "flag"
    if signal.category == "abuse_images":
        return "hold"
    if signal.kind in ("disclosure", "concern") and signal.category in DISCLOSURE_CATEGORIES:
        # The mildest signs told by the one they happened to ("a guy in my squad asked 'how
        # old r u'"): kept out of view until a moderator looks, not sent to a counsellor.
        return "hold" if signal.severity == "low" else "escalate"
    if signal.kind == "victim":
        # Being bullied is what the forum is for: the post is shown, a moderator reads it
        # (names of classmates, a threat behind it), and the writer is offered a counsellor.
        return "flag"
    if signal.category == "bullying" or signal.severity == "low":
        # Insults, and the mildest grooming signs ("how old are you?" between teens): shown,
        # but a moderator looks. A conversation that adds up stages is held (policy.py).
        return "hold" if SEVERITY_RANK[signal.severity] >= SEVERITY_RANK["high"] else "flag"
    return "hold"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    language: str
    category: str
    kind: str
    severity: str
    patterns: tuple[re.Pattern, ...]
    # The same patterns, each written to start with a letter where it started with "\b"
    # (``quick_start``): what screening runs. ``patterns`` keep the source as written.
    quick: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    report: tuple[re.Pattern, ...]
    on_plain: bool
    # Words often said lightly ("done with life", "het leven beu"): a match reads "light", held
    # for a moderator unless the message model sees the harm too (learned.settled).
    lightly: bool
    # A wish to die or not to live (not an act, a plan or means): with no sign of meaning it,
    # the match reads "plain" and the message model weighs it (learned.settled).
    wish: bool
    # Last words of someone who means to die ("this is goodbye… thanks for everything"): no
    # laugh or everyday trouble beside them makes them a figure of speech (a rule's ``unless``
    # lists what takes them back). With ``lightly``, the message model weighs them.
    final: bool
    stage: str | None
    explanation: dict[str, str]
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]


class RuleError(ValueError):
    pass


def _compile(rule_id: str, source: str) -> re.Pattern:
    try:
        return re.compile(source)  # texts are already lower-cased: no IGNORECASE (slower)
    except re.error as error:
        raise RuleError(f"{rule_id}: bad pattern {source!r}: {error}") from None


_QUANTIFIERS = frozenset("?*+{")
_AFTER_FIRST = r"(?<!\w.)"  # after a word character: the one before it is not one


def quick_start(source: str) -> str:
    """The same pattern, written so that Python's regular expressions can skip ahead.

    A pattern that starts with a word boundary cannot be looked for by its first character:
    every position of the text is tried. When each way it can start is a letter or digit
    (``\\b(?:snap|insta…)…``, ``\\bmon …``), the boundary moves after that first character
    (``(?:s(?<!\\w.)nap|i(?<!\\w.)nsta…)…``: the character before it is not a word
    character), and the search jumps from one possible first character to the next. Matches
    are the same; anything else is left as written."""
    if not source.startswith(r"\b"):
        return source
    rest = source[2:]
    if _leads_with_letter(rest):
        return rest[0] + _AFTER_FIRST + rest[1:]
    if not rest.startswith("(?:"):
        return source
    end = _group_end(rest)
    if end is None or rest[end + 1 : end + 2] in _QUANTIFIERS:
        return source
    branches = _top_branches(rest[3:end])
    if not all(_leads_with_letter(branch) for branch in branches):
        return source
    quick = "|".join(branch[0] + _AFTER_FIRST + branch[1:] for branch in branches)
    return "(?:" + quick + rest[end:]


def _leads_with_letter(source: str) -> bool:
    """Whether every match of ``source`` starts with its first character, a letter or digit."""
    return (
        source[:1].isascii()
        and source[:1].isalnum()
        and source[1:2] not in _QUANTIFIERS
        and "|" not in _top_bars(source)
    )


def _scan(source: str):
    """(position, character) of the characters of a pattern outside escapes and classes,
    with the depth of parentheses before each."""
    depth = 0
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position += 1
            if source[position : position + 1] == "^":
                position += 1
            if source[position : position + 1] == "]":
                position += 1
            while position < len(source) and source[position] != "]":
                position += 2 if source[position] == "\\" else 1
            position += 1
            continue
        yield position, char, depth
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        position += 1


def _group_end(source: str) -> int | None:
    """Where the group that opens the pattern closes."""
    for position, char, depth in _scan(source):
        if char == ")" and depth == 1:
            return position
    return None


def _top_bars(source: str) -> str:
    return "".join(char for _, char, depth in _scan(source) if char == "|" and depth == 0)


def _top_branches(source: str) -> list[str]:
    """The branches of an alternation, split at its own "|" (not those of inner groups)."""
    cuts = [position for position, char, depth in _scan(source) if char == "|" and depth == 0]
    starts = [0, *(cut + 1 for cut in cuts)]
    ends = [*cuts, len(source)]
    return [source[start:end] for start, end in zip(starts, ends, strict=True)]


def load_rules(directory: Path = RULES_DIR) -> list[Rule]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        language = data["language"]
        if language not in (*LANGUAGES, "any"):
            raise RuleError(f"{path.name}: unknown language {language!r}")
        for raw in data["rules"]:
            rule_id = raw["id"]
            if rule_id in seen:
                raise RuleError(f"duplicate rule id {rule_id}")
            seen.add(rule_id)
            if raw["category"] not in CATEGORIES:
                raise RuleError(f"{rule_id}: unknown category {raw['category']!r}")
            if raw["kind"] not in KINDS:
                raise RuleError(f"{rule_id}: unknown kind {raw['kind']!r}")
            if raw["severity"] not in SEVERITIES:
                raise RuleError(f"{rule_id}: unknown severity {raw['severity']!r}")
            stage = raw.get("stage")
            if stage is not None and stage not in GROOMING_STAGE_WEIGHTS:
                raise RuleError(f"{rule_id}: unknown grooming stage {stage!r}")
            explanation = raw["explanation"]
            if not (explanation.get("fr") and explanation.get("nl")):
                raise RuleError(f"{rule_id}: needs an explanation in French and Dutch")
            examples = raw.get("examples", {})
            if not examples.get("match"):
                raise RuleError(f"{rule_id}: needs at least one example that matches")
            rules.append(
                Rule(
                    id=rule_id,
                    language=language,
                    category=raw["category"],
                    kind=raw["kind"],
                    severity=raw["severity"],
                    patterns=tuple(_compile(rule_id, p) for p in raw["patterns"]),
                    quick=tuple(_compile(rule_id, quick_start(p)) for p in raw["patterns"]),
                    unless=tuple(_compile(rule_id, p) for p in raw.get("unless", [])),
                    report=tuple(_compile(rule_id, p) for p in raw.get("report", [])),
                    on_plain=raw.get("on") == "plain",
                    lightly=bool(raw.get("lightly", False)),
                    wish=bool(raw.get("wish", False)),
                    final=bool(raw.get("final", False)),
                    stage=stage,
                    explanation=explanation,
                    examples_match=tuple(examples["match"]),
                    examples_no_match=tuple(examples.get("no_match", [])),
                )
            )
    return rules


class Engine:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self._by_language = {
            language: [r for r in self.rules if r.language in (language, "any")]
            for language in LANGUAGES
        }
        self._by_id = {rule.id: rule for rule in self.rules}
        self._position = {rule.id: n for n, rule in enumerate(self.rules)}
        self._ids_cache: dict[frozenset[str], frozenset[str]] = {}
        # Which patterns could match at all is decided by literal look-ups (prefilter.py):
        # a pattern runs only when the text meets every one of its covers (a key of each),
        # worked out for all patterns at once (CoverBits). Patterns are laid out in the
        # rules' order.
        selectivity = Selectivity(reference_texts())
        self._bits = CoverBits()
        self._on_plain = {True: 0, False: 0}  # the cover bits of each form's patterns
        for rule in self.rules:
            for number, pattern in enumerate(rule.patterns):
                covers = [
                    frozenset(selectivity.key_of(literal) for literal in cover)
                    for cover in pattern_covers(pattern.pattern, selectivity)
                ]
                self._bits.add((rule.id, number), covers)
                self._on_plain[rule.on_plain] |= self._bits.covers_of[(rule.id, number)]
        self._keys = KeyFinder(self._bits.values)
        self._views: dict[frozenset[str] | None, int] = {}

    def candidates(
        self, plain: str, folded: str, rule_ids: frozenset[str] | None = None
    ) -> dict[str, list[int]]:
        """For each rule (of ``rule_ids``, if given) that could match, the numbers of its
        patterns that could."""
        found = self._keys.present(folded)
        if plain != folded:
            # Each pattern meets its covers in its own form (a block's bits are one pattern's).
            found &= self._on_plain[False]
            found |= self._keys.present(plain) & self._on_plain[True]
        passed = self._bits.passed(found, self._view(rule_ids))
        by_rule: dict[str, list[int]] = {}
        pattern_at = self._bits.pattern_at
        while passed:  # from the last pattern to the first
            top = passed.bit_length() - 1
            rule_id, number = pattern_at[top]
            numbers = by_rule.get(rule_id)
            if numbers is None:
                by_rule[rule_id] = [number]
            else:
                numbers.append(number)
            passed ^= 1 << top
        return by_rule

    def _view(self, rule_ids: frozenset[str] | None) -> int:
        """The spare bits of the patterns of the rules of ``rule_ids`` (all: None), worked out
        once per set of languages."""
        view = self._views.get(rule_ids)
        if view is None:
            view = 0
            for rule in self.rules:
                if rule_ids is None or rule.id in rule_ids:
                    for number in range(len(rule.patterns)):
                        view |= self._bits.spare_of[(rule.id, number)]
            self._views[rule_ids] = view
        return view

    def languages_of(self, folded: str, language: str | None) -> frozenset[str] | None:
        """The languages whose rules run on a text posted in ``language`` (None: all)."""
        if language is None or language not in LANGUAGES:
            return None
        found = {language, "en"}
        for other, markers in _LANGUAGE_MARKERS.items():
            if other not in found and markers.search(folded):
                found.add(other)
        return frozenset(found)

    def _rule_ids(self, languages: frozenset[str] | None) -> frozenset[str] | None:
        if languages is None:
            return None
        ids = self._ids_cache.get(languages)
        if ids is None:
            ids = frozenset(r.id for r in self.rules if r.language in (*languages, "any"))
            self._ids_cache[languages] = ids
        return ids

    def screen(self, text: str, language: str | None = None) -> Result:
        forms = readings(text)
        rule_ids = self._rule_ids(self.languages_of(forms[0][1].text, language))
        signals: list[Signal] = []
        for plain, folded in forms:
            candidates = self.candidates(plain.text, folded.text, rule_ids)
            for rule_id in sorted(candidates, key=self._position.__getitem__):
                rule = self._by_id[rule_id]
                form: Normalised = plain if rule.on_plain else folded
                numbers = candidates[rule_id]
                patterns = rule.quick
                # Most rules let through do not match after all: a plain search says so
                # before the rule is read in full.
                for number in numbers:
                    if patterns[number].search(form.text) is not None:
                        signals.extend(_apply(rule, sorted(numbers), form, text))
                        break
        if not signals:
            return Result(())
        signals = _dedupe(signals)
        pattern = stage_pattern(signals, text)
        if pattern is not None:
            signals.append(pattern)
        return Result(tuple(signals))

    def screen_conversation(
        self, messages: Iterable[str], language: str | None = None, ids: Iterable | None = None
    ) -> ConversationResult:
        """Screen several messages of one conversation (or one member's recent posts).

        ``ids`` name the messages (same order); the pattern signal lists those whose stages
        add up to it."""
        messages = list(messages)
        ids = list(ids) if ids is not None else list(range(len(messages)))
        signals: list[Signal] = []
        stage_messages: dict[str, list] = {}
        for message_id, message in zip(ids, messages, strict=True):
            for signal in self.screen(message, language).signals:
                if signal.rule == CONVERSATION_RULE:
                    continue
                signals.append(replace(signal, messages=(message_id,)))
                if signal.stage and signal.category == "grooming" and signal.context is None:
                    stage_messages.setdefault(signal.stage, []).append(message_id)
        stages = sorted(stage_messages)
        score = sum(GROOMING_STAGE_WEIGHTS[stage] for stage in stages)
        if score >= CONVERSATION_HIGH:
            contributing = []
            for stage in stages:
                for message_id in stage_messages[stage]:
                    if message_id not in contributing:
                        contributing.append(message_id)
            signals.append(
                Signal(
                    category="grooming",
                    kind="behaviour",
                    severity="urgent" if score >= CONVERSATION_URGENT else "high",
                    rule=CONVERSATION_RULE,
                    span=(0, 0),
                    matched="",
                    explanation=CONVERSATION_EXPLANATION,
                    score=score,
                    stages=tuple(stages),
                    messages=tuple(contributing),
                )
            )
        return ConversationResult(tuple(signals), score, tuple(stages))


CONVERSATION_EXPLANATION = {
    "fr": "Plusieurs étapes de grooming dans la conversation ou les messages récents du membre.",
    "nl": "Meerdere stappen van grooming in het gesprek of in de recente berichten van dit lid.",
}


def stage_pattern(signals: list[Signal], text: str) -> Signal | None:
    """Grooming stages that add up within one message ("how old are you, where do you live,
    are you alone?") make a pattern signal, as they would across a conversation."""
    stages = sorted(
        {s.stage for s in signals if s.stage and s.category == "grooming" and s.context is None}
    )
    score = sum(GROOMING_STAGE_WEIGHTS[stage] for stage in stages)
    if score < CONVERSATION_HIGH:
        return None
    spans = [s.span for s in signals if s.stage in stages]
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    return Signal(
        category="grooming",
        kind="behaviour",
        severity="urgent" if score >= CONVERSATION_URGENT else "high",
        rule=CONVERSATION_RULE,
        span=(start, end),
        matched=text[start:end],
        explanation=CONVERSATION_EXPLANATION,
        score=score,
        stages=tuple(stages),
    )


# How many of a risk rule's matches are read (_context) before the best reading so far is kept:
# each reading looks at the whole text, and a post of "i want to die. " three hundred times took
# 1.6 s to screen (seventeenth session's review).
MATCHES_READ = 20


def _apply(rule: Rule, numbers: list[int], form: Normalised, original: str) -> list[Signal]:
    """The rule's signals in the text: for a risk, the first match that means what it says
    (else the first match, with how it reads: negated, quoted…); for personal information,
    every match (each one must be masked, not only the first)."""
    if rule.category == "personal_info":
        return _apply_personal_info(rule, numbers, form, original)
    best: tuple[str | None, tuple[int, int]] | None = None
    read = 0
    for number in numbers:
        for match in rule.quick[number].finditer(form.text):
            if match.end() == match.start():
                continue
            if best is None and any(u.search(form.text) for u in rule.unless):
                return []
            if read == MATCHES_READ:
                break
            read += 1
            context = _context(rule, form.text, match, original)
            if best is None or (best[0] is not None and context is None):
                best = (context, form.span(match.start(), match.end()))
            if context is None:
                break
        if best is not None and best[0] is None:
            break
    if best is None:
        return []
    context, (start, end) = best
    if (
        context is None
        and rule.kind in ("disclosure", "concern")
        and rule.category in DISCLOSURE_CATEGORIES
        and told_to_help(form.text, original)
    ):
        # A reply that tells the writer's harm as over, to help the one it answers: weighed
        # by the message model (learned.settled), never published on its own.
        context = "reply"
    if context is None and rule.lightly:
        context = "light"
    kind = rule.kind
    if context == "reported" and kind == "behaviour":
        # Someone did it to the writer, who tells us: they are the one at risk.
        kind = "victim" if rule.category == "bullying" else "disclosure"
    elif kind == "behaviour" and any(r.search(form.text) for r in rule.report):
        kind = "concern"
    return [
        Signal(
            category=rule.category,
            kind=kind,
            severity=rule.severity,
            rule=rule.id,
            span=(start, end),
            matched=original[start:end],
            explanation=rule.explanation,
            stage=rule.stage,
            context=None if context == "reported" else context,
        )
    ]


def _apply_personal_info(
    rule: Rule, numbers: list[int], form: Normalised, original: str
) -> list[Signal]:
    spans: list[tuple[int, int]] = []
    for number in numbers:
        for match in rule.quick[number].finditer(form.text):
            if match.end() == match.start() or _leet_word(form.text, match):
                continue
            if not spans and any(u.search(form.text) for u in rule.unless):
                return []
            spans.append(form.span(match.start(), match.end()))
    return [
        Signal(
            category=rule.category,
            kind=rule.kind,
            severity=rule.severity,
            rule=rule.id,
            span=(start, end),
            matched=original[start:end],
            explanation=rule.explanation,
        )
        for start, end in sorted(set(spans))
    ]


# "@" read as "a" inside or at the start of a word: "j't'@ime", "t'es @dorable".
_AT_WORD = re.compile(r"@[^\W\d_]+\b")
_LEET_IN_WORD = re.compile(r"[^\W\d_][0-9@$€]|[0-9@$€][^\W\d_]")


def _leet_word(text: str, match: re.Match) -> bool:
    """A handle-like match that is a word in leetspeak: "@" then letters only, right after an
    apostrophe, or in a text that writes other words in leetspeak too."""
    if not _AT_WORD.fullmatch(match[0]):
        return False
    if match.start() > 0 and text[match.start() - 1] == "'":
        return True
    rest = text[: match.start()] + " " + text[match.end() :]
    return _LEET_IN_WORD.search(rest) is not None


# --- How a match reads in its sentence ---------------------------------------------------

_NEGATORS = re.compile(
    r"\b(?:ne|n'|pas|jamais|aucune?|niet|nie|ni|geen|nooit|not|never|no|dont|don't|doesnt|"
    r"doesn't|didnt|didn't|wont|won't|cant|can't|aint|ain't|isnt|isn't)\b|n't\b"
)
# Negated *life* ("je veux plus vivre", "ik wil er niet meer zijn", "i don't want to live") is
# the risk itself, not its negation.
_LIFE_WORDS = re.compile(
    r"\b(?:plus|meer|langer|anymore|any more|longer|vivre|vis|exister|leven|bestaan|live|living|"
    r"exist|here|hier|er zijn|etre la|wakker|reveiller|wake up|alive|en vie|in leven|levend|"
    r"sleep forever|dormir pour toujours|voor altijd slapen|"
    # Nobody would miss the writer: the negation is the risk ("no one will miss me").
    r"miss me|me regretter\w*|regrettera|mij missen|me missen|care if i|notice if i|"
    # Not going on: "i dont have the strength to keep going".
    r"keep going|go on|carry on|keep fighting|continuer|door te gaan|verder te gaan)\b"
)
# English "sang" only with what is sung after it: French "sang" is blood ("jusqu'au sang").
_SUNG = re.compile(
    r"[🎵🎶♪♫🎤]|\b(?:paroles?|lyrics?|songtekst|chanson|chante|chantait|refrain|couplet|song|"
    r"sings?|singing|liedjes?|zingt|zingen|zong|rap|rappe|rapt|clip|"
    # Dutch "lied" (a song) after an article, not English "lied" ("but i lied").
    r"(?:een|het|dat|dit|da|mijn|m'n|mn|ons|zijn|haar|nieuw|nieuwe|favoriete) lied|"
    r"sang (?:it|that|this|the|a|along|about|to|for|with|in|on|my|our|his|her|happy|karaoke))\b"
)
# The match is a phrase about love, not a wish to die: "mourir dans tes bras".
_ROMANCE_AFTER = re.compile(
    r"\W{0,3}(?:\w+ )?(?:dans (?:tes|ses|vos|leurs) bras|in (?:je|jouw|zijn|haar) armen|"
    r"in (?:your|his|her|ur) arms|d'amour|van liefde|of love)\b"
)
# Someone else wrote or said it to the writer, who tells it (reported speech).
_REPORTED = re.compile(
    r"(?:\b(?:il|elle|ils|elles|on|qqn|quelqu'un|mec|gars|type|homme|meuf|fille|femme|ex)\b"
    r".{0,25}\b(?:m'a|ma|m'ont|mont|me|m'|m)\s?(?:\w+ )?(?:dit|dis|ecrit|ecris|demande|"
    r"demandait|envoye|envoie|repete|propose|menace|force|oblige|supplie|harcele)\b"
    # "il veut qu'on se voie": what he wants, told by the writer.
    r"|\b(?:il|elle|ils|elles|mec|gars|type|homme|ex)\b.{0,25}\b(?:veut|voulait|voudrait|insiste "
    r"pour|propose)\s(?:que|qu'|qu)"
    r"|\b(?:hij|ze|zij|iemand|die|man|gast|jongen|vent|meisje|ex)\b.{0,25}\b(?:zei|zegt|zeggen|"
    r"zeiden|vroeg|vraagt|vragen|stuurde|stuurt|schreef|schrijft|typte|appte|dreigt|dreigde|"
    r"eist|eiste)\b"
    r"|\b(?:he|she|they|someone|somebody|guy|man|girl|person|ex)\b.{0,25}\b(?:told|tells|asked|"
    r"asks|texted|texts|messaged|dmed|dm'd|wrote|writes|said|says|sent|threatened|threatens|"
    r"begged|pressured|forced|keeps asking|kept asking|wants me|wanted me)\b)"
    r"[^.!?]{0,40}$"
)
# Hyperbole: "i'm gonna hang myself from the pull-up bar", "so many burpees i want to die lol".
# Words of sport and exercise make a wish to die or hang oneself a figure of speech; words of
# school, heat or a dead battery do so only with a laugh. Any sign of meaning it (not joking,
# pills, tonight, a letter, nobody, anymore…) keeps the match as it is.
_HYPERBOLE_SPORT = re.compile(
    r"\b(?:pull ?ups?|chin ?ups?|pull ?up bar|reps|burpees?|squats?|push ?ups?|sit ?ups?|planks?|"
    r"leg day|workout|cardio|laps|treadmill|"
    r"tractions?|barre de traction|pompes|abdos|gainage|muscu|tours de terrain|"
    r"optrekstang|optrekken|opdrukken|opdrukoefeningen|buikspieren|rondjes|"
    r"(?:gym|sport|training|entrainement|zwem|voetbal|basket|hockey|foot|turn|lo) ?"
    r"(?:class|les|lessen|practice|training|entrainement|cours|prof|leraar|coach|trainer)|"
    r"coach|trainer|entraineur|in pe|pe (?:class|lesson|teacher)|cours de (?:gym|sport)|"
    r"les lo|in de lo|bieptest|bleep test|beep test|test navette|\d+ ?km)\b"
)
_HYPERBOLE_TRIVIAL = re.compile(
    r"\b(?:homework|maths?|exams?|tests?|quiz|essay|devoirs?|interros?|examens?|controles?|"
    r"dissert\w*|huiswerk|toetsen|toets|wiskunde|taak|taken|examens?|wifi|battery|batterie|"
    r"batterij|lag|cringe|genance|gene|genant|embarrassing|awkward|beschamend|heat|chaleur|"
    r"hitte|warmte|canicule|bus|tram|metro|"
    # School subjects and marks ("si j'ai encore 8 en néerlandais…").
    r"neerlandais|francais|anglais|histoire|geo|geographie|sciences|chimie|physique|bio|"
    r"biologie|latin|nederlands|frans|engels|geschiedenis|aardrijkskunde|chemie|fysica|latijn|"
    r"french|dutch|english|history|geography|chemistry|physics|biology|science|chem|"
    r"grades?|points|punten|cijfers?)\b"
)
_HYPERBOLE_LAUGH = re.compile(
    r"[\U0001F602\U0001F923\U0001F480\U0001F62D\U0001F605]|\b(?:lol+|lmao+|lmfao|mdr+|ptdr+|haha\w*|hihi\w*|xd+|jk|"
    r"grapje|blague)\b"
)
_MEANT = re.compile(
    r"\b(?:not (?:joking|kidding)|no joke|im serious|i'?m serious|serious(?:ly)?|for real|fr fr|"
    r"pas une blague|je rigole pas|sans rire|serieux|serieusement|pas pour rire|pour de vrai|"
    r"pour de bon|pas une facon de parler|not (?:as )?a (?:joke|figure of speech)|"
    r"niet als grap|niet om te lachen|bij wijze van spreken niet|voor echt|"
    r"geen grap|ik meen het|meen het|echt waar|serieus|"
    r"pills?|meds|cachets?|medocs?|pillen|tabletten|tonight|ce soir|vanavond|vannacht|"
    r"letters?|lettre|brief|note|nobody|no one|personne|niemand|anymore|any more|"
    r"plus vivre|en peux plus|peux plus|kan niet meer|wil niet meer|can'?t (?:do|take) this|"
    r"kan (?:het|dit|dat|da) (?:echt )?niet meer|kan ni meer|hou het niet meer vol|"
    r"can'?t (?:do it|go on|cope) any ?more|"
    r"cut\w*|scarif\w*|snij\w*|goodbye|adieu|afscheid|alone|seule?|alleen|hate myself|"
    r"me deteste|haat mezelf|burden|fardeau|last|laughed at me|laugh at me|hate me|"
    r"se moquent de moi|se moque de moi|me detestent|lachen (?:mij|me) uit|uitgelachen|"
    r"haten mij|haten me)\b"
)
# A wish to die next to an everyday trouble (a missed bus, a test in ten minutes, a spot
# before the class photo, a phone taken away, tickets sold out) and nothing else: most often
# a figure of speech, not always. Without a laugh (then it is "hyperbole") it is read
# "trivial": neither published nor sent to a counsellor, but held for a moderator to decide,
# and the writer sees crisis contacts at once. Any sign of meaning it (_MEANT, or a concept of
# despair, a plan, means or a goodbye in lexicon.py: _SERIOUS) keeps the wish meant.
_TROUBLE = re.compile(
    r"\b(?:oral|expose|presentation|presentatie|spreekbeurt|bulletin|rapport|report card|"
    # Transport only when it was missed or is late: a train is also a means ("je vais me
    # jeter sous un train").
    r"(?:rate|loupe|manque|gemist|missed|miss) (?:\w+ )?(?:bus|tram|metro|train|trein)|"
    r"(?:bus|tram|metro|train|trein) (?:\w+ )?(?:rate|loupe|gemist|missed|en retard|te laat|late)|"
    r"pluie|pleut|regen|regent|rain|raining|"
    r"acne|boutons?|puist\w*|pimples?|spots?|breakout|zits?|"
    r"photo de classe|klasfoto|class photos?|school photos?|"
    r"tel|gsm|phone|portable|telefoon|"
    r"sold out|uitverkocht|complet|tickets?|billets?|places|"
    # "coupe" the haircut, not the verb ("je me suis encore coupée": cut).
    r"(?<!suis )(?<!encore )(?<!me )(?<!m')(?<!re)coupe|kapsel|haircut|coiffeur|kapper|"
    r"hairdresser)\b"
)
_SERIOUS = frozenset(
    "~" + concept
    for concept in (
        "sleep_forever goodbye give_away pills cutting burden worthless hopeless heights plan "
        "means funeral finality courage_act not_exist self_injury relapse urge go_through "
        "choking absent_future unreachable self_punish after_me settle_affairs unmissed "
        "forgotten numb unnoticed firearm accident_wish while_i_can alone starving"
    ).split()
)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_PLAIN_BESIDE = 3
_CLAUSE_END = re.compile(r"[,:;.!?\n]|\b(?:mais|maar|but)\b")
_CONTEXT_CATEGORIES = frozenset({"self_harm", "bullying"})
# A negation taken back after it: "i never thought i'd hurt myself but i did yesterday", "ik
# zei da ik mezelf nooit pijn zou doen maar ik lieg".
_TAKEN_BACK = re.compile(
    r"\b(?:but|mais|maar)\b.{0,25}\b(?:i did|i have|i do|i lied|did it|done it|je l'ai fait|"
    r"l'ai fait|j'ai menti|je mens|deed ik het|deed ik da|heb ik het gedaan|ik heb het gedaan|"
    r"ik loog|ik lieg|gelogen|now i (?:do|am|did)|maintenant (?:si|je le fais)|nu wel|nu toch)\b"
)


def _context(rule: Rule, text: str, match: re.Match, original: str) -> str | None:
    """How a match reads: "reported" (someone else's words, told by the writer), "quoted",
    "sung", "negated" (a negation of a wish to die or of a threat), or None. ``text`` is the
    form the rule matched; ``original``, the text as written (its emoji, folded into words in
    ``text``, can be a laugh: "💀")."""
    start, end = match.span()
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    before = text[sentence_start:start]
    # The quotes are looked for once: double ones (any kind), single ones (disclosures).
    double = [q.span() for q in QUOTES.finditer(text)]
    single = [q.span() for q in SINGLE_QUOTES.finditer(text)]
    in_double = any(s <= start and end <= e for s, e in double)
    in_single = any(s <= start and end <= e for s, e in single)
    quoted = in_double or (rule.kind == "disclosure" and in_single)
    if rule.kind in ("disclosure", "behaviour", "concern"):
        # A story's quotes may hold elisions ("'t'es mon préféré, dis rien'"): TOLD_QUOTES.
        told = double + [q.span() for q in TOLD_QUOTES.finditer(text)]
        if any(s <= start and end <= e for s, e in told) and quoted_from_a_story(text, told):
            return "quoted"
    if rule.kind == "behaviour":
        # A colon after "he said", or quotes after it, or "he told me to …".
        lead = before
        if quoted:
            quote_start = max(s for s, _ in double if s <= start)
            lead = text[max(0, quote_start - 60) : quote_start]
        if _REPORTED.search(lead.rstrip(' :«“"„')) or _REPORTED.search(lead):
            return "reported"
    if quoted and rule.kind in ("disclosure", "behaviour"):
        return "sung" if _SUNG.search(text) else "quoted"
    sentence_end = _SENTENCE_END.search(text, end)
    sentence = text[sentence_start : sentence_end.start() if sentence_end else len(text)]
    if rule.category in DISCLOSURE_CATEGORIES and rule.kind in ("disclosure", "concern"):
        reading = _general_or_everyday(rule, text, match, before, sentence, original)
        if reading is not None:
            return reading
    if rule.category not in _CONTEXT_CATEGORIES:
        return None
    if _SUNG.search(sentence):
        return "sung"
    if _ROMANCE_AFTER.match(text, end):
        return "sung"
    if rule.final:
        # Last words hold their own negations ("don't cry for me", "its not ur fault").
        return None
    clause = _CLAUSE_END.split(before)[-1]
    window = " ".join(clause.split()[-3:]) + " " + match[0]
    if (
        _NEGATORS.search(window)
        and not _LIFE_WORDS.search(match[0])
        and not _TAKEN_BACK.search(text, start)
    ):
        return "negated"
    if rule.category == "self_harm" and rule.kind == "disclosure":
        # A wish rule's words read "plain" only beside words of something else, in another
        # clause (a cause told first, a joke after): "i want to die" or "i wish i could die
        # in my sleep", alone, is meant.
        wish = rule.wish and _words_beside(text, start, end) >= _PLAIN_BESIDE
        # A wish's own words ("j'en peux plus de vivre", "plus aucune raison de vivre") are
        # not a sign of meaning it: those are looked for in the words around them, less a
        # time told of an everyday plan in another sentence.
        kept = _planned_evening(text, start, end) if wish else text
        reading = _figure_of_speech(
            f"{kept[:start]} {kept[end:]}" if wish else text, original, wish=wish
        )
        if reading == "hyperbole" and kept != text:
            # Without the evening the wish is weighed at most, never laughed off ("je veux
            # mourir mdr. … ce soir je révise" is held, not published).
            return "trivial"
        return reading
    return None


# "Tonight" is a sign of meaning a wish to die ("i want to die tonight", "je veux mourir. ce
# soir c'est fini"), except in a clause outside the wish's sentence where the writer tells an
# everyday plan of theirs: "lost the quiz by one point. i want to die. learning the whole list
# by heart tonight". Such a wish is then weighed by the message model like any other plain one
# (held where it sees no harm), never published. Others' evening ("my parents are watching a
# film tonight, they won't see a thing"), a last time, being alone or anything serious in the
# sentence keep it a sign.
_EVENING = re.compile(r"\b(?:tonight|tonite|2nite|ce soir|vanavond|vannacht)\b")
_EVENING_PLAN = re.compile(
    r"\b(?:learn\w*|study\w*|revis\w*|practi[cs]\w*|homework|cook\w*|bak\w*|apprend\w*|"
    r"etudi\w*|devoirs|cuisin\w*|leer|studeer\w*|studeren|blok|blokken|oefen\w*|huiswerk|"
    r"kook\w*|by heart|par coeur|vanbuiten|uit het hoofd)\b"
)
_MY_PLAN = re.compile(
    r"(?:^|[\s,:])(?:i|i'?m|im|i'?ll|ill|je|j'|jvais|jai|j'ai|ik|kga|kmoet|kzal|k)\b|"
    r"^\s*(?:learning|studying|revising|practi[cs]ing|homework)\b"
)
_NOT_MY_EVENING = re.compile(
    r"\b(?:they|everyone|everybody|parents|mum|mom|dad|ils|elles|tout le monde|maman|papa|"
    r"ze|zij|iedereen|ouders|mama|one (?:more|last) time|last time|nog (?:een|1)|"
    r"final|dernier|derniere|laatste|the night|to myself|pour moi seule?|voor mij alleen|"
    r"notice|remarquer|verront|merken|knot|noeud|knoop|trains?|treins?|do it|le faire|le fais|"
    r"doe het|doe ik het)\b"
)


def _planned_evening(text: str, start: int, end: int) -> str:
    """``text`` with "tonight" blanked out of the clauses, outside the sentence that holds
    ``text[start:end]``, in which the writer tells an everyday plan of theirs (above)."""
    blanked = _evening_blanked(text)
    if blanked == text:
        return text
    # The wish's own sentence keeps its words ("je veux mourir, ce soir j'apprends…" too).
    opening = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    closing = _SENTENCE_END.search(text, end)
    stop = closing.end() if closing else len(text)
    return blanked[:opening] + text[opening:stop] + blanked[stop:]


@lru_cache(maxsize=64)
def _evening_blanked(text: str) -> str:
    """``text`` with "tonight" blanked out of every clause that tells the writer's everyday
    plan (_planned_evening); computed once per text."""
    if not _EVENING.search(text):
        return text
    # Clauses, not sentences: "j'ai fini mes devoirs, ce soir je le fais" is two.
    bounds = (0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text))
    ends = (0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text))
    parts, done = [], 0
    seen: set[int] = set()
    for found in _EVENING.finditer(text):
        n = bisect_right(bounds, found.start()) - 1
        if n in seen:
            continue
        seen.add(n)
        opening, stop = bounds[n], bounds[min(n + 1, len(bounds) - 1)]
        clause = text[opening:stop]
        # The plan is told in the evening's own clause; nothing in its sentence means more.
        first = ends[bisect_right(ends, opening) - 1]
        sentence = text[first : ends[min(bisect_left(ends, stop), len(ends) - 1)]]
        others = [m for m in _MEANT.finditer(sentence) if not _EVENING.fullmatch(m[0])]
        if (
            others
            or not _EVENING_PLAN.search(clause)
            or not _MY_PLAN.search(clause)
            or _NOT_MY_EVENING.search(sentence)
            or not _SERIOUS.isdisjoint(concepts(clean_text(sentence)))
        ):
            continue
        parts.append(text[done:opening])
        parts.append(_EVENING.sub(lambda m: " " * len(m[0]), clause))
        done = stop
    parts.append(text[done:])
    return "".join(parts)


def _words_beside(text: str, start: int, end: int) -> int:
    """How many words the text has outside the clause that holds ``text[start:end]``."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    clause_end = _CLAUSE_END.search(text, end)
    beside = len(_WORDS.findall(text, 0, clause_start))
    if clause_end:
        beside += len(_WORDS.findall(text, clause_end.end()))
    return beside


# --- Said of anyone, or an everyday meaning (disclosures and concerns only) ---------------
#
# A disclosure or a concern escalates: the words must be about the writer, or a real person
# the writer knows, at risk now. They are not when they are said of anyone ("si un ami te dit
# qu'il veut mourir, tu fais quoi?", "teens who took too many pills", a lesson, an essay, a
# film), or when the same words have an everyday meaning ("en finir avec ce dossier", "vivre à
# Bruxelles", "disparaître de la photo de classe", "se couper les cheveux", "cut myself
# opening a can", "wil dood van schaamte"). Such a match is read "general" or "everyday" (or
# "hyperbole" for an idiom): a moderator still sees it, and the model still scores the text.

# Someone in general: "un ami", "a friend", "een vriendin", "someone".
_ANYONE = re.compile(
    r"(?:un|une|a|an|een|someone|somebody|quelqu'un|qqn|iemand)\s(?:(?:best|meilleure?|beste|"
    r"good|bonne?|goede)\s)?(?:ami|amie|pote|copain|copine|friend|mate|vriend|vriendin|maat|"
    r"classmate|camarade|klasgeno\w*|person|personne|persoon|jongere|ado|teen\w*|eleve|student|"
    r"leerling)\b|(?:someone|somebody|quelqu'un|qqn|iemand)\b"
)
_IF = re.compile(
    r"\b(?:si|s'il|s'ils|if|als|indien|wanneer|when|quand|lorsque|lorsqu|stel dat|imagine|"
    r"imaginons|suppose|what if|wat als)\b"
)
# A disclosure's words in a question someone asked, or one about "ever": "mum asked if anyone
# had ever asked me for nudes", "ma mère voulait savoir si quelqu'un m'avait déjà demandé des
# photos". Not "is it bad if someone shared my photo": that one happened.
_ANYONE_WORDS = r"(?:anyone|anybody|someone|somebody|quelqu'un|qqn|iemand)"
_IF_ANYONE = re.compile(
    r"\b(?:(?:asked|asks|asking|wanted to know|wants to know|wondered|wondering|vroeg|vraagt|"
    r"wou weten|wil weten|demande\w*|voulait savoir|veut savoir)\s(?:\w+\s){0,2}?"
    rf"(?:if|whether|si|of|als)\s(?:\w+\s){{0,2}}?{_ANYONE_WORDS}\b"
    rf"|(?:if|whether|si|of|als)\s(?:\w+\s){{0,2}}?{_ANYONE_WORDS}\s(?:\w+\s){{0,2}}?"
    r"(?:ever|deja|ooit|al eens|al ooit)\b)[^,.;:!?]{0,30}$"
)
# A disclosure's words after "if a guy …" that has not happened: "if a guy asks me for nudes im
# sending my wallpaper", "si un mec me demande des nudes je lui envoie mon chat". Not "if he
# asks again": that one happened.
_IF_SOMEONE = re.compile(
    r"\b(?:if|si|s'il|als|what if|et si|wat als)\s(?:(?:a|an|some|any|un|une|"
    r"een|ne|nen|ever|jamais|ooit|random)\s){0,2}(?:guy|man|boy|dude|person|someone|somebody|"
    r"anyone|stranger|creep|mec|gars|type|homme|garcon|inconnu|quelqu'un|qqn|gast|jongen|"
    r"vent|iemand|vreemde|onbekende)\s(?:(?:ever|jamais|ooit|online|en ligne)\s)?$"
)
_AGAIN = re.compile(
    r"\b(?:again|encore|re(?:demande|envoie|commence|vient)\w*|weer|opnieuw|nog eens|"
    r"nog ne keer|terug)\b"
)
# The writer asks what one should do, or how one helps: advice, a quiz, first aid.
_WHAT_TO_DO = re.compile(
    r"\b(?:que faire|quoi faire|(?:tu|on|vous|je) (?:fais|fait|faites|dois|doit|devrais) quoi|"
    r"qu'est-ce qu'on (?:fait|doit faire)|qu'est-ce que (?:tu fais|je fais|je dois|tu dois)|"
    r"comment (?:on |tu |je |vous )?(?:reagi\w*|aide\w*|fai\w*|soutien\w*|parle\w*)|"
    r"what (?:should|do|can|would|must) (?:you|u|i|we|one|people)(?: do)?|what to do|"
    r"how (?:do|should|can|would|to) (?:you|u|i|we|one)?\s?(?:react|help|respond|support|handle)|"
    r"wat (?:moet|kan|doe|doet|zou|moeten) (?:je|ge|jij|gij|ik|men|we|wij)|wat te doen|"
    r"hoe (?:reageer|help|moet|kan|reageert|helpt|steun)\w*|"
    # What to say to one ("tu demandais quoi dire à une pote qui se fait du mal").
    r"what to say|what (?:should|do|can) (?:you|u|i|we) say|quoi dire|que dire|"
    r"(?:tu|on|je) (?:dis|dit|dois dire) quoi|wat te zeggen|"
    r"wat (?:je|ge|jij|gij|ik|men|we) (?:moet|moeten|kan|kunt|zou) (?:\w+ )?zeggen)\b"
)
# People in general doing it ("des jeunes qui ont avalé trop de médocs", "teens who took").
_OTHERS_WHO = re.compile(
    r"\b(?:people|teens|teenagers|kids|children|patients|girls|boys|students|victims|"
    r"jongeren|mensen|kinderen|patienten|patiënten|meisjes|jongens|leerlingen|tieners|"
    r"slachtoffers|gens|jeunes|ados|adolescents|enfants|personnes|eleves|filles|garcons|victimes)"
    r"\s(?:who|that|die|dat|qui)\s(?:\S+\s){0,3}$"
)
# An essay, a lesson, a quiz, a story or a film in the sentence of a concern: its words are
# about the topic. Worry keeps it a concern.
_TOPIC = re.compile(
    r"\b(?:expose|exposes|dissert\w*|redaction|travail sur|essay|presentation|spreekbeurt|"
    r"werkstuk|taak|paper|quiz|film(?! (?:(?:him|her|your|my|them)sel(?:f|ves)|me|him|her|them)\b)|"
    r"movie|serie|series|reeks|book|livre|boek|roman|novel|story|thesis|scriptie|eindwerk|"
    r"tfe|memoire sur|research on|onderzoek naar|recherches? sur|"
    r"histoire|verhaal|personnage|character|personage|van gogh|cours|lesson|les over|class on)\b"
)
_WORRY = re.compile(
    r"\b(?:inquiet\w*|m'inquiete|j'ai peur|peur pour|worried|worry|scared|afraid|bezorgd|"
    r"ongerust|bang|zorgen)\b"
)
# Everyday objects of words that can mean dying: "en finir avec ce dossier", "end it with
# tiktok" (after ending), "vivre à Bruxelles", "live in brussels" (after living),
# "disparaître de la photo de classe" (after disappearing).
_ENDING = re.compile(r"(?:finir|end it|end things|end everything|gedaan|een punt|eindigen)$")
_LIVING = re.compile(r"(?:vivre|live|living|leven|wonen|exister|exist)$")
_DISAPPEARING = re.compile(r"(?:disparaitre|disappear|verdwijnen|vanish)$")
_EVERYDAY_AFTER = (
    (
        _ENDING,
        re.compile(
            r"\s(?:avec|with|met)\s(?:ce|cet|cette|ces|le|la|les|l'|mon|ma|mes|son|sa|ses|this|"
            r"that|these|those|the|my|de|die|dat|deze|dit|mijn|mn|tiktok|insta\w*|snap\w*|"
            r"social media|school|reseaux)\b(?!\s?(?:vie|life|leven|douleur|pain|pijn|souffrance|"
            r"monde|world|wereld|existence|bestaan)\b)"
        ),
    ),
    (
        _LIVING,
        re.compile(
            r"\s(?:a|au|aux|en|dans|chez|in|at|op|te|bij|near)\s(?!(?:ce|cette|this|deze|dit|het|"
            r"the|de|la|le|ma|my|mon|mijn)?\s?(?:monde|world|wereld|corps|body|lichaam|vie|life|"
            r"leven|douleur|pain|pijn|peur|fear|angst|honte|shame|silence|darkness|noir|donker|"
            r"stilte)\b)(?:[a-z]+\s){0,2}?(?:[a-z]*(?:stad|dorp|land)|bruxelles|brussel|brussels|"
            r"gent|gand|ghent|anvers|antwerpen|antwerp|liege|luik|namur|namen|paris|parijs|london|"
            r"londres|londen|belgique|belgie|belgium|france|frankrijk|ville|city|campagne|"
            r"countryside|platteland|buiten|appart\w*|flat|maison|house|huis|kot|internat|"
            r"boarding|quartier|wijk|neighbourhood|neighborhood|street|straat|rue)\b"
        ),
    ),
    (
        _LIVING,
        re.compile(
            r"\s(?:chez|with|bij|avec|met)\s(?:mon|ma|mes|my|mijn|mn|m'n|ma|mes)?\s?(?:pere|mere|"
            r"parents|papa|maman|daron|daronne|dad|mum|mom|father|mother|pa|vader|moeder|ouders|"
            r"beau-pere|belle-mere|stepdad|stepmum|stepmom|stiefvader|stiefmoeder|grand-mere|"
            r"grand-pere|grands-parents|grandma|grandpa|grandparents|oma|opa|grootouders|tante|"
            r"oncle|aunt|uncle|nonkel|famille|family|familie|coloc\w*|roommates?|flatmates?)\b"
        ),
    ),
    (
        _DISAPPEARING,
        re.compile(
            r"\s(?:de|du|des|d'|van|from|uit|off)\s(?:la|le|les|l'|cette|ce|ma|mon|mes|that|"
            r"this|the|my|die|de|deze|dat|mijn|mn|our|notre|onze)?\s?(?:\w+\s)?(?:photos?|"
            r"foto'?s?|pics?|pictures?|videos?|vids?|story|stories|groupe|group|groep|groepsfoto|"
            r"klasfoto|conv|chat|gc|groupchat|groepschat|classe|klas|class|serveur|server|liste|"
            r"list|team|equipe|ploeg|planning|lesson|selfies?|reunion|meeting|vergadering)\b"
        ),
    ),
)
# An idiom right after the words: "veut mourir de honte", "wants to die of embarrassment".
_IDIOM_AFTER = re.compile(
    r"\s(?:de|d'|of|from|van|vd)\s?(?:honte|rire|ennui|gene|jalousie|impatience|stress|"
    r"fatigue|chaud|froid|faim|soif|peur|embarrassment|shame|laughter|laughing|boredom|cringe|"
    r"jealousy|heat|cold|hunger|thirst|cuteness|schaamte|het lachen|'t lachen|verveling|de stress|"
    r"de honger|de dorst|de warmte|de kou|jaloezie|vermoeidheid|plankenkoorts)\b"
)
# Cutting or hurting oneself by accident or in a haircut or the kitchen, when nothing in the
# text says it was meant.
_ACCIDENT = re.compile(
    r"\b(?:cheveux|frange|ongles|(?:haar|zijn|mijn|mn|d'r) haar|haren|kapsel|pony|hair|"
    r"fringe|bangs|"
    r"nails|nagels|"
    r"epluch\w*|cuisin\w*|koken|kookles|cooking|kitchen|keuken|chop\w*|oignons?|onions?|ajuin|"
    r"uien?|legumes|groenten|vegetables|patates|aardappel\w*|potatoes?|tomat\w*|boite de conserve|"
    r"conserve|blikje|blik|(?:a|the) can|tin|papier|paper|scheren|rasant|shaving|trap|stairs|"
    r"escaliers|verstuikt\w*|sprained|cheville|ankle|gevallen|tombe\w*|fell|par accident|"
    r"accidentally|by accident|per ongeluk|sans faire expres|maladroite?|onhandig|clumsy|"
    # Burned while ironing or baking: the activity it happened in ("en repassant ma chemise").
    r"en repassant|(?:while |when )?ironing|(?:tijdens|bij) het (?:strijken|bakken)|"
    r"aan het (?:strijken|bakken)|en faisant (?:des|un|une|les|le|la) (?:cookies|gateaux?|"
    r"crepes|gaufres|frites|biscuits)|(?:while |when )?baking|"
    # Burned on a kitchen or hair appliance ("sur la plaque du four", "on the curling iron").
    # The French oven after its article only: English "four" is a number ("i cut myself four
    # times this week").
    r"(?:le|du|au|mon|un) four|oven|plaques? (?:de cuisson|du four|electriques?)|poele|"
    r"casserole|friteuse|hob|"
    r"stove|fornuis|kookplaat|frietketel|friteuse|fer a lisser|lisseur|fer a boucler|"
    r"boucleur|curling (?:iron|wand|tongs)|straighteners?|hair iron|stijltang|krultang)\b"
)
_MEANT_HARM = re.compile(
    r"\b(?:expres|on purpose|opzettelijk|express|lames?|blades?|rasoir|razor|scheermesje|mesje|"
    r"cutter|cicatrices?|scars?|littekens?|manches|sleeves|mouwen|punir|punish|straffen|calmer|"
    r"cope|soulager|relapse|rechute|herval\w*|again|encore|weer|opnieuw|chaque (?:soir|nuit)|"
    r"every (?:night|day)|elke (?:avond|nacht|dag)|personne le (?:voit|sait)|no one (?:sees|knows)|"
    r"niemand (?:ziet|weet)|veines|wrists?|polsen?|poignets?)\b"
)


def _general_or_everyday(
    rule: Rule, text: str, match: re.Match, before: str, sentence: str, original: str
) -> str | None:
    """How a disclosure's or a concern's words read when they are not the writer's (or a
    friend's) risk now: "general" (anyone, a lesson, a story), "everyday" (an everyday
    meaning), "hyperbole" (an idiom) or "past" (long ago and dealt with); None when they read
    as meant."""
    start, end = match.span()
    words = match[0]
    if _IDIOM_AFTER.match(text, end):
        return "hyperbole"
    if _OTHERS_WHO.search(text[max(0, start - 60) : start]):
        return "general"
    if (
        rule.category != "self_harm"  # "i wonder if anyone would miss me if i killed myself"
        and rule.kind == "disclosure"
        and (
            _IF_ANYONE.search(_CLAUSE_END.split(before)[-1])
            or (_IF_SOMEONE.search(before) and not _AGAIN.search(sentence))
        )
    ):
        return "general"
    for ending, after in _EVERYDAY_AFTER:
        if ending.search(words) and after.match(text, end):
            return "everyday"
    if rule.category == "self_harm" and _ACCIDENT.search(sentence) and not _MEANT_HARM.search(text):
        return "everyday"
    if rule.category == "self_harm" and rule.kind == "disclosure" and milestone(text, original):
        return "past"
    if rule.category in ("sexting", "sextortion") and harmless_picture(text):
        return "everyday"
    if rule.category != "self_harm" and long_ago_and_dealt_with(text):
        return "past"
    if rule.category == "self_harm" and rule.kind == "concern" and _hyperbole(text, original):
        return "hyperbole"
    if rule.kind == "concern":
        anyone = _ANYONE.match(words) is not None
        clause = _CLAUSE_END.split(before)[-1]
        if anyone and (_IF.search(clause[-30:]) or _WHAT_TO_DO.search(text)):
            return "general"
        if _TOPIC.search(sentence) and not _WORRY.search(text):
            return "general"
    return None


def _figure_of_speech(text: str, original: str, *, wish: bool = False) -> str | None:
    """How a wish to die reads beside sport, a laugh or an everyday trouble: "hyperbole"
    (_hyperbole), "trivial" (an everyday trouble, no laugh, no sign of meaning it), "plain" (a
    wish rule's words beside others, none of which shows them meant: "mosquito bites all
    night, i want to die"; ``wish``) or None (meant). Trivial and plain are weighed by the
    message model (learned.settled): meant where it sees self-harm too, else held."""
    if _hyperbole(text, original):
        return "hyperbole"
    if _MEANT.search(text) or not _SERIOUS.isdisjoint(concepts(clean_text(text))):
        return None
    if _HYPERBOLE_TRIVIAL.search(text) or _TROUBLE.search(text):
        return "trivial"
    return "plain" if wish else None


def _hyperbole(text: str, original: str) -> bool:
    """A wish to die or to hang oneself said of sport, or laughed about over homework. The
    laugh is looked for in the text as written too: folding reads "💀" as a word."""
    if _MEANT.search(text):
        return False
    if _HYPERBOLE_SPORT.search(text):
        return True
    laugh = _HYPERBOLE_LAUGH.search(text) or _HYPERBOLE_LAUGH.search(original)
    return bool(laugh and (_HYPERBOLE_TRIVIAL.search(text) or _TROUBLE.search(text)))


# Everyday words of each language: a French text using some Dutch ones is screened in Dutch
# too. English rules always run.
_LANGUAGE_MARKERS = {
    "fr": re.compile(
        r"\b(?:moi|toi|pas|suis|mais|avec|une|les|des|mon|mes|ton|tes|qui|veux|ca|il|elle|"
        r"nous|vous|jai|chui|jsp|mdr|ptdr|tkt|quoi|trop|tout|dans|sont|oui|parce|comme|bien|"
        r"est|c'est|j'ai|tu|t'es|pour|sur|fait)\b|\b(?:j|t|m|qu|l|n|d|s)'\w"
    ),
    "nl": re.compile(
        r"\b(?:ik|het|een|niet|nie|wat|wa|mijn|mn|heb|ben|van|voor|naar|maar|ook|da|dat|ge|gij|"
        r"mij|hij|zij|wil|moet|geen|nog|hoe|waar|waarom|jij|jou|jouw|kzie|kweet|tis|amai|zot|"
        r"wreed|echt|zijn|heeft|kan|gaat|gewoon|iemand|altijd)\b|'k\b"
    ),
}


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One signal per rule, except personal information: one per place it was found. The same
    span flagged by two rules keeps both (they explain)."""
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    out = []
    for signal in signals:
        key = (signal.rule, signal.span if signal.category == "personal_info" else None)
        if key not in seen:
            seen.add(key)
            out.append(signal)
    return out


def reference_texts(directory: Path = RULES_DIR) -> list[str]:
    """Ordinary messages (rules/reference.txt) for choosing look-up keys that are rare."""
    path = directory / "reference.txt"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [normalise(line)[1].text for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return Engine(load_rules())
