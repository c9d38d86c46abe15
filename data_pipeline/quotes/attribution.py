"""Who speaks a quotation: an explicit, ordered list of attribution rules, and the article's memory.

``DIRECT_QUOTE_RULES`` are tried in order for a quotation; the first that names a speaker wins.
A quotation no rule attributes is no quote (a headline, heading or scare quote). Pronouns and
descriptions are resolved against ``ArticleMemory``: ``he``/``she`` to the article's most recent
person speaker or subject, a description (``Biden's spokeswoman``) to an earlier speaker whose
role ends with the same noun, when exactly one does. After the Gender Gap Tracker's quote
extractor (Asr et al. 2021): quote marks + speech verb + subject, then "floating" quotes that
continue the previous speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import rules
from .phrases import (
    CUE,
    FRAGMENT_CUE_SET,
    NAME_TOKEN,
    ROLE_WORDS,
    WORD_CHAR,
    Speaker,
    backward_phrase,
    cue_speaker,
    forward_phrase,
    is_person,
    join,
    leading_subject,
    phrase_speaker,
)

PERSON_PRONOUNS = frozenset(rules.PERSON_PRONOUNS)
INTRO = re.compile(r"^(?:(?:On|In|At|By|After|Before|Later|Earlier|But|And)\b[^,]{0,40},\s*)")  # `On Tuesday, `
# capitalised words, an optional apposition (`Joel Bradshaw, 39,`), then a verb
SUBJECT = re.compile(r"((?:[A-Z][\w’'\-]+\s+){0,3}[A-Z][\w’'\-]+)(?:,[^,]{1,40},)?\s+[a-z]")
SURNAME_FOLLOWERS = ("", " ", ",", ".", "’", "'")  # what may follow a surname that ends a full name


@dataclass
class ArticleMemory:
    """Per-article memory for pronoun, description and continuation resolution."""

    last_person: str | None = None
    roles: dict = field(default_factory=dict)  # role head noun -> set of names
    last_quote_speaker: Speaker | None = None
    last_quote_paragraph: int = -10
    open_speaker: Speaker | None = None  # speaker of a quote left open at paragraph end
    colon_speaker: Speaker | None = None  # speaker of a paragraph ending `X said:`
    people: dict = field(default_factory=dict)  # surname -> full name named earlier (or None)


@dataclass(frozen=True)
class Quotation:
    """A quotation and what its attribution rules may read."""

    body: str
    span: object  # extract.Span
    index: int  # its place among the paragraph's quotations
    kind: str
    members: list  # the paragraph's sentences (sentence_id, start, end, paragraph)
    first: int  # index in members of the sentence holding its start
    last: int  # … and its end
    outside: str  # its sentence(s) with every quotation replaced by QUOTE
    quote_at: tuple[int, int]  # where this quotation's QUOTE sits in ``outside``
    memory: ArticleMemory
    continuing: Speaker | None  # speaker of a quote left open at the previous paragraph's end
    colon: Speaker | None  # speaker announced by the previous paragraph's closing colon
    after_full_quote: bool  # the paragraph's previous quotation was a full one


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    also_quoted: int | None = None  # a further sentence (index in members) that is only the attribution


def cue_nearby(q: Quotation) -> Attribution | None:
    """The closest speech cue of the quote's sentence(s) and its subject (``"…," X said``)."""
    best: tuple[int, Speaker] | None = None
    for cue in CUE.finditer(q.outside):
        distance = min(abs(cue.start() - q.quote_at[1]), abs(cue.end() - q.quote_at[0]))
        if distance > rules.MAX_CUE_DISTANCE:
            continue  # bounded work per quote, even in a pathological run-on "sentence"
        speaker = cue_speaker(q.outside, cue)
        if speaker is None:
            continue
        if cue.group().lower() in FRAGMENT_CUE_SET and q.kind == "full":
            continue
        if best is None or distance < best[0]:
            best = (distance, speaker)
    if best is None and q.kind == "partial" and CUE.search(q.outside):
        best = (0, leading_subject(q.outside))  # `X spoke … to insist the alliance "…"`
    if best is None or best[1] is None:
        return None
    return Attribution(resolved(best[1], q.memory))


def carried_over(q: Quotation) -> Attribution | None:
    """A paragraph opening with a quote continues a quote left open at the previous one's end."""
    if q.index == 0 and q.continuing is not None and q.span.opens_paragraph:
        return Attribution(q.continuing)
    return None


def announced_by_colon(q: Quotation) -> Attribution | None:
    """``X told the audience:`` ending the previous paragraph announces this one's quote."""
    if q.index == 0 and q.colon is not None and q.span.opens_paragraph:
        return Attribution(q.colon)
    return None


