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
from functools import lru_cache

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
HONORIFICS = frozenset(rules.MALE_HONORIFICS) | frozenset(rules.FEMALE_HONORIFICS)
SENTENCE_OPENERS = frozenset(rules.SENTENCE_OPENERS)
ROLE_PREPOSITIONS = frozenset(rules.ROLE_PREPOSITIONS)
ORGANISATION_HEADS = frozenset(rules.ORGANISATION_HEADS)
ORGANISATION_ROLES = frozenset(rules.ORGANISATION_ROLES)
NON_NAME_PRONOUNS = frozenset(rules.NON_NAME_PRONOUNS)
NATIONALITIES = frozenset(rules.NATIONALITIES)
PLACE_HEADS = frozenset(rules.PLACE_HEADS)
DESCRIBED_PERSON_HEADS = frozenset(rules.DESCRIBED_PERSON_HEADS)
DOCUMENT_NAMES = frozenset(rules.DOCUMENT_NAMES)
# A described person's head that is no proper noun (`Aides said`); `Republicans` is a party's name.
COMMON_PERSON_HEADS = DESCRIBED_PERSON_HEADS - frozenset(rules.PARTY_MEMBERS)
CUES_NOT_BEFORE_TO = frozenset(rules.CUES_NOT_BEFORE_TO)
TIME_PHRASE_OPENERS = frozenset(rules.TIME_PHRASE_OPENERS)
TIME_PHRASE_NOUNS = frozenset(rules.TIME_PHRASE_NOUNS) | DAYS
DESCRIBING_PREPOSITIONS = frozenset(("on", "for", "of", "at", "with", "from"))
DESCRIBED_BY_OTHER_HEADS = frozenset(rules.DESCRIBED_BY_OTHER_HEADS)
ROLE_NOUNS = frozenset(rules.ROLE_WORDS) | frozenset(rules.PERSON_ROLE_HEADS) | frozenset(rules.ORGANISATION_ROLES)
DETERMINER_WORDS = frozenset(w.capitalize() for w in rules.DETERMINERS)
PHRASE_END_WORDS = STOP_WORDS | DETERMINERS | frozenset(rules.ROLE_PREPOSITIONS) | {"of", "the"}


def _places() -> frozenset[str]:
    """Place names: the written list, pytz's country names and its time-zone cities."""
    import pytz  # a dependency of dateparser; its tables ship inside the package

    cities = {
        zone.rsplit("/", 1)[-1].replace("_", " ")
        for zone in pytz.all_timezones
        if zone.startswith(("Europe/", "Asia/", "Africa/", "America/")) and zone.count("/") == 1
    }
    return (
        frozenset(rules.PLACES)
        | frozenset(rules.MULTIWORD_PLACES)
        | frozenset(pytz.country_names.values())
        | frozenset(cities)
    )


PLACES = _places()

