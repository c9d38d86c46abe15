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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from . import roles, rules
from .phrases import (
    COMMON_PERSON_HEADS,
    CUE,
    CUE_SET,
    FRAGMENT_CUE_SET,
    HONORIFICS,
    NAME_SUFFIXES,
    NAME_TOKEN,
    NATIONALITIES,
    NON_NAME_PRONOUNS,
    PLACES,
    POSSESSIVE,
    QUOTE_PLACEHOLDER,
    ROLE_WORDS,
    SENTENCE_OPENERS,
    WORD_CHAR,
    Speaker,
    backward_phrase,
    cue_speaker,
    forward_phrase,
    is_junk,
    is_participle,
    is_person,
    join,
    leading_subject,
    phrase_speaker,
    speaker_type,
    split_role,
)

PERSON_PRONOUNS = frozenset(rules.PERSON_PRONOUNS)
DOCUMENT_NOUNS = frozenset(rules.DOCUMENT_NOUNS)
MEDIA_NOUNS = frozenset(rules.MEDIA_NOUNS)
DESCRIPTION_HEAD_ENDS = frozenset(rules.DESCRIPTION_HEAD_ENDS)
DETERMINERS = frozenset(rules.DETERMINERS)
FEMALE_WORDS = frozenset(rules.FEMALE_WORDS)
MALE_WORDS = frozenset(rules.MALE_WORDS)
# two to four capitalised name words (`Paulina Pepaola`, `Jon M. Huntsman`)
FULL_NAME = re.compile(r"\b[A-Z][a-zà-ÿ'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zà-ÿ'’\-]+)){1,3}\b")
PARTICIPLE_CLAUSE = re.compile(r",\s*\w+ing\b")
# what runs on after the head of an anonymous source's description
DESCRIPTION_RUN_ON = r"(?:familiar with|close to|with (?:direct )?knowledge of|briefed on|involved in|who)"
CLAUSE_OPENERS = frozenset(rules.PRONOUNS) | {"that", "and"}
SKIPPED_BEFORE_CUE = frozenset(rules.SKIPPED_BEFORE_CUE)
CLAUSE_BREAK = re.compile(r"[,;:.!?()—–\-]\s")
NON_PERSON_PRONOUNS = frozenset(rules.NON_NAME_PRONOUNS) - PERSON_PRONOUNS
INTRO = re.compile(r"^(?:(?:On|In|At|By|After|Before|Later|Earlier|But|And)\b[^,]{0,40},\s*)")  # `On Tuesday, `
# capitalised words, an optional apposition (`Joel Bradshaw, 39,`), then a verb
SUBJECT = re.compile(r"((?:[A-Z][\w’'\-]+\s+){0,3}[A-Z][\w’'\-]+)(?:,[^,]{1,40},)?\s+[a-z]")
_OPENING_MARKS = '“„"`« '
CLOSING_PUNCTUATION = (",", "?", "!", ".", "'", "’")
SURNAME_FOLLOWERS = ("", " ", ",", ".", "’", "'")  # what may follow a surname that ends a full name


@dataclass
class ArticleMemory:
    """Per-article memory for pronoun, description and continuation resolution."""

    last_person: str | None = None
    roles: dict = field(default_factory=dict)  # person -> Counter of role keys (see roles.role_key)
    last_quote_speaker: Speaker | None = None
    last_quote_paragraph: int = -10
    position: int = 0  # offset of the quotation or sentence being attributed
    last_person_at: int = 0  # … when the last person was remembered
    genders: dict = field(default_factory=dict)  # person -> "f", "m" or None (not told by the article)
    last_organisation: str | None = None  # the organisation the article named last as a speaker
    descriptions: dict = field(default_factory=dict)  # head noun -> the article's fullest anonymous description
    open_speaker: Speaker | None = None  # speaker of a quote left open at paragraph end
    colon_speaker: Speaker | None = None  # speaker of a paragraph ending `X said:`
    people: dict = field(default_factory=dict)  # surname -> (offset searched to, full name found before it)
    counts: dict = field(default_factory=dict)  # surname -> occurrences in the body
    body: str = ""  # the article's body
    full_names: dict = field(default_factory=dict)  # surname -> the one full name the article gives it (or None)
    honorifics: dict | None = None  # first letter after `Mr. ` -> [(offset after `Mr. `, `Mr`), …], found on first need
    introduced: dict = field(default_factory=dict)  # head noun -> the body's first fuller description (or None)


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
    # a quote closed by its own punctuation (`"…,'" said Trump`) may be followed by an inverted cue
    inverted = "full" if q.body[q.span.end - 1 : q.span.end] in CLOSING_PUNCTUATION else q.kind
    found = _closest_cue_speaker(q.outside, q.quote_at, inverted, q.kind)
    if found is None:
        return None
    # `Trump declined … — "…," he said`: the pronoun is the sentence's own subject
    return Attribution(in_article(found, q.outside, q.memory, q.members[q.first][1]))


