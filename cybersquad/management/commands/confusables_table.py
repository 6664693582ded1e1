"""Write cybersquad/confusables.py, the look-alike letters pseudonyms are read with, from
Unicode's confusables.txt (UTS #39, Unicode Security Mechanisms).

    .venv/bin/python manage.py confusables_table path/to/confusables.txt

No package that ships Unicode's data in a usable form is kept up well enough to depend on, so
the table is generated once and committed. confusables.txt maps each character to a prototype
it can be mistaken for; we keep the characters whose prototype is made of Latin letters or
digits (combining marks dropped: "ø" → "o̸" reads "o"), so "Μ" (Greek) reads "M" and "Ꮯ"
(Cherokee) reads "C". Three things the data leaves out are added, each named below: small
capitals ("ᴍ", "ʀ", which Unicode maps to other small letters) read as their letter; the two
non-Latin prototypes that stand for a Latin letter ("ʍ" for m, "ĸ" for k); and a capital
whose prototype is "l" reads "I" (a Greek "Ι" is an I, however much it looks like an l).

Also written: the scripts a pseudonym may not mix with Latin letters. UTS #39's "moderately
restrictive" level refuses Latin with Greek or Cyrillic; scripts it does not recommend for
identifiers (UAX #31, table 5) and that hold Latin look-alikes (Cherokee, Lisu, Coptic…)
are refused too. The script is read from the characters' names ("GREEK CAPITAL LETTER MU").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUTPUT = Path(__file__).resolve().parents[2] / "confusables.py"

# Prototypes that are not Latin letters themselves but stand for one.
PROTOTYPE_LETTERS = {"ʍ": "m", "ĸ": "k"}
# UAX #31 table 5 (recommended scripts), by the first word of their characters' names, less
# Greek and Cyrillic: a Latin pseudonym may contain letters of these.
RECOMMENDED_WITH_LATIN = frozenset(
    {
        "ARABIC", "ARMENIAN", "BENGALI", "BOPOMOFO", "DEVANAGARI", "ETHIOPIC", "GEORGIAN",
        "GUJARATI", "GURMUKHI", "CJK", "HANGUL", "HEBREW", "HIRAGANA", "KANNADA", "KATAKANA",
        "KHMER", "LAO", "LATIN", "MALAYALAM", "MYANMAR", "ORIYA", "SINHALA", "TAMIL", "TELUGU",
        "THAANA", "THAI", "TIBETAN",
    }
)  # fmt: skip
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


def small_capital(char: str) -> str | None:
    found = _SMALL_CAPITAL.fullmatch(unicodedata.name(char, ""))
    return found.group(1).lower() if found else None


def as_latin(prototype: str) -> str | None:
    """The Latin letters and digits a prototype is made of, or None if it is anything else."""
    out = []
    for char in unicodedata.normalize("NFD", prototype):
        if unicodedata.category(char) == "Mn":
            continue
        latin = (
            (char if char.isascii() and char.isalnum() else None)
            or small_capital(char)
            or PROTOTYPE_LETTERS.get(char)
        )
        if latin is None:
            return None
        out.append(latin)
    return "".join(out)


def read_confusables(path: Path) -> tuple[dict[str, str], str]:
    """confusables.txt's single-character sources and their prototypes, and its version."""
    text = path.read_text(encoding="utf-8-sig")
    version = re.search(r"^# Version: (\S+)", text, re.M)
    date = re.search(r"^# Date: ([^,]+)", text, re.M)
    if not version:
        raise CommandError(f"{path} does not look like Unicode's confusables.txt")
    mapping = {}
    for line in text.splitlines():
        fields = [field.strip() for field in line.split("#", 1)[0].split(";")]
        if len(fields) < 3 or " " in fields[0]:
            continue
        mapping[chr(int(fields[0], 16))] = "".join(chr(int(c, 16)) for c in fields[1].split())
    return mapping, f"{version.group(1)} ({date.group(1) if date else 'undated'})"


def build(mapping: dict[str, str]) -> dict[str, str]:
    table = {}
    for source, prototype in mapping.items():
        # ASCII is read by the code itself (a "1" is not an "l" everywhere), and what NFKC
        # changes never reaches the table.
        if source.isascii() or unicodedata.normalize("NFKC", source) != source:
            continue
        latin = as_latin(prototype)
        if latin:
            if latin == "l" and unicodedata.category(source) == "Lu":
                latin = "I"
            table[source] = latin
    for code in range(0x80, 0x110000):
        char = chr(code)
        letter = small_capital(char)
        if letter and unicodedata.normalize("NFKC", char) == char:
            table[char] = letter
    return dict(sorted(table.items()))


def lookalike_scripts(table: dict[str, str]) -> list[str]:
    letters = Counter(
        unicodedata.name(char, "?").split()[0]
        for char, latin in table.items()
        if unicodedata.category(char).startswith("L") and latin.isalpha()
    )
    return sorted(script for script in letters if script not in RECOMMENDED_WITH_LATIN)


def render(table: dict[str, str], scripts: list[str], version: str) -> str:
    lines = [
        '"""Letters of other scripts, and styled Latin ones, and the Latin letters they look',
        "like: how cybersquad/pseudonyms.py reads a pseudonym.",
        "",
        "Generated, do not edit: `manage.py confusables_table confusables.txt`, from Unicode's",
        f"confusables.txt (UTS #39), version {version}; see that command for what is kept and",
        'added. Each line names the character."""',
        "",
        "LATIN_LOOKALIKES = {",
    ]
    for char, latin in table.items():
        entry = (
            f'    "\\u{ord(char):04x}": "{latin}",'
            if ord(char) <= 0xFFFF
            else (f'    "\\U{ord(char):08x}": "{latin}",')
        )
        name = unicodedata.name(char, "").title()
        lines.append(f"{entry}  # {name}"[:100].rstrip())
    lines.append("}")
    lines.append("")
    lines.append(
        "# Scripts whose letters a Latin pseudonym may not contain (first word of their names)."
    )
    lines.append("LOOKALIKE_SCRIPTS = frozenset(")
    lines.append("    {")
    lines.extend(f'        "{script}",' for script in scripts)
    lines.append("    }")
    lines.append(")")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Generate cybersquad/confusables.py from Unicode's confusables.txt (UTS #39)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("confusables", type=Path, help="Unicode's confusables.txt")

    def handle(self, *args, confusables: Path, **options) -> None:
        mapping, version = read_confusables(confusables)
        table = build(mapping)
        scripts = lookalike_scripts(table)
        OUTPUT.write_text(render(table, scripts, version), encoding="utf-8")
        self.stdout.write(f"{len(table)} letters, {len(scripts)} scripts -> {OUTPUT}")
