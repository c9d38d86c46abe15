"""Cue words and the speaker noun phrase next to a cue: ``NATO chief Jens Stoltenberg said``.

``CUE`` finds the speech cues of a text; ``cue_speaker`` reads the noun phrase that speaks
(the subject before the cue, the phrase after an inverted cue or ``according to``, an
apposition); ``split_role`` splits a phrase into name and role. Token scans, no parser: the
subject is the noun phrase next to the cue (textacy's ``direct_quotations`` takes the cue
verb's subject from a spaCy parse, which this pipeline cannot afford).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rules

SPEECH_CUE_SET = frozenset(rules.SPEECH_CUES)
FRAGMENT_CUE_SET = frozenset(rules.FRAGMENT_CUES)
INTRODUCING_CUES = frozenset(rules.INTRODUCING_CUES)
INVERTIBLE_CUES = frozenset(rules.INVERTIBLE_CUES)
AMBIGUOUS_CUES = frozenset(rules.AMBIGUOUS_CUES)
COMMA_INTRODUCERS = frozenset(rules.COMMA_INTRODUCERS)
CUE_SET = SPEECH_CUE_SET | FRAGMENT_CUE_SET | frozenset(rules.MULTIWORD_CUES)
# Word-by-word scan + set lookup: a 300-word regex alternation is ~10x slower per sentence.
CUE_HEADS = frozenset(w.split()[0] for w in CUE_SET) | frozenset(rules.CAPITALISED_CUE_HEADS)
SKIPPED_BEFORE_CUE = frozenset(rules.SKIPPED_BEFORE_CUE)
STOP_WORDS = frozenset(rules.STOP_WORDS)
DETERMINERS = frozenset(rules.DETERMINERS)
PRONOUNS = frozenset(rules.PRONOUNS)
DAYS = frozenset(rules.DAYS)
ROLE_WORDS = frozenset(rules.ROLE_WORDS)
NAME_SUFFIXES = frozenset(rules.NAME_SUFFIXES)
NAME_PARTICLES = frozenset(rules.NAME_PARTICLES)
ABBREVIATIONS = frozenset(rules.ABBREVIATIONS)
NOT_SPEAKER_HEADS = frozenset(rules.NOT_SPEAKER_HEADS)

_LOWER_WORD = re.compile(r"\b[A-Za-z]+\b")
_CANDIDATE = re.compile(r"\b(?:[Aa]ccording to|pointed out|[a-z]+)\b")
WORD_CHAR = re.compile(r"\w")
_DETERMINED = re.compile(r"(?:a|an|the|its|his|her|their)\s+(.+)")
_SPACE_BEFORE_APOSTROPHE = re.compile(r" ([’'])")
TOKEN = re.compile(r"[\w][\w.’‘'\-&]*|[^\w\s]")
# A name token: capitalised word, initials (``J.``), particles inside names.
NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zà-ÿ'’\-]+(?:[A-Z][a-z]+)*|[A-Z]\.|[A-Z][a-z]?\.)$")
POSSESSIVE = re.compile(r"(?:['’‘]s|['’‘])$")
RELATIVE = re.compile(r",\s*who(?:\s+(?:has|had|have|also|later|then|once))*$")
LEADING_NAME = re.compile(r"((?:[A-Z][\w’'\-.]*\s+){0,5}[A-Z][\w’'\-.]*)\s+[a-z]")
INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # `D.`, `U.S.`
PARENTHESIS = re.compile(r"\s*\([^()]{0,40}\)$")  # `Sen. Chris Murphy (D-Conn.)`
QUOTE_PLACEHOLDER = "QUOTE"  # stands for a quotation in the text around it (see extract._outside)


class _CueFinder:
    """``finditer``/``search`` over the cue words of a text (same API as a compiled pattern)."""

    @staticmethod
    def finditer(text: str):
        if CUE_HEADS.isdisjoint(_LOWER_WORD.findall(text)):
            return iter(())  # most sentences: one C-level scan, no Python loop
        return (m for m in _CANDIDATE.finditer(text) if m.group().lower() in CUE_SET)

    @staticmethod
    def search(text: str):
        return next(_CueFinder.finditer(text), None)


CUE = _CueFinder()


@dataclass
class Speaker:
    mention: str | None = None
    name: str | None = None
    role: str | None = None
    cue: str | None = None


def cue_speaker(text: str, cue: re.Match) -> Speaker | None:
    """Speaker of a cue: ``according to X``; inverted ``…, said X``; the subject before it,
    or an apposition ``the agency's chief, Jane Doe, said``."""
    word = cue.group().lower()
    if word == rules.ACCORDING_TO:
        return phrase_speaker(forward_phrase(text[cue.end() :]), word)
    before = text[: cue.start()].rstrip()
    if (
        (word in INVERTIBLE_CUES and before.endswith(","))
        or before.endswith(QUOTE_PLACEHOLDER)
        or before.endswith(QUOTE_PLACEHOLDER + " ,")
    ):
        found = phrase_speaker(forward_phrase(text[cue.end() :]), word)
        if found is not None:
            return found
    if before.endswith(","):
        return _apposition_speaker(before, word)
    relative = RELATIVE.search(before)
    if relative:  # `Grushko, who has described …`: the relative pronoun's antecedent speaks
        return phrase_speaker(backward_phrase(before[: relative.start()]), word)
    tokens = backward_phrase(before)
    speaker = phrase_speaker(tokens, word)
    if (
        speaker is not None
        and speaker.role is None
        and not is_person(speaker.name)
        and tokens[0].lower() in DETERMINERS
    ):
        rest = before[: len(before) - len(join(tokens))].rstrip()
        if rest.endswith(","):  # `Terrie Rizzo, the Democratic chair of the county said`
            head = backward_phrase(rest[:-1])
            name, _ = split_role(head) if head else (None, None)
            if head and is_person(name):
                return Speaker(mention=join(head), name=name, role=join(tokens[1:]), cue=word)
    return speaker