def in_article(reading: tuple, subject_text: str, memory: ArticleMemory, before: int) -> Speaker:
    """A speaker read from the text alone, ``(mention, name, role, cue)``, as the article names it:
    a pronoun is the subject ``subject_text`` opens with (when the article named that person in
    full before offset ``before``), then ``resolved`` against the article's memory."""
    mention, name, role, cue = reading
    if name in PERSON_PRONOUNS:
        subject = sentence_subject(subject_text, memory, before)
        name = name if subject is None else subject
    return resolved(Speaker(mention=mention, name=name, role=role, cue=cue), memory)


@lru_cache(maxsize=rules.SENTENCE_MEMO_SIZE)
def _closest_cue_speaker(outside: str, quote_at: tuple[int, int], inverted: str, kind: str):
    """``cue_nearby``'s reading of the text alone, as ``(mention, name, role, cue)`` or None:
    remembered per process, since wire copy repeats a quotation's sentence across outlets."""
    best: tuple[tuple[bool, int], Speaker] | None = None
    previous = None  # the last speech cue before this one
    for cue in CUE.finditer(outside):
        outer, previous = previous, cue
        distance = min(abs(cue.start() - quote_at[1]), abs(cue.end() - quote_at[0]))
        if distance > rules.MAX_CUE_DISTANCE:
            continue  # bounded work per quote, even in a pathological run-on "sentence"
        # `Putin said he and Trump have maintained contact but "…"`: the outer cue's speaker first
        embedded = outer is not None and _embedded(outside[outer.end() : cue.start()])
        speaker = cue_speaker(outside, cue, inverted)
        if speaker is None:
            continue
        if cue.group().lower() in FRAGMENT_CUE_SET and kind == "full":
            continue
        # a named speaker before a cue whose subject names no one; a speech verb's subject before the
        # medium of `according to` (`Nielsen added that … "…," according to Time`)
        rank = (speaker.name is None, embedded, cue.group().lower() == rules.ACCORDING_TO, distance)
        if best is None or rank < best[0]:
            best = (rank, speaker)
    unnamed = best is None or best[1].name is None or best[1].name.lower() in NON_PERSON_PRONOUNS
    if unnamed and kind == "partial" and CUE.search(outside):
        lead = leading_subject(outside)  # `X spoke … to insist the alliance "…"`
        if lead is not None or best is None:
            best = ((False, False, False, 0), lead)
    if best is None or best[1] is None:
        return None
    speaker = best[1]
    return speaker.mention, speaker.name, speaker.role, speaker.cue


def _embedded(between: str) -> bool:
    """Whether a cue sits in the reported clause of the cue before it: only a few words, no
    punctuation and no quotation between them (`said that Trump should tell`, `said he and Trump have
    maintained`); its subject is then reported, not speaking."""
    if QUOTE_PLACEHOLDER in between or CLAUSE_BREAK.search(between) or len(between.split()) > rules.MAX_EMBEDDED_WORDS:
        return False
    words = between.split()
    while words and words[-1].lower() in SKIPPED_BEFORE_CUE:
        words.pop()  # `should`, `have`
    subject = backward_phrase(" ".join(words))
    rest = words[: len(words) - len(subject)]
    # only `that` or a pronoun joined to the subject may open the clause (not `asked for a photo and`)
    return all(w.lower() in CLAUSE_OPENERS for w in rest)