_LOWER_WORD = re.compile(r"\b[A-Za-z]+\b")
_CANDIDATE = re.compile(r"\b(?:[Aa]ccording to|pointed out|[a-z]+)\b")
WORD_CHAR = re.compile(r"\w")
_DETERMINED = re.compile(r"(?:a|an|the|its|his|her|their)\s+(.+)")
_APOSTROPHE = re.compile(f"[{rules.APOSTROPHES}]")
TOKEN = re.compile(rf"[\w][\w.{rules.APOSTROPHES}\-&]*|[^\w\s]")
# A name token: capitalised word, initials (``J.``), particles inside names.
NAME_TOKEN = re.compile(rf"^(?:[A-Z][a-zà-ÿ{rules.APOSTROPHES}\-]+(?:[A-Z][a-z]+)*|[A-Z]\.?|[A-Z][a-z]?\.)$")
POSSESSIVE = re.compile(f"(?:[{rules.APOSTROPHES}]s|[{rules.APOSTROPHES}])$")
RELATIVE = re.compile(r",\s*who(?:\s+(?:has|had|have|also|later|then|once))*$")
LEADING_NAME = re.compile(r"((?:[A-Z][\w’'\-.]*\s+){0,5}[A-Z][\w’'\-.]*)\s+[a-z]")
INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # `D.`, `U.S.`
PARENTHESIS = re.compile(r"\s*\([^()]{0,40}\)$")  # `Sen. Chris Murphy (D-Conn.)`
SHARE_SUBJECT = re.compile(rules.SHARE_SUBJECT)
PASSIVE_TO = re.compile(r"\s+(?:to\s+(?:have|be)\b|by\b)")  # `alleged to have`, `pledged by`: no speech
NEGATIONS = frozenset(rules.NEGATIONS)
FREE_RELATIVES = frozenset(rules.FREE_RELATIVES)
PERSON_ROLE_HEADS = frozenset(rules.PERSON_ROLE_HEADS) - frozenset(rules.ROLE_HEADS_ALSO_SURNAMES)
MODALS = frozenset(rules.MODALS)
PASSIVE_AUXILIARIES = frozenset(rules.PASSIVE_AUXILIARIES)
VERBS_AFTER_NOUN = frozenset(rules.VERBS_AFTER_NOUN)
_QUOTED_AS = re.compile(r"\s+as\b")
_NEXT_WORD = re.compile(r"\s+([\w’']+)")
_RELATIVE_BEFORE = re.compile(r"\s+who\s*$")
_LAST_WORDS = re.compile(r"(\S+)\s+(?:to\s+)?(?:[a-z]+ly\s+){0,2}$")  # `didn't officially say`: adverbs skipped
QUOTE_PLACEHOLDER = "QUOTE"  # stands for a quotation in the text around it (see extract._outside)


class _CueFinder:
    """``finditer``/``search`` over the cue words of a text (same API as a compiled pattern)."""

    @staticmethod
    def finditer(text: str):
        return iter(_cues(text))

    @staticmethod
    def search(text: str):
        found = _cues(text)
        return found[0] if found else None


@lru_cache(maxsize=rules.RECENT_TEXTS)  # the rules of one quotation read its text several times
def _cues(text: str) -> tuple[re.Match, ...]:
    if CUE_HEADS.isdisjoint(_LOWER_WORD.findall(text)):
        return ()  # most sentences: one C-level scan, no Python loop
    return tuple(m for m in _CANDIDATE.finditer(text) if m.group().lower() in CUE_SET)


CUE = _CueFinder()


@dataclass
class Speaker:
    mention: str | None = None
    name: str | None = None
    role: str | None = None
    cue: str | None = None


def cue_speaker(text: str, cue: re.Match, kind: str = "full") -> Speaker | None:
    """Speaker of a cue: ``according to X``; inverted ``…, said X``; the subject before it,
    or an apposition ``the agency's chief, Jane Doe, said``."""
    word = cue.group().lower()
    if word == rules.ACCORDING_TO:
        return phrase_speaker(forward_phrase(text[cue.end() :]), word)
    if PASSIVE_TO.match(text, cue.end()) or negated(text, cue.start(), cue.end()):
        return None  # `officers alleged to have hacked`, `did not say whether`: no speech
    before = text[: cue.start()].rstrip()
    if word.endswith("ing") and before.endswith(",") and not before.endswith(QUOTE_PLACEHOLDER + " ,"):
        subject = leading_subject(text)  # `Trump spent the week golfing, saying "…"`: the clause's subject
        if subject is not None:
            return Speaker(mention=subject.mention, name=subject.name, role=subject.role, cue=word)
    if (
        (word in INVERTIBLE_CUES and before.endswith(","))
        or (before.endswith(QUOTE_PLACEHOLDER) and kind == "full")  # not `would "certainly" ask the Russians`
        or before.endswith(QUOTE_PLACEHOLDER + " ,")
    ):
        inverted = phrase_speaker(forward_phrase(text[cue.end() :]), word)
        if (
            inverted is not None
            and inverted.name is not None
            and not (
                inverted.name in PRONOUNS and before.endswith(",") and not before.endswith(QUOTE_PLACEHOLDER + " ,")
            )
        ):
            return inverted  # not `Putin, for his part, said he …`: an apposition, not an inversion
    else:
        inverted = None
    if before.endswith(","):
        return apposition_speaker(before, word) or inverted
    relative = RELATIVE.search(before)
    if relative:  # `Grushko, who has described …`: the relative pronoun's antecedent speaks
        antecedent = before[: relative.start()]
        found = phrase_speaker(backward_phrase(antecedent), word)
        if found is None or not is_person(found.name):  # `Chris Krebs, the agency's top official, who said`
            found = apposition_speaker(antecedent + ",", word) or found
        return found
    tokens = subject_phrase(before)
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