def _apposition_speaker(before: str, cue: str) -> Speaker | None:
    """An apposition right before a cue: ``DESCRIPTION, NAME, said`` or ``NAME, DESCRIPTION, said``.

    The name speaks and the description (``a spokesman for the campaign``, an age) is its role.
    """
    parts = before[:-1].split(",")
    last = parts[-1].strip()
    if not last or QUOTE_PLACEHOLDER in last:
        return None
    tokens = backward_phrase(last)
    name, role = split_role(tokens) if tokens else (None, None)
    if tokens and is_person(name) and len(join(tokens)) == len(last):
        if len(parts) >= 2:
            described = [t for t in backward_phrase(parts[-2].strip()) if t.lower() not in DETERMINERS]
            role = join(described) or role
        return Speaker(mention=join(tokens), name=name, role=role, cue=cue)
    if len(parts) < 2 or len(last.split()) > rules.MAX_APPOSITION_WORDS:
        return None
    head = backward_phrase(parts[-2].strip())
    if not head:
        return None
    name, role = split_role(head)
    if not is_person(name):
        return None
    described = _DETERMINED.match(last)
    return Speaker(mention=join(head), name=name, role=role or (described.group(1) if described else None), cue=cue)


def backward_phrase(before: str) -> list[str]:
    """The noun phrase ending ``before`` (auxiliaries, adverbs and days before the cue skipped)."""
    tokens = TOKEN.findall(PARENTHESIS.sub("", before[-rules.PHRASE_WINDOW_CHARS :]))
    while tokens and (tokens[-1].lower() in SKIPPED_BEFORE_CUE or (tokens[-1].islower() and tokens[-1].endswith("ly"))):
        tokens.pop()
    while tokens and tokens[-1].lower() in DAYS:  # `X on Tuesday said`
        tokens.pop()
    phrase: list[str] = []
    while tokens and len(phrase) < rules.MAX_SPEAKER_TOKENS:
        token = tokens[-1]
        low = token.lower()
        if not WORD_CHAR.match(token) or token == QUOTE_PLACEHOLDER or low in STOP_WORDS:
            break
        phrase.insert(0, tokens.pop())
        if low in DETERMINERS:
            break
    return phrase


