"""The screening engine: rules as data, run on normalised text, pure Python, no network.

Rules live in ``moderation/rules/*.json`` (one file per language, plus ``common.json`` for
what does not depend on language). Each rule names its category, its kind (``disclosure``:
the writer is the one at risk; ``behaviour``: the writer does the risky thing; ``info``:
personal information), a severity, regular expressions, optional exclusions, a moderator
explanation in French and Dutch, and examples that must and must not match (the tests run
them). The engine is built once per process (``get_engine()``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from moderation.screening.normalise import Normalised, normalise
from moderation.screening.prefilter import (
    DIGIT,
    WORD,
    Selectivity,
    fourgrams,
    pattern_covers,
    word_keys,
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
KINDS = ("info", "disclosure", "behaviour")
SEVERITIES = ("low", "medium", "high", "urgent")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
# What happens to the content, from least to most restrictive.
ACTIONS = ("publish", "mask", "flag", "hold", "escalate")
ACTION_RANK = {name: rank for rank, name in enumerate(ACTIONS)}
DISCLOSURE_CATEGORIES = frozenset({"grooming", "sexting", "sextortion", "self_harm"})
# Grooming is a process: how much each stage adds to a conversation's score.
GROOMING_STAGE_WEIGHTS = {
    "age": 1,
    "location": 2,
    "compliments": 1,
    "secrecy": 3,
    "platform": 2,
    "gifts": 2,
    "pictures": 3,
    "meeting": 3,
    "sexual": 3,
}
_DIGIT = re.compile(r"\d")
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

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "kind": self.kind,
            "severity": self.severity,
            "rule": self.rule,
            "span": list(self.span),
            "matched": self.matched,
        }


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


def action_for(signal: Signal) -> str:
    """The policy: what one signal does to the content that carries it."""
    if signal.category == "personal_info":
        return "mask"
    if signal.category == "abuse_images":
        return "hold"
    if signal.kind == "disclosure" and signal.category in DISCLOSURE_CATEGORIES:
        return "escalate"
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
    unless: tuple[re.Pattern, ...]
    on_plain: bool
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
                    unless=tuple(_compile(rule_id, p) for p in raw.get("unless", [])),
                    on_plain=raw.get("on") == "plain",
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
        self._ids_for = {
            language: frozenset(r.id for r in self.rules_for(language)) for language in LANGUAGES
        }
        # Which patterns could match at all is decided by literal look-ups (prefilter.py):
        # a pattern is looked up by its cheapest cover, then its other covers are checked.
        # Patterns on the plain form and on the folded form have indexes of their own.
        selectivity = Selectivity(reference_texts())
        self._indexes = {True: _KeyIndex(), False: _KeyIndex()}
        for rule in self.rules:
            for number, pattern in enumerate(rule.patterns):
                covers = [
                    frozenset(selectivity.key_of(literal) for literal in cover)
                    for cover in pattern_covers(pattern.pattern, selectivity)
                ]
                self._indexes[rule.on_plain].add((rule.id, number), covers)
        for index in self._indexes.values():
            index.freeze()

    def rules_for(self, language: str | None) -> list[Rule]:
        """French and Dutch texts also get the English rules: English words are everywhere
        in young people's French and Dutch. Without a language, every rule runs."""
        if language is None:
            return self.rules
        rules = self._by_language[language]
        if language != "en":
            rules = rules + [r for r in self._by_language["en"] if r.language == "en"]
        return rules

    def candidates(
        self, plain: str, folded: str, rule_ids: frozenset[str] | None = None
    ) -> dict[str, list[int]]:
        """For each rule (of ``rule_ids``, if given) that could match, the numbers of its
        patterns that could."""
        found = self._indexes[False].lookup(folded, rule_ids)
        found |= self._indexes[True].lookup(plain, rule_ids)
        by_rule: dict[str, list[int]] = {}
        for rule_id, number in found:
            by_rule.setdefault(rule_id, []).append(number)
        return by_rule

    def screen(self, text: str, language: str | None = None) -> Result:
        plain, folded = normalise(text)
        candidates = self.candidates(plain.text, folded.text, self._ids_for.get(language))
        if not candidates:
            return Result(())
        signals: list[Signal] = []
        for rule_id in sorted(candidates, key=self._position.__getitem__):
            rule = self._by_id[rule_id]
            form: Normalised = plain if rule.on_plain else folded
            signals.extend(_apply(rule, sorted(candidates[rule_id]), form, text))
        return Result(tuple(_dedupe(signals)))

    def screen_conversation(
        self, messages: Iterable[str], language: str | None = None
    ) -> ConversationResult:
        """Screen several messages of one conversation (or one member's recent posts)."""
        signals: list[Signal] = []
        for message in messages:
            signals.extend(self.screen(message, language).signals)
        stages = sorted({s.stage for s in signals if s.stage and s.category == "grooming"})
        score = sum(GROOMING_STAGE_WEIGHTS[stage] for stage in stages)
        if score >= CONVERSATION_HIGH:
            signals.append(
                Signal(
                    category="grooming",
                    kind="behaviour",
                    severity="urgent" if score >= CONVERSATION_URGENT else "high",
                    rule=CONVERSATION_RULE,
                    span=(0, 0),
                    matched="",
                    explanation={
                        "fr": "Plusieurs étapes de grooming dans la conversation ou les messages "
                        "récents du membre.",
                        "nl": "Meerdere stappen van grooming in het gesprek of in de recente "
                        "berichten van dit lid.",
                    },
                )
            )
        return ConversationResult(tuple(signals), score, tuple(stages))