def negated(text: str, cue_start: int, cue_end: int | None = None) -> bool:
    """The cue reports no speech: after a negation (`did not say`, `declined to comment`) or a
    modal (`should tell`), a passive participle (`has been posted`, `was told`), or a noun
    followed by its verb (`reports have emerged`). ``cue_end`` (when given) lets the word after it be read."""
    last = _LAST_WORDS.search(text, max(0, cue_start - rules.PHRASE_WINDOW_CHARS // 10), cue_start)
    word = last.group(1).lower() if last else ""
    if word in NEGATIONS or word in MODALS:
        return True
    if cue_end is None:
        return False
    cue = text[cue_start:cue_end].lower()
    if word in PASSIVE_AUXILIARIES and not cue.endswith("ing") and " " not in cue:
        return not _QUOTED_AS.match(text, cue_end)  # `X is quoted as saying`: X speaks
    following = _NEXT_WORD.match(text, cue_end)
    return bool(following) and following.group(1).lower() in VERBS_AFTER_NOUN


def apposition_speaker(before: str, cue: str) -> Speaker | None:
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
    window = before[-rules.PHRASE_WINDOW_CHARS :]
    if window.endswith((")", ")\n")):  # the pattern's only place (it is tried at every character)
        window = PARENTHESIS.sub("", window)
    tokens = TOKEN.findall(window)
    if len(tokens) > 2 and tokens[-1] == "to" and tokens[-2].lower() in CUES_NOT_BEFORE_TO:
        del tokens[-2:]  # `The nominee has continued to insist`
    while tokens and (tokens[-1].lower() in SKIPPED_BEFORE_CUE or (tokens[-1].islower() and tokens[-1].endswith("ly"))):
        tokens.pop()
    while tokens and tokens[-1].lower() in DAYS:  # `X on Tuesday said`
        tokens.pop()
    phrase: list[str] = []
    while tokens and len(phrase) < rules.MAX_SPEAKER_TOKENS:
        token = tokens[-1]
        low = token.lower()
        if not WORD_CHAR.match(token) or token == QUOTE_PLACEHOLDER:
            break
        if low in FREE_RELATIVES:
            return []  # `What President Trump says is false`: a noun clause, no attribution
        if low in STOP_WORDS and not _inside_role(tokens, phrase):
            if low in ("or", "and", "nor") and len(phrase) == 1 and phrase[0].islower() and not phrase[0].endswith("s"):
                return []  # `hostile, troublesome or irrelevant welcomed`: a conjunct, not the subject
            break
        phrase.insert(0, tokens.pop())
        if low in DETERMINERS:
            break
    if len(phrase) > 2 and phrase[0].lower() in TIME_PHRASE_OPENERS and phrase[1].lower() in TIME_PHRASE_NOUNS:
        phrase = phrase[2:]  # `Last month Spotify said`
    if (
        phrase
        and len(tokens) >= 2
        and tokens[-1].lower() in DESCRIBING_PREPOSITIONS
        and (
            # `The top Democrat on the U.S. Senate Intelligence Committee`: a member described by an organisation
            (
                tokens[-2].lower() in DESCRIBED_PERSON_HEADS
                and phrase[0].lower() in DETERMINERS
                and not is_person(split_role(phrase)[0])
            )
            # `a spokesman for Putin`: the spokesman speaks, not the person named (not `a source for his claim`)
            or (tokens[-2].lower() in DESCRIBED_BY_OTHER_HEADS and phrase[0].lower() not in NON_NAME_PRONOUNS)
        )
    ):
        head = backward_phrase(" ".join(tokens[:-1]))
        if head and head[-1] == tokens[-2]:
            return [*head, tokens[-1], *phrase]
    return phrase


def described_person(tokens: list[str]) -> bool:
    """``the top Democrat on the … Committee``, ``a spokesman for the Kremlin``: a person described by
    the organisation after a preposition (the phrase is a description, not the organisation)."""
    pairs = [(tokens[k - 1].lower(), t.lower()) for k, t in enumerate(tokens) if k > 0]
    if any(
        p in DESCRIBING_PREPOSITIONS
        and head in DESCRIBED_BY_OTHER_HEADS
        and not any(t.endswith((",", ";", ":")) for t in tokens[k + 2 :])  # not `for Pagliano, Mark MacDougall`
        for k, (head, p) in enumerate(pairs)
    ):
        return True  # `a spokesman for Putin`: whoever is named after the preposition is not the speaker
    return any(p in DESCRIBING_PREPOSITIONS and head in DESCRIBED_PERSON_HEADS for head, p in pairs) and not is_person(
        split_role_plain(tokens)[0]
    )


def subject_phrase(before: str) -> list[str]:
    """The subject before a cue: ``backward_phrase``, or the noun phrase before ``who`` when the
    phrase is a relative clause's verb (`the state officials who run elections say`)."""
    tokens = backward_phrase(before)
    relative = _RELATIVE_BEFORE.search(before[: len(before.rstrip()) - len(join(tokens))]) if tokens else None
    if relative and tokens[0][:1].islower():
        return backward_phrase(before[: relative.start()]) or tokens
    return tokens


def _inside_role(tokens: list[str], phrase: list[str]) -> bool:
    """``Ambassador to Russia Jon Huntsman``: a preposition between a role word and a capitalised phrase."""
    return (
        len(tokens) >= 2
        and tokens[-1].lower() in ROLE_PREPOSITIONS
        and tokens[-2].lower() in ROLE_WORDS
        and len(phrase) >= 3  # the object and a first and last name (not `a spokesman for Sanders`)
        and all(t[:1].isupper() for t in phrase)
    )


def _is_name_word(token: str) -> bool:
    """A capitalised word of a person's name (not a role word, nationality or acronym)."""
    return bool(NAME_TOKEN.match(token)) and token.lower() not in ROLE_WORDS and token not in NATIONALITIES


def _name_follows(tokens: list[str], index: int) -> bool:
    """A capitalised word follows a short run of lower-case words that are no stop words
    (`Clinton's top foreign policy aide Jake Sullivan`, not `Putin goes into`)."""
    for token in tokens[index : index + rules.MAX_ROLE_WORDS_BEFORE_NAME + 1]:
        if token[:1].isupper():
            return True
        if not token[:1].isalpha() or token.lower() in STOP_WORDS:
            return False
    return False


def _modifier_pair(tokens: list[str], index: int) -> bool:
    """``current and former officials``: the word after ``and`` is a lower-case modifier followed by more of the phrase."""
    following = tokens[index + 1 : index + 3]
    return (
        len(following) == 2
        and following[0].islower()
        and following[0] not in STOP_WORDS | DETERMINERS
        and WORD_CHAR.match(following[1]) is not None
        and following[1].lower() not in STOP_WORDS
    )


def _description_follows(phrase: list[str], tokens: list[str], index: int) -> bool:
    """``a former Trump transition official``: after a determiner and a name, a short run of
    lower-case words that ends the phrase with a person's head noun (the name only describes)."""
    if not phrase or phrase[0].lower() not in DETERMINERS:
        return False
    for k in range(index, min(len(tokens), index + rules.MAX_ROLE_WORDS_BEFORE_NAME + 1)):
        word = tokens[k].rstrip(".").lower()
        if not tokens[k][:1].islower() or word in STOP_WORDS:
            return False
        if word in DESCRIBED_PERSON_HEADS:
            return k + 1 == len(tokens) or not WORD_CHAR.match(tokens[k + 1]) or tokens[k].endswith(".")
    return False


def forward_phrase(after: str) -> list[str]:
    """The noun phrase opening ``after`` (an inverted cue's subject, ``according to``'s object)."""
    phrase: list[str] = []
    tokens = TOKEN.findall(after[: rules.PHRASE_WINDOW_CHARS])
    for index, token in enumerate(tokens):
        low = token.lower()
        run_on = phrase and rules.RUN_ON.get(phrase[-1].lower()) == low
        if low in ("and", "or") and phrase and phrase[-1].islower() and _modifier_pair(tokens, index):
            phrase.append(token)  # `three current and former administration officials`
            continue
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
            and phrase[-1].lower() != "of"
            and rules.RUN_ON.get(phrase[-2].lower() if len(phrase) > 1 else "") != phrase[-1].lower()
        ):
            break
        if phrase and _is_name_word(phrase[-1]) and token[:1].islower() and low not in NAME_PARTICLES:
            if low in ("of", "from") or not (
                _name_follows(tokens, index) or _description_follows(phrase, tokens, index)
            ):
                break  # `said Putin goes into …`, `Sen. John McCain of Arizona`: the name has ended
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
    if not name or is_junk(name) or (role is not None and name in NATIONALITIES):
        return Speaker(mention=mention, name=None, cue=cue)  # a cue, but no one named: the quote stays
    return Speaker(mention=mention, name=name, role=role, cue=cue)


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def is_junk(name: str) -> bool:
    """A phrase that names nobody: a fragment ending in a function word, a lone place or nationality."""
    words = name.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words or not any(len(w) > 1 and w[:1].isalpha() for w in words):
        return True
    if SHARE_SUBJECT.match(" ".join(words)):
        return True  # `33 percent overall`: a poll's share of people
    if words[-1].lower() in PHRASE_END_WORDS or words[0].lower() in PHRASE_END_WORDS - DETERMINERS:
        return True
    if POSSESSIVE.search(words[-1]) and len(words[-1]) > 2:
        return True  # `Trump's`: an owner, not a speaker
    if _APOSTROPHE.split(words[0], maxsplit=1)[0].lower() in NON_NAME_PRONOUNS and len(words) == 1:
        return True  # `They'll`, `He's`: a pronoun
    return " ".join(words) in PLACES or all(w in PLACES or w in NATIONALITIES or w.lower() in DAYS for w in words)


def join(tokens: list[str]) -> str:
    """The tokens as written: spaced, but no space before an apostrophe (`Trump ’s` → `Trump’s`)."""
    text = " ".join(tokens)
    for apostrophe in rules.APOSTROPHES:
        text = text.replace(" " + apostrophe, apostrophe)
    return text


def _organisation_of(tokens: list[str]) -> str | None:
    """``Russia's Ministry of Foreign Affairs``, ``the Department of Justice``: an organisation word,
    ``of``/``for`` and capitalised words to the end name an organisation (its owner aside)."""
    for k in range(len(tokens) - 2):
        if (
            tokens[k] in ORGANISATION_HEADS
            and tokens[k + 1] in ("of", "for")
            and all(t[:1].isupper() or t in ("of", "and", "for") for t in tokens[k + 2 :])
            and tokens[-1][:1].isupper()
        ):
            return join(tokens[k:])
    return None


def split_role(tokens: list[str]) -> tuple[str, str | None]:
    """(name, role) of a speaker phrase: the trailing run of name tokens is the name.

    ``NATO chief Jens Stoltenberg`` → (``Jens Stoltenberg``, ``NATO chief``). A phrase not ending
    in a name (``a senior European diplomat``) is a description: itself, no role. Titles are
    told from names by ROLE_WORDS and by all-caps acronyms (``NATO``, ``US``); an honorific
    (``Mr.``) ends the name but is no role; a sentence opener (``And``, ``That's``) is dropped; a
    place opening a run of three name words, or the object of a preposition inside a role
    (``Ambassador to Russia Jon Huntsman``), belongs to the role.
    """
    return _split_role(tuple(tokens))


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def _split_role(tokens: tuple[str, ...]) -> tuple[str, str | None]:
    if described_person(tokens):
        return join(tokens), None  # `the top Democrat on the … Committee`: a description, no organisation
    return split_role_plain(tokens)


def split_role_plain(tokens: list[str]) -> tuple[str, str | None]:
    """``split_role`` without the check for a person described by an organisation."""
    named = _organisation_of(tokens)
    if named is not None:
        return named, None
    i = len(tokens)
    while i > 0:
        token = tokens[i - 1]
        low = token.lower()
        if token in NAME_SUFFIXES and i == len(tokens):
            i -= 1
            continue
        if (
            low in ROLE_WORDS
            or low in ORGANISATION_ROLES
            or token in HONORIFICS
            or (token.isupper() and len(token) > 1 and not token.endswith("."))
        ):
            break
        if POSSESSIVE.search(token) and i < len(tokens):
            break  # `Russia's Vladimir Putin`, `CNN's Christiane Amanpour`
        if NAME_TOKEN.match(token) or (low in NAME_PARTICLES and i < len(tokens)):
            i -= 1
            continue
        break
    if i < len(tokens) and tokens[-1] in ORGANISATION_HEADS:
        while i > 0 and tokens[i - 1][:1].isupper() and tokens[i - 1].lower() not in ORGANISATION_ROLES:
            i -= 1  # `the Justice Department`, `Russia's Foreign Ministry`: the organisation's whole name
    while i < len(tokens) and (
        tokens[i] in SENTENCE_OPENERS
        or (tokens[i] in DETERMINER_WORDS and i < len(tokens) - 1)
        or (is_participle(tokens[i]) and i < len(tokens) - 1)
    ):
        i += 1  # `And Trump`, `That's Trump`, `The Kremlin`: not part of the name
    name_tokens = tokens[i:]
    if not name_tokens or POSSESSIVE.search(tokens[-1]):
        if i == len(tokens) and i > 0 and tokens[i - 1] in SENTENCE_OPENERS and not POSSESSIVE.search(tokens[-1]):
            return "", None  # only a sentence opener (`On`)
        return join(
            [t for t in tokens if t.lower() not in DETERMINERS]
            if tokens[0].lower() == "the" and len(tokens) == 1
            else tokens
        ), None
    if name_tokens and name_tokens[-1] not in ORGANISATION_HEADS:
        inner = [k for k, t in enumerate(name_tokens[:-1]) if t in ORGANISATION_HEADS]
        if inner:  # `United Nations Nikki Haley`: the organisation is the role's
            i += inner[-1] + 1
            name_tokens = tokens[i:]
    plain = [t for t in name_tokens if t not in NAME_SUFFIXES]
    if len(plain) >= 2 and (
        (i > 0 and tokens[i - 1].lower() in ROLE_PREPOSITIONS)
        or (len(plain) >= 3 and (plain[0] in PLACES or plain[0] in NATIONALITIES))
    ):
        i += 1  # `Ambassador to Russia Jon Huntsman`, `Russia Jon Huntsman`: the place is the role's
        while len([t for t in tokens[i:] if t not in NAME_SUFFIXES and not INITIAL.match(t)]) > 2:
            i += 1  # `Director of National Intelligence Dan Coats`: the object may be longer
        name_tokens = tokens[i:]
    role_tokens = [t for t in tokens[:i] if t != "," and t not in HONORIFICS and t not in SENTENCE_OPENERS]
    if role_tokens and role_tokens[0].lower() in DETERMINERS:
        role_tokens = role_tokens[1:]
    if len(role_tokens) == 1 and POSSESSIVE.search(role_tokens[0]):
        role_tokens = []  # `Russia's Vladimir Putin`: an owner, not a role
    role = join(role_tokens) or None
    return join(name_tokens), role


def clean_role(role: str | None) -> str | None:
    """A role as shown: None for words that are no role (`QUOTE`, `some`, `day`, `confidential`,
    `uncharacteristically subdued`, `he thought`, `hours ago`), a trailing full stop dropped (`New York.`)."""
    words = (role or "").split()
    if (
        words
        and words[-1].endswith(".")
        and words[-1][:-1].lower() not in ABBREVIATIONS
        and not INITIAL.match(words[-1])
    ):
        words[-1] = words[-1][:-1]  # `New York.`, not `Sen.` or `U.S.`
    if not words or not words[-1] or QUOTE_PLACEHOLDER in words or words[0].lower() in ROLE_PREPOSITIONS:
        return None  # `of white`: a fragment
    if any(w.lower() in PRONOUNS or w.lower() in DAYS or w == "ago" for w in words):
        return None  # `he thought`, `Just hours ago`: a clause or a time, no role
    last = words[-1]
    if last.islower() and (last.endswith(("ly", "ed")) or (len(words) == 1 and last not in ROLE_NOUNS)):
        return None
    return " ".join(words)


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def shown_mention(mention: str | None) -> str | None:
    """A mention as shown: the words before a person's name that tell no role dropped (`bothers
    Trump`, `QUOTE Trump`, `And Trump` → `Trump`); a title or honorific stays (`President Trump`,
    `Mr. Trump`: it tells the reader who and which sex)."""
    tokens = (mention or "").split()
    if len(tokens) < 2:
        return mention
    name, role = _split_role(tuple(tokens))
    if not is_person(name) or clean_role(role) is not None:
        return mention
    start = 0
    while (
        start < len(tokens) - 1
        and tokens[start] not in HONORIFICS
        and _split_role(tuple(tokens[start + 1 :]))[0] == name
    ):
        start += 1
    return " ".join(tokens[start:]) if start else mention


def honorific(mention: str | None) -> str | None:
    """The honorific (``Mr.``, ``Mrs.``) a mention gives its name, or None."""
    for token in (mention or "").split():
        if token in HONORIFICS:
            return token
    return None


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def speaker_type(name: str | None, role: str | None = None) -> str | None:
    """``person``, ``organisation`` or ``anonymous`` (a description) for a speaker name; None for none."""
    if not name:
        return None
    words = name.split()
    role_head = (role or "").split()[-1:] or [""]
    if (
        words[-1] in ORGANISATION_HEADS
        or role_head[0].lower() in ORGANISATION_ROLES
        or (name.replace(".", "").isupper() and len(name) > 1)
        or (words[0].lower() in DETERMINERS and len(words) > 1 and words[-1] in ORGANISATION_HEADS)
        or _organisation_of([w for w in words if w.lower() not in DETERMINERS]) is not None
    ):
        return "organisation"
    if is_person(name) and not (len(words) == 1 and words[0].lower() in ROLE_WORDS):  # `President` alone: a role
        return "person"
    return "anonymous"


def is_participle(word: str) -> bool:
    """A capitalised participle opening a sentence (`Contradicting Trump, Bolton said`), no first name."""
    return len(word) > 5 and word.endswith("ing") and word[:1].isupper()


@lru_cache(maxsize=rules.NAME_CACHE_SIZE)
def is_person(name: str | None) -> bool:
    """A person's name: name words only, not all capitals, not ending in a place, nationality or
    organisation word (``Duma Russia``, ``Justice Department``)."""
    if not name or name.isupper():
        return False
    words = name.split()
    return (
        all(NAME_TOKEN.match(t) or t.lower() in NAME_PARTICLES for t in words)
        and words[-1] not in ORGANISATION_HEADS
        and words[-1] not in PLACES
        and words[-1] not in PLACE_HEADS
        and words[-1] not in NATIONALITIES
        and words[0] not in DETERMINER_WORDS
        and words[-1].lower() not in PERSON_ROLE_HEADS  # `Foreign Minister`, `Homeland Security Secretary`
        and words[-1].lower() not in DOCUMENT_NAMES  # `Constitution`
        and not (len(words) == 1 and words[0].lower() in COMMON_PERSON_HEADS)  # `Aides`, `Officials`
        and name not in PLACES  # `United States`
        and not is_participle(words[0])
        and not any(w in ORGANISATION_HEADS and w.endswith("s") for w in words)  # `Republicans Trump`
        and not POSSESSIVE.search(words[-1])
        and not (len(words) == 1 and words[0].lower() in NON_NAME_PRONOUNS)
        and not any(_APOSTROPHE.split(w, maxsplit=1)[0].lower() in NON_NAME_PRONOUNS for w in words)  # `They'll`
        and len(words[-1].rstrip(".")) > 1
        and len(words[0].rstrip(".")) + len(words) > 2
    )


def leading_subject(text: str) -> Speaker | None:
    """The person named at the start of a sentence (its subject), or None."""
    match = LEADING_NAME.match(text.strip())
    if not match:
        return None
    tokens = match.group(1).split()
    if tokens[0].endswith("ing"):
        return None  # `Contradicting Trump, Bolton said`: a participle, not a subject
    if len(tokens) == 1 and tokens[0].lower() in PRONOUNS:  # `He also echoed …, saying`
        return Speaker(mention=tokens[0], name=tokens[0].lower(), cue=CUE.search(text).group().lower())
    name, role = split_role(tokens)
    if not is_person(name):
        return None
    return Speaker(mention=join(tokens), name=name, role=role, cue=CUE.search(text).group().lower())