def forward_phrase(after: str) -> list[str]:
    """The noun phrase opening ``after`` (an inverted cue's subject, ``according to``'s object)."""
    phrase: list[str] = []
    for token in TOKEN.findall(after[: rules.PHRASE_WINDOW_CHARS]):
        low = token.lower()
        run_on = phrase and rules.RUN_ON.get(phrase[-1].lower()) == low
        if not run_on and (
            not WORD_CHAR.match(token)
            or token == QUOTE_PLACEHOLDER
            or (low in STOP_WORDS and low != "of")
            or low in DAYS
        ):
            break
        if (
            phrase
            and low in DETERMINERS
            and rules.RUN_ON.get(phrase[-2].lower() if len(phrase) > 1 else "") != phrase[-1].lower()
        ):
            break
        if token.endswith(".") and token[:-1].lower() not in ABBREVIATIONS and not INITIAL.match(token):
            phrase.append(token[:-1])  # a sentence's full stop, not an abbreviation
            break
        if not phrase and token.islower() and token.endswith("ly"):
            continue  # `said only`, `said flatly`
        phrase.append(token)
        if len(phrase) >= rules.MAX_SPEAKER_TOKENS:
            break
    while phrase and phrase[-1].lower() in DETERMINERS | {"of"}:
        phrase.pop()
    return phrase


def phrase_speaker(tokens: list[str], cue: str) -> Speaker | None:
    """Speaker from a noun phrase's tokens, or None when it is no plausible speaker."""
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].lower() in PRONOUNS:
        return Speaker(mention=tokens[0], name=tokens[0].lower(), cue=cue)
    content = [t for t in tokens if t.lower() not in DETERMINERS]
    if not content or all(t.lower() in DAYS for t in content):
        return None
    if content[-1].lower() in PRONOUNS or content[-1].lower() in DETERMINERS:
        return None
    if cue in AMBIGUOUS_CUES and not (content[-1][:1].isupper() or content[-1].lower() in PRONOUNS):
        return None
    if content[-1].islower() and content[-1].endswith(("ed", "ing")) or content[-1].lower() in NOT_SPEAKER_HEADS:
        return None
    mention = join(tokens)
    name, role = split_role(tokens)
    return Speaker(mention=mention, name=name, role=role, cue=cue)


def join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _SPACE_BEFORE_APOSTROPHE.sub(r"\1", text)


def split_role(tokens: list[str]) -> tuple[str, str | None]:
    """(name, role) of a speaker phrase: the trailing run of name tokens is the name.

    ``NATO chief Jens Stoltenberg`` → (``Jens Stoltenberg``, ``NATO chief``). A phrase not ending
    in a name (``a senior European diplomat``) is a description: itself, no role. Titles are
    told from names by ROLE_WORDS and by all-caps acronyms (``NATO``, ``US``).
    """
    i = len(tokens)
    while i > 0:
        token = tokens[i - 1]
        low = token.lower()
        if token in NAME_SUFFIXES and i == len(tokens):
            i -= 1
            continue
        if low in ROLE_WORDS or (token.isupper() and len(token) > 1 and not token.endswith(".")):
            break
        if NAME_TOKEN.match(token) or (low in NAME_PARTICLES and i < len(tokens)):
            i -= 1
            continue
        break
    name_tokens = tokens[i:]
    if not name_tokens or POSSESSIVE.search(tokens[-1]):
        return join(
            [t for t in tokens if t.lower() not in DETERMINERS]
            if tokens[0].lower() == "the" and len(tokens) == 1
            else tokens
        ), None
    role_tokens = [t for t in tokens[:i] if t != ","]
    if role_tokens and role_tokens[0].lower() in DETERMINERS:
        role_tokens = role_tokens[1:]
    role = join(role_tokens) or None
    return join(name_tokens), role


def is_person(name: str | None) -> bool:
    return (
        bool(name)
        and all(NAME_TOKEN.match(t) or t.lower() in NAME_PARTICLES for t in name.split())
        and not name.isupper()
    )


def leading_subject(text: str) -> Speaker | None:
    """The person named at the start of a sentence (its subject), or None."""
    match = LEADING_NAME.match(text.strip())
    if not match:
        return None
    tokens = match.group(1).split()
    name, role = split_role(tokens)
    if not is_person(name):
        return None
    return Speaker(mention=join(tokens), name=name, role=role, cue=CUE.search(text).group().lower())