def speaker_label(q: Quotation) -> Attribution | None:
    """A transcript's label: ``Former secretary of state Hillary Rodham Clinton: "…"``."""
    start = q.members[q.first][1]
    label = q.body[start : q.span.start].rstrip(_OPENING_MARKS)
    if not label.endswith(":"):
        return None
    tokens = backward_phrase(label[:-1])
    if not tokens or len(tokens) > rules.MAX_LABEL_WORDS or len(join(tokens)) != len(label[:-1].strip()):
        return None
    name, role = split_role(tokens)
    if not is_person(name):
        return None
    return Attribution(resolved(Speaker(mention=join(tokens), name=name, role=role), q.memory))


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


def unnamed_adjacent_cue(q: Quotation) -> Attribution | None:
    """A speech cue right next to the quote whose subject names no one (`"…," says a source
    involved in …`): a quotation all the same, with no speaker."""
    for cue in CUE.finditer(q.outside):
        distance = min(abs(cue.start() - q.quote_at[1]), abs(cue.end() - q.quote_at[0]))
        if distance <= rules.ADJACENT_CUE_CHARS and cue.group().lower() not in FRAGMENT_CUE_SET:
            return Attribution(Speaker(cue=cue.group().lower()))
    return None


DIRECT_QUOTE_RULES: tuple[Callable[[Quotation], Attribution | None], ...] = (
    cue_nearby,
    speaker_label,
    carried_over,
    announced_by_colon,
    attribution_next,
    continues_previous,
    unnamed_adjacent_cue,
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
    cue = CUE.search(text)
    comma = text.find(",", cue.end()) if cue is not None else -1
    if comma > 0 and PARTICIPLE_CLAUSE.match(text, comma):
        text = text[:comma]  # `Trump wrote, referencing …`: the attribution ends at the participle clause
    if len(text.split()) > rules.MAX_ATTRIBUTION_WORDS:
        return None
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
    """Pronouns to the article's last person, role descriptions to the article's holder of that role.

    A named person becomes the article's last person (and is remembered with its role). A pronoun
    that cannot be resolved names nobody: ``name`` None, the mention kept.
    """
    name = speaker.name or ""
    if name in PERSON_PRONOUNS:
        person = pronoun_person(name, memory)
        return Speaker(mention=speaker.mention, name=person, role=speaker.role, cue=speaker.cue)
    if name.lower() in NON_NAME_PRONOUNS or (name and is_junk(name)):
        return Speaker(mention=speaker.mention, name=None, role=speaker.role, cue=speaker.cue)
    if (
        len(name.split()) == 1
        and name.endswith("s")
        and name[:1].isupper()
        and (name.lower() in COMMON_PERSON_HEADS or (is_person(name) and _in_lower_case(name, memory.body)))
    ):
        name = name.lower()  # `Aides said`: a plural noun opening a sentence (`aides`), no one's name
        speaker = Speaker(mention=speaker.mention, name=name, role=speaker.role, cue=speaker.cue)
    if speaker.role is None and not is_person(name) and roles.is_description(speaker.mention):
        found = roles.holder(roles.role_key(speaker.mention), memory.roles)
        if found is not None:
            return Speaker(mention=speaker.mention, name=found, cue=speaker.cue)
    if name and not is_person(name):
        kind = speaker_type(name, speaker.role)
        if kind == "organisation":
            memory.last_organisation = name
        elif kind == "anonymous":
            return _description(speaker, memory)
    if is_person(name) and len([w for w in name.split() if w not in NAME_SUFFIXES]) == 1:
        full = article_full_name(name, memory)  # `Trump Jr.` → `Donald Trump Jr.` too
        if full is not None:  # `Lafontant` after `Haitian Prime Minister Jack Guy Lafontant`
            speaker = Speaker(mention=speaker.mention, name=full, role=speaker.role, cue=speaker.cue)
            name = full
    if is_person(name):
        remember_person(name, memory)
        key = roles.role_key(speaker.role)
        if key is not None:
            memory.roles.setdefault(name, Counter())[key] += 1
    return speaker


def _in_lower_case(word: str, body: str) -> bool:
    """Whether the body has ``word`` in lower case as a word of its own."""
    lower = word.lower()
    at = body.find(lower)
    while at >= 0:
        if _word_edge(body, at) and _word_edge(body, at + len(lower)):
            return True
        at = body.find(lower, at + 1)
    return False


def remember_person(name: str, memory: ArticleMemory) -> None:
    memory.last_person, memory.last_person_at = name, memory.position


def pronoun_person(pronoun: str, memory: ArticleMemory) -> str | None:
    """The person `he`/`she` stands for: the article's last person, unless the article tells that
    person's sex and it disagrees (`Mr. Trump` for `she`); then the nearest person named in full since,
    in this paragraph or the one before, whose sex does not disagree, else nobody."""
    last = memory.last_person
    want = "f" if pronoun == "she" else "m"
    if last is None or _gender(last, memory) in (None, want):
        return last
    body, at = memory.body, memory.position
    paragraph = body.rfind("\n\n", 0, body.rfind("\n\n", 0, at) if at else 0)
    window = body[max(memory.last_person_at, paragraph, 0) : at]
    named = [
        split_role(m.group().split())[0] for m in FULL_NAME.finditer(window) if not POSSESSIVE.match(window, m.end())
    ]
    named = [n for n in reversed(named) if len(n.split()) >= 2 and is_person(n) and n.split()[-1] != last.split()[-1]]
    for told in (want, None):  # a person the article says is a woman (for `she`) before one it says nothing of
        found = next((n for n in named if _gender(n, memory) == told), None)
        if found is not None:
            return found
    return None


def _gender(name: str, memory: ArticleMemory) -> str | None:
    """``f``/``m`` when the article tells (honorifics before the surname, a gendered apposition or role), else None."""
    if name not in memory.genders:
        body, surname = memory.body, name.split()[-1]
        if memory.honorifics is None:  # once per article, not a pattern compiled per name
            memory.honorifics = {}
            for m in _HONORIFIC.finditer(body):
                memory.honorifics.setdefault(body[m.end() : m.end() + 1], []).append((m.end(), m.group(1)))
        honorifics = {
            h
            for end, h in memory.honorifics.get(surname[:1], ())
            if body.startswith(surname, end) and _word_edge(body, end + len(surname))
        }
        told = set()
        if honorifics & {"Mrs", "Ms", "Miss"}:
            told.add("f")
        if "Mr" in honorifics:
            told.add("m")
        described = _described(name, body)
        for word in [described.group(1).lower()] if described else []:
            told |= {"f"} if word in FEMALE_WORDS else {"m"} if word in MALE_WORDS else set()
        for head, _ in memory.roles.get(name, ()):
            told |= {"f"} if head in FEMALE_WORDS else {"m"} if head in MALE_WORDS else set()
        memory.genders[name] = next(iter(told)) if len(told) == 1 else None
    return memory.genders[name]


_HONORIFIC = re.compile(r"\b(Mrs|Ms|Miss|Mr)\.? ")
_DESCRIPTION_AFTER_NAME = re.compile(r",\s+(?:an?|the)\s+(?:[\w\-]+\s+){0,4}?(\w+)\b")


def _described(name: str, body: str) -> re.Match | None:
    """The first apposition describing ``name`` (`Jane Doe, a spokeswoman for …`); group 1 is its last word read."""
    at = body.find(name + ",")
    while at >= 0:
        found = _DESCRIPTION_AFTER_NAME.match(body, at + len(name))
        if found is not None:
            return found
        at = body.find(name + ",", at + 1)
    return None


def _word_edge(text: str, at: int) -> bool:
    """Whether ``at`` is a word boundary of ``text`` (as ``\\b``)."""

    def word(i: int) -> bool:
        return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")

    return word(at - 1) != word(at)


def _description(speaker: Speaker, memory: ArticleMemory) -> Speaker:
    """An anonymous description: a document names nobody (`the indictment says`); a bare definite
    noun refers back (`the source` → the article's `source with knowledge of the discussions`,
    `the paper` → the news organisation named last) or, with nothing to refer to, names nobody;
    a fuller description is remembered by its head noun."""
    words = [w for w in (speaker.name or "").split() if w.lower() not in DETERMINERS]
    lowered = [w.lower() for w in words]
    cut = next((i for i, w in enumerate(lowered) if i > 0 and w in DESCRIPTION_HEAD_ENDS), len(lowered))
    head = lowered[cut - 1] if cut else ""
    nobody = Speaker(mention=speaker.mention, name=None, role=speaker.role, cue=speaker.cue)
    if head in DOCUMENT_NOUNS:
        owner = [POSSESSIVE.sub("", w) for w in words[: cut - 1] if w[:1].isupper()]
        owner_name = " ".join(owner)
        if owner and owner == [POSSESSIVE.sub("", w) for w in words[: len(owner)]] and not is_junk(owner_name):
            owned = any(POSSESSIVE.search(w) for w in words[: cut - 1])
            if speaker_type(owner_name) == "organisation" or (owned and is_person(owner_name)):
                # `the IMF report`, `Mueller's indictment`: the owner's words (not `Big banners`)
                return resolved(Speaker(mention=speaker.mention, name=owner_name, cue=speaker.cue), memory)
        return nobody
    if len(words) > 1:
        memory.descriptions[head] = speaker.name
        return speaker
    if not words or not words[0].islower():
        return speaker  # `the IMF`: a name
    definite = (speaker.mention or "").split()[:1] in (["the"], ["The"])
    if not definite or roles.is_description(speaker.mention):  # `the president`: the corpus may know who
        return speaker  # `officials said`, `investigators say`: a description of its own
    if head in MEDIA_NOUNS and memory.last_organisation:
        return Speaker(mention=speaker.mention, name=memory.last_organisation, cue=speaker.cue)
    found = memory.descriptions.get(head) or _introduced(head, memory)
    return Speaker(mention=speaker.mention, name=found, cue=speaker.cue) if found else nobody


def _introduced(head: str, memory: ArticleMemory) -> str | None:
    """The article's first fuller description with that head noun (`a source familiar with the
    discussion` for `the source`), wherever it stands (an `according to` the row did not read)."""
    if head not in memory.introduced:
        found = None
        # the head noun followed by its run-on is searched first (a pattern opening with the noun is
        # fast to search); the whole description's pattern is tried at every character
        if head.isalpha() and head in memory.body and _run_on(head).search(memory.body):
            found = _introduction(head).search(memory.body)
        memory.introduced[head] = found.group(0).strip() if found else None
    return memory.introduced[head]


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def _run_on(head: str) -> re.Pattern:
    return re.compile(rf"{head}\s+{DESCRIPTION_RUN_ON}\s+[^,.;:()—\"“”]")


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def _introduction(head: str) -> re.Pattern:
    return re.compile(
        rf"\b(?:[Aa]n?|[Tt]he)\s+(?:[A-Za-z.\-]+\s+){{0,3}}?{head}\s+{DESCRIPTION_RUN_ON}\s+[^,.;:()—\"“”]{{1,60}}"
    )


def article_full_name(surname: str, memory: ArticleMemory) -> str | None:
    """The full name the article gives a surname, when it gives it exactly one first name
    (`Jack Guy Lafontant`); None when it gives none or several (`Donald Trump`, `Melania Trump`),
    or puts a title in place of the first name (`President Trump`: the corpus decides)."""
    if surname not in memory.full_names:
        firsts, titled = set(), False
        body, at = memory.body, memory.body.find(surname)
        while at >= 0:
            after = body[at + len(surname) : at + len(surname) + 1]
            if at > 0 and body[at - 1] == " " and not after.isalnum():
                given = body[max(0, at - rules.SURNAME_LOOKBACK_CHARS) : at].split()[-2 * rules.FIRST_NAME_WORDS :]
                if given and (given[-1].lower() in ROLE_WORDS or given[-1] in HONORIFICS):
                    titled = True
                if given and not _may_be_first_name(given[-1]):
                    given = []  # `said Trump`: the word before is no name word, so no first name here
                name, _ = split_role([*given, *surname.split()]) if given else ("", None)
                words = name.split()[: -len(surname.split())]
                if (
                    words
                    and all(NAME_TOKEN.match(w) and not is_participle(w) for w in words)
                    and words[-1] not in NAME_SUFFIXES
                ):
                    firsts.add(" ".join(words))
            at = body.find(surname, at + len(surname))
        firsts = {f for f in firsts if not any(g != f and g.endswith(" " + f) for g in firsts)}
        memory.full_names[surname] = f"{next(iter(firsts))} {surname}" if len(firsts) == 1 and not titled else None
    return memory.full_names[surname]


def _may_be_first_name(word: str) -> bool:
    """Whether a word before a surname may end a first name: a name word, or one a split may join to
    the word before it (`O ’Neil`, a space before an apostrophe)."""
    if word[:1] in rules.APOSTROPHES:
        return True
    # a cue word is never a first name (a headline's `Group Asks Spotify to …`)
    return NAME_TOKEN.match(word) is not None and not is_participle(word) and word.lower() not in CUE_SET


def sentence_subject(text: str, memory: ArticleMemory, before: int) -> str | None:
    """The person a sentence opens with as its subject (`On Tuesday, Sherman was…`), when the
    article named them in full before offset ``before`` (the sentence's start), else None."""
    surname = _opening_surname(text)
    if surname is None:
        return None
    if memory.last_person and surname == memory.last_person.split()[-1]:
        return memory.last_person
    found = _full_name(surname, memory, before) or article_full_name(surname, memory)
    if found is None and _count(surname, memory) > 1 and not _in_lower_case(surname, memory.body):
        return surname  # named by surname only here (or by several first names): the corpus picks the person
    return found


@lru_cache(maxsize=rules.SENTENCE_MEMO_SIZE)
def _opening_surname(text: str) -> str | None:
    """The last word of the capitalised subject a sentence opens with, when it may be a person's
    surname, else None. Text only: remembered per process."""
    match = SUBJECT.match(INTRO.sub("", text.strip(), count=1))
    if not match:
        return None
    surname = match.group(1).split()[-1]
    if not is_person(surname) or surname in SENTENCE_OPENERS:  # `But he said …`
        return None
    return surname


def _count(surname: str, memory: ArticleMemory) -> int:
    if surname not in memory.counts:
        memory.counts[surname] = memory.body.count(surname)
    return memory.counts[surname]


def _full_name(surname: str, memory: ArticleMemory, before: int) -> str | None:
    """The last `First Surname` written before offset ``before``, or None. Each stretch of the
    body is searched once per surname (the search resumes where the last one stopped)."""
    body = memory.body
    searched, full = memory.people.get(surname, (0, None))
    at = body.find(" " + surname, searched, before)
    while at > 0:
        words = [
            w
            for w in body[max(0, at - rules.SURNAME_LOOKBACK_CHARS) : at].split()[-rules.FIRST_NAME_WORDS :]
            if NAME_TOKEN.match(w)
            and w.lower() not in ROLE_WORDS
            and w not in SENTENCE_OPENERS
            and w not in HONORIFICS
            and w not in PLACES
            and w not in NATIONALITIES
            and not is_participle(w)
            and not POSSESSIVE.search(w)  # `Russia's Vladimir Putin`
            and w.lower() not in CUE_SET  # a headline's `Group Asks Spotify to …`
        ]
        if words and body[at + 1 + len(surname) : at + 2 + len(surname)][:1] in SURNAME_FOLLOWERS:
            full = " ".join([*words, surname])
        at = body.find(" " + surname, at + 1, before)
    memory.people[surname] = (max(searched, before), full)
    return full


def note_subject(text: str, memory: ArticleMemory, before: int) -> None:
    """Remember a person who is the subject of a sentence without a cue (`On Tuesday, Sherman was…`)
    as the article's last person, when named in full before (``Sherman`` after ``Wendy Sherman``)."""
    found = sentence_subject(text, memory, before)
    if found:
        remember_person(found, memory)
