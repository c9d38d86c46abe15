"""Role mentions (``the president``, ``the Russian president``, ``Trump's national security
adviser``) and the people who hold those roles.

A role is read as its head noun (``president``) and its modifiers (``russia``), countries and
their adjectives folded together (``Russian`` = ``Russia's`` = ``russia``). A description names the
person holding that role when the person has been given a role with the same head and every
modifier of the description (``the Russian president`` never resolves to a ``U.S. President``);
a bare description (``the president``) prefers people given exactly that role. Among those, the
holder must stand out (DOMINANT_NAME_RATIO times the mentions of the next), else nobody is chosen.
"""

from __future__ import annotations

import re
from collections import Counter

from . import rules

PERSON_ROLE_HEADS = frozenset(rules.PERSON_ROLE_HEADS)
LEADERS = frozenset(rules.LEADER_ROLE_HEADS)
_APOSTROPHE = str.maketrans({c: "'" for c in rules.APOSTROPHES})
_GENERIC = frozenset("the a an top then current new senior his her their its our my".split())
_PREPOSITIONS = frozenset(rules.ROLE_PREPOSITIONS)
_POSSESSIVE = re.compile(r"(?:'s|')$")  # apostrophes are folded to ' first
# Countries and their adjectives folded to one word (a small table: the common cases in news).
_COUNTRY = {
    "russian": "russia",
    "american": "us",
    "u.s.": "us",
    "u.s": "us",
    "united": "us",
    "states": "us",
    "america's": "us",
    "british": "britain",
    "u.k.": "britain",
    "uk": "britain",
    "chinese": "china",
    "french": "france",
    "german": "germany",
    "finnish": "finland",
    "ukrainian": "ukraine",
    "israeli": "israel",
    "iranian": "iran",
    "syrian": "syria",
    "turkish": "turkey",
    "japanese": "japan",
    "korean": "korea",
    "european": "europe",
}

RoleKey = tuple[str, frozenset]


def role_key(text: str | None) -> RoleKey | None:
    """(head noun, modifiers) of a role or description whose head is a person's role, else None."""
    words = [w.strip(",") for w in (text or "").translate(_APOSTROPHE).lower().split()]
    for i, word in enumerate(words):
        if word in _PREPOSITIONS:
            words = words[:i]  # `ambassador to Russia`: the object is no modifier of the role
            break
    owners = [i for i, w in enumerate(words) if _POSSESSIVE.search(w) and _COUNTRY.get(_POSSESSIVE.sub("", w)) is None]
    if owners and owners[-1] < len(words) - 1 and _POSSESSIVE.sub("", words[owners[-1]]) not in _COUNTRY.values():
        words = words[owners[-1] + 1 :]  # `US President Joe Biden's spokeswoman`: the owner is no modifier
    words = [w for w in words if w not in _GENERIC]
    if not words or words[-1] not in PERSON_ROLE_HEADS:
        return None
    modifiers = set()
    for word in words[:-1]:
        owner = _POSSESSIVE.search(word)
        bare = word[: owner.start()] if owner else word
        country = _COUNTRY.get(bare, bare)
        if owner and country == bare and bare not in _COUNTRY.values():
            continue  # `Trump's national security adviser`: the owner is no modifier of the role
        modifiers.add(country)
    return words[-1], frozenset(modifiers)


def is_description(mention: str | None) -> bool:
    """A definite role description (``the president``, ``Russia's foreign minister``), not ``a spokesman``."""
    words = (mention or "").split()
    return bool(words) and words[0].lower() not in ("a", "an") and role_key(mention) is not None


def holder(key: RoleKey, people: dict[str, Counter]) -> str | None:
    """The person ``people`` (name → Counter of role keys) names with ``key``, or None when unclear.

    A person agrees when every modifier of ``key`` is among the modifiers of the roles with its
    head that the person was given (``Foreign Minister`` and ``Russian Foreign Minister`` make
    ``Russia's foreign minister``).
    """
    head, modifiers = key
    exact, agreeing = Counter(), Counter()
    for name, keys in people.items():
        given = [(mods, n) for (h, mods), n in keys.items() if h == head or (head == "leader" and h in LEADERS)]
        if not given or not modifiers <= frozenset().union(*(mods for mods, _ in given)):
            continue
        agreeing[name] += sum(n for _, n in given)
        exact[name] += sum(n for mods, n in given if mods == modifiers)
    exact = +exact
    for counts in (exact, agreeing):
        ranked = counts.most_common(2)
        if not ranked:
            continue
        if len(ranked) == 1 or ranked[0][1] >= rules.DOMINANT_NAME_RATIO * ranked[1][1]:
            return ranked[0][0]
        return None
    return None