class _KeyIndex:
    """Patterns by look-up key, for one form of the text (plain or folded)."""

    def __init__(self) -> None:
        self.always: set[tuple[str, int]] = set()
        self.index: dict[str, set[tuple[str, int]]] = {}
        # Further covers of a pattern: (keys found in key sets, short keys tested with `in`).
        self.also: dict[tuple[str, int], list[tuple[frozenset[str], tuple[str, ...]]]] = {}

    def add(self, pattern: tuple[str, int], covers: list[frozenset[str]]) -> None:
        if not covers:
            self.always.add(pattern)
            return
        for key in covers[0]:
            self.index.setdefault(key, set()).add(pattern)
        if len(covers) > 1:
            self.also[pattern] = [
                (
                    frozenset(k for k in cover if k.startswith(WORD) or len(k) == 4 or k == DIGIT),
                    tuple(k for k in cover if not k.startswith(WORD) and len(k) < 4 and k != DIGIT),
                )
                for cover in covers[1:]
            ]

    def freeze(self) -> None:
        self.word_keys = frozenset(k for k in self.index if k.startswith(WORD))
        self.gram_keys = frozenset(
            k for k in self.index if len(k) == 4 and k[0] != WORD and k != DIGIT
        )
        self.other_keys = tuple(
            k for k in self.index if k not in self.word_keys and k not in self.gram_keys
        )
        # Only build the key sets this index can use.
        self.needs_words = bool(self.word_keys) or any(
            k.startswith(WORD) for covers in self.also.values() for keys, _ in covers for k in keys
        )
        self.needs_grams = bool(self.gram_keys) or any(
            len(k) == 4 and k[0] != WORD
            for covers in self.also.values()
            for keys, _ in covers
            for k in keys
        )

    def lookup(self, text: str, rule_ids: frozenset[str] | None) -> set[tuple[str, int]]:
        if not self.index and not self.always:
            return set()
        present: set[str] = set()
        found: set[tuple[str, int]] = set(self.always)
        if self.needs_words:
            words = word_keys(text)
            present.update(words)
            for key in words & self.word_keys:
                found |= self.index[key]
        if self.needs_grams:
            grams = fourgrams(text)
            present.update(grams)
            for key in grams & self.gram_keys:
                found |= self.index[key]
        has_digit = _DIGIT.search(text) is not None
        if has_digit:
            present.add(DIGIT)
        for key in self.other_keys:
            if key in text if key != DIGIT else has_digit:
                found |= self.index[key]
        kept = set()
        for candidate in found:
            if rule_ids is not None and candidate[0] not in rule_ids:
                continue
            also = self.also.get(candidate)
            if also and not all(
                not keys.isdisjoint(present) or any(k in text for k in short)
                for keys, short in also
            ):
                continue
            kept.add(candidate)
        return kept


def _apply(rule: Rule, numbers: list[int], form: Normalised, original: str) -> list[Signal]:
    """The rule's signals in the text: the first match for a risk (one is enough to decide),
    every match for personal information (each one must be masked, not only the first)."""
    every = rule.category == "personal_info"
    spans: list[tuple[int, int]] = []
    for number in numbers:
        pattern = rule.patterns[number]
        matches = pattern.finditer(form.text) if every else [pattern.search(form.text)]
        for match in matches:
            if match is None or match.end() == match.start():
                continue
            if not spans and any(u.search(form.text) for u in rule.unless):
                return []
            spans.append(form.span(match.start(), match.end()))
            if not every:
                break
        if spans and not every:
            break
    return [
        Signal(
            category=rule.category,
            kind=rule.kind,
            severity=rule.severity,
            rule=rule.id,
            span=(start, end),
            matched=original[start:end],
            explanation=rule.explanation,
            stage=rule.stage,
        )
        for start, end in sorted(set(spans))
    ]


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