def attribution_next(q: Quotation) -> Attribution | None:
    """``"…!" / Trump said on Twitter.``: a full quote followed by a sentence that only attributes."""
    end = q.members[q.last][2]
    if q.kind != "full" or q.last + 1 >= len(q.members) or WORD_CHAR.search(q.body[q.span.end : end]):
        return None
    _, start, stop, _ = q.members[q.last + 1]
    speaker = attribution_sentence(q.body, start, stop)
    if speaker is None:
        return None
    return Attribution(resolved(speaker, q.memory), also_quoted=q.last + 1)


def continues_previous(q: Quotation) -> Attribution | None:
    """A full quote with no cue continues the previous quote's speaker (a "floating" quote)."""
    memory = q.memory
    if q.kind != "full" or memory.last_quote_speaker is None:
        return None
    recent = q.span.paragraph - memory.last_quote_paragraph <= rules.CONTINUATION_PARAGRAPHS
    if not (q.after_full_quote or recent):
        return None
    return Attribution(Speaker(**vars(memory.last_quote_speaker)))


DIRECT_QUOTE_RULES: tuple[Callable[[Quotation], Attribution | None], ...] = (
    cue_nearby,
    carried_over,
    announced_by_colon,
    attribution_next,
    continues_previous,
)


def attribute(q: Quotation) -> Attribution | None:
    """The first rule of DIRECT_QUOTE_RULES that names a speaker, or None."""
    for rule in DIRECT_QUOTE_RULES:
        found = rule(q)
        if found is not None:
            return found
    return None


def attribution_sentence(body: str, start: int, end: int) -> Speaker | None:
    """The speaker of a short sentence that is only an attribution (``Trump said on Twitter.``)."""
    text = body[start:end].strip()
    if len(text.split()) > rules.MAX_ATTRIBUTION_WORDS:
        return None
    cue = CUE.search(text)
    if cue is None or cue.group().lower() in FRAGMENT_CUE_SET:
        return None
    before = text[: cue.start()].strip()
    if not before:
        return phrase_speaker(forward_phrase(text[cue.end() :]), cue.group().lower())
    tokens = backward_phrase(before)
    if not tokens or len(join(tokens)) != len(before):
        return None
    return phrase_speaker(tokens, cue.group().lower())


def colon_speaker(text: str, memory: ArticleMemory) -> Speaker | None:
    """The speaker announced by a sentence ending in a colon (``Jared Potts echoed:``)."""
    for cue in CUE.finditer(text):
        if cue.group().lower() in FRAGMENT_CUE_SET:
            continue
        speaker = cue_speaker(text, cue)
        if speaker is not None:
            return resolved(speaker, memory)
    return None


def resolved(speaker: Speaker, memory: ArticleMemory) -> Speaker:
    """Pronouns to the article's last person; descriptions to a unique earlier speaker of that role.

    A named person becomes the article's last person (and is remembered under its role's noun).
    """
    name = speaker.name or ""
    if name in PERSON_PRONOUNS:
        if memory.last_person is None:
            return speaker
        return Speaker(mention=speaker.mention, name=memory.last_person, role=speaker.role, cue=speaker.cue)
    if speaker.role is None and not is_person(name):
        head = name.split()[-1].lower() if name else ""
        candidates = memory.roles.get(head, set())
        if len(candidates) == 1 and not name.lower().startswith(("a ", "an ")):
            return Speaker(mention=speaker.mention, name=next(iter(candidates)), cue=speaker.cue)
    if is_person(name):
        memory.last_person = name
        if speaker.role:
            memory.roles.setdefault(speaker.role.split()[-1].lower(), set()).add(name)
    return speaker


def note_subject(text: str, memory: ArticleMemory, earlier: str) -> None:
    """Remember a person who is the subject of a sentence without a cue (`On Tuesday, Sherman was…`).

    The subject counts when it is a person named in full earlier in the article (``earlier``:
    the body up to this sentence), e.g. ``Sherman`` after ``Wendy Sherman``.
    """
    match = SUBJECT.match(INTRO.sub("", text.strip(), count=1))
    if not match:
        return
    surname = match.group(1).split()[-1]
    if memory.last_person and surname == memory.last_person.split()[-1]:
        return
    if surname not in memory.people:
        full, at = None, earlier.find(" " + surname)
        while at > 0:  # the last `First Surname` before this sentence
            words = [
                w
                for w in earlier[max(0, at - rules.SURNAME_LOOKBACK_CHARS) : at].split()[-rules.FIRST_NAME_WORDS :]
                if NAME_TOKEN.match(w) and w.lower() not in ROLE_WORDS
            ]
            if words and earlier[at + 1 + len(surname) : at + 2 + len(surname)][:1] in SURNAME_FOLLOWERS:
                full = " ".join([*words, surname])
            at = earlier.find(" " + surname, at + 1)
        memory.people[surname] = full
    if memory.people[surname]:
        memory.last_person = memory.people[surname]
