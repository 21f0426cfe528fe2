"""Byline strings to person names: no "By", job titles, emails, outlets, desks or wire services."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archive.lexicon.gazetteer import is_country, parse_state, places_named
from archive.lexicon.names import GIVEN_NAME_TITLES, MAX_TITLE_WORDS, TITLES
from archive.parse.meta import clean_text

_WIRES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "ap staff": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ians": "IANS",
    "dpa": "dpa",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "jiji": "Jiji",
    "jiji press": "Jiji",
    "xinhua": "Xinhua",
}
_WIRE_IN = re.compile(
    r"\b(?:the )?(associated press|reuters|agence france[- ]presse|upi)\b|\(ap\)|^ap$|\bafp\b"
    r"|(?-i:\bAP\b)(?= (?:[A-Z][a-z]+ ){0,2}(?:writer|reporter|correspondent|editor|photographer))",
    re.I,
)
_PREFIX = re.compile(
    r"^(?:(?:story|article|written|posted|reported|words|text|opinion|analysis|column)\s+)?"
    r"(?:by|from)\b[:\s]*|^author\b[:\s]*",
    re.IGNORECASE,
)
# "Posted on June 3, 2023 by Jane Doe": the name follows the stamp
_STAMP_BY = re.compile(r"^(?:posted|published|written)\b[^|]{0,60}?\bby\b[:\s]*", re.I)
_JOB = re.compile(
    r"\b(?:(?:senior|staff|contributing|special|managing|chief|executive|associate|assistant"
    r"|news|sports|political|politics|investigative|courts?|education|business|local|metro"
    r"|state|capitol|city|health|features?|digital|multimedia|breaking news|editorial|data"
    r"|freelance|guest|community|opinion|weekend|general assignment|the|national|security"
    r"|foreign|science|medical|technology|tech|economics|legal|religion|arts|food|climate"
    r"|environment|energy|transportation|immigration|white house|congressional|global"
    r"|financial|markets|entertainment|travel)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|producer|photographer"
    r"|photojournalist|intern|journalist|staff|anchor|meteorologist|bureau chief|fellow)s?\b.*$",
    re.IGNORECASE,
)
# a job title before a full name ("Chief Meteorologist Tom Ray", TV stations' bylines)
_LEADING_JOB = re.compile(
    "^" + _JOB.pattern.removesuffix(".*$") + r"\s+(?=(?-i:[A-Z][\w'\u2019.-]*\s+[A-Z]))",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|@\w+|\b(?:updated|published|posted)\b.*$|\bemail\b.*$"
    r"|\bfollow\b.*$|\bcontact\b.*$|\b\d.*$|\bsays:.*$|\s@\s.*$|\s(?:under|in)\b.*$"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d.*$"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$",
    re.IGNORECASE,
)
# "Ann Lee / Valley Ledger Staff Writer": after a slash, the desk she writes for; the desk ends
# where the next co-author starts ("Ann Lee/Staff Writer and Tom Ray/Staff Writer")
_SLASHED = re.compile(r"\s*/(?:(?!\band\b)[^/,;|&])+", re.IGNORECASE)
# "Pell, Nora", "Berg, Anouk van": scholarly meta puts the surname first
_SURNAME_FIRST = re.compile(
    r"^([A-Z][\w'\u2019-]+), ([A-Z][\w'\u2019-]+(?: [A-Z]\.)?"
    r"(?: (?:de|da|del|della|di|du|van|von|der|den|la|le|ter|ten|dos|das))*)$"
)
_PUNCT = " .:-\u2014\u2013'\"()[]\u2022"
# "Omar Pike. Valley Radio": a sentence stop after a word (not after an initial or "Jr.") splits
_SPLIT = re.compile(
    r"\s*(,|;|\||&|\band\b|\bwith\b|\u00b7|/|(?<=[a-z]{2})\.\s|(?<=\s)[-\u2013\u2014](?=\s))\s*",
    re.IGNORECASE,
)
# what joins a co-author to the name before it (a comma or a slash may bring a paper instead)
_COAUTHOR_JOIN = re.compile(r"and|&|with", re.IGNORECASE)
_NOT_NAMES = re.compile(
    r"^(?:staff|admin|administrator|editor|editors|news ?desk|web ?desk|the editors|guest"
    r"|contributor|no author|anonymous|unknown|reporter|wire|wire services?|staff reports?|agencies"
    r"|press release|team|news|sponsored|partner|local|jr\.?|sr\.?|ii|iii|phd|md|ma|mba|mph|rn"
    r"|editorial|editorial board|organi[sz]ation|articles"
    r"|sign (?:in|up)|log ?in|log ?out|register|my account)$",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"^(?:photo|photos|photography|images?|video|graphics?|special to|courtesy|contributed"
    r"|submitted|for the|updated|published|edited|(?:medically )?reviewed|fact[- ]checked"
    r"|illustrat\w*|translated|additional reporting)\b",
    re.IGNORECASE,
)
# a desk or a publication, not a person: "Valley Health News", "Metro Desk", "Staff Team"
_ORG_TAIL = re.compile(
    r"\b(?:news|media|press|network|online|desk|team|newsroom|magazine|times|today|foundation"
    r"|institute|university|inc|ltd|llc|group|reports|services?|bureau|agency|radio|tv|gazette"
    r"|tribune|herald|newspaper|daily|weekly|international|kitchens?|studios?|productions|labs"
    r"|editors|editorial|staff|articles|developers|department|administration|commission"
    r"|committee|council|ministry|police|office|authority|association|society|protection|library"
    r"|museum|schools?|hospital|college|academy|district|club|coalition|alliance|chamber"
    r"|healthcare)\.?$",
    re.IGNORECASE,
)
# the last words of newspapers' names; the second kind names a paper only after a place
_PAPER_WORDS = (
    "courant|courier|chronicle|register|ledger|bulletin|dispatch|examiner|inquirer|monitor"
    "|mirror|telegraph|journal|sentinel|republican|democrat|citizen|enterprise|advocate|observer"
    "|globe|independent|guardian|beacon|review|record"
)
_PLACE_PAPER_WORDS = "post|star|sun|mail|express|leader|world|eagle"
# a partner paper credited beside the reporter: "By Jane Doe, Hartford Courant"
_PAPER_TAIL = re.compile(rf"\s(?:{_PAPER_WORDS}|union)$", re.IGNORECASE)
_PLACE_PAPER_TAIL = re.compile(rf"\s(?:{_PLACE_PAPER_WORDS})$", re.IGNORECASE)
# a site named after its owner ("Jane Doe") vs a publication named like one ("Hartford Courant")
_PUBLICATION_WORD = re.compile(
    rf"^the\b|\b(?:{_PAPER_WORDS}|{_PLACE_PAPER_WORDS}"
    r"|standard|patch|pioneer|weekly|blog|club|society|association)\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset((
    "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "ter", "ten",
    "dos", "das", "bin", "al", "el", "y", "e", "zu", "af",
))  # fmt: skip
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "by", "at", "in", "on", "for", "to", "and", "from", "with", "is", "was",
    "are", "our", "your", "my", "his", "her", "their", "this", "that", "all", "more", "or",
    "under", "over", "about", "into", "after", "before",
))  # fmt: skip
# capitalised or not, these join the words of a title, never the parts of a person's name
_JOINING = frozenset(("of", "the", "and", "for", "to", "from", "with", "our", "your", "by"))
_DOMAIN = re.compile(r"\.(?:com|net|org|co|info|io|tv|news)\b", re.IGNORECASE)
# the label of a social link printed after the name it belongs to ("Jane Doe Twitter")
_SOCIAL_TAIL = re.compile(
    r"(?:\s+(?:twitter|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube))+$", re.I
)
_NICKNAME = re.compile(r"(?<=\w)\s+[\"\u201c][\w .'\u2019-]{1,30}[\"\u201d]\s+(?=\w)")
_SMALL_THEN_CAPS = re.compile(r"^(\w*[a-z])([A-Z]{2,})$")
_INITIAL = re.compile(r"^(?:[A-Z]\.?|[A-Z]\.[A-Z]\.?|[JS]r\.?|I{2,3}|IV)$")
_INITIAL_END = re.compile(r"(?:\b[A-Z]|\b[JS]r)$")


def is_wire(name: str) -> bool:
    """Tell whether a name is a wire service's ("The Associated Press", "AFP")."""
    return bool(_WIRE_IN.search(name))


def clean_names(
    raw: Iterable[str], outlet: str, *, single: bool = False, owner: bool = False
) -> tuple[list[str], str | None]:
    """Return the person names in byline strings (no "By", titles, emails, outlets) and a wire.

    `single` accepts a one-word name that is the whole value; `owner` accepts a person's name
    that is also the site's name (a labelled author on a personal site).
    """
    names: list[str] = []
    wire: str | None = None
    for text in raw:
        text = clean_text(text)
        if len(text) > 300:
            continue
        wire_match = _WIRE_IN.search(text)
        if wire_match:
            wire = wire or _WIRES.get(wire_match.group(0).strip("()").lower(), "AP")
        line_names, line_wire = _line_names(text, outlet, single, owner)
        wire = wire or line_wire
        names += [name for name in line_names if name not in names]
    return names, wire


def _line_names(text: str, outlet: str, single: bool, owner: bool) -> tuple[list[str], str | None]:
    """Return the names and the wire in one byline, part by part."""
    pieces = _SPLIT.split(_strip_labels(text, outlet, owner))
    parts, joins = pieces[::2], ["", *pieces[1::2]]
    # a lone word is a name only when it is the whole labelled value, not a split leftover
    min_words = 1 if single and len(parts) == 1 else 2
    names: list[str] = []
    wire: str | None = None
    for position, (part, join) in enumerate(zip(parts, joins, strict=True)):
        part_wire = _WIRES.get(part.strip(_PUNCT).lower())  # "By Ann Lee, AP"
        wire = wire or part_wire
        if part_wire or (position and _is_place(part)):
            continue  # "By Jane Doe, New York": where she filed from
        # "By Ann Lee, Denver Post" credits a paper; "Austin Post" alone or after "and" is a person
        credit = bool(position) and not _COAUTHOR_JOIN.fullmatch(join)
        name = _clean_part(part, outlet, min_words, owner)
        if name and not (credit and _is_paper(name)) and name not in names:
            names.append(name)
    return names, wire


def _strip_labels(text: str, outlet: str, owner: bool) -> str:
    """Drop "By", stamps, emails, wires and the outlet's name; put "Doe, Jane" in order."""
    text = _STAMP_BY.sub("", text)
    text = _WIRE_IN.sub(" ", _NOISE.sub("", _PREFIX.sub("", text)))
    text = _SLASHED.sub(lambda m: " " if _JOB.search(m.group(0)) else m.group(0), text)
    if outlet and len(outlet) > 3 and not (owner and name_key(text) == name_key(outlet)):
        text = re.sub(re.escape(outlet), " ", text, flags=re.IGNORECASE)
    return _SURNAME_FIRST.sub(r"\2 \1", text.strip())


def _clean_part(part: str, outlet: str, min_words: int, owner: bool) -> str | None:
    part = _SOCIAL_TAIL.sub("", _PREFIX.sub("", _trim(part)))
    if _PHOTO.match(part):
        return None
    part = _LEADING_JOB.sub("", part)
    job = _JOB.search(part)
    if job and len(part[: job.start()].split()) < 2:
        return None  # "VLT Staff", "Metro staff report": a desk, not a person
    unjobbed = part[: job.start()] if job else part
    part = re.sub(
        r"\s+(?:(?:[Ff]or|FOR|of|at)\s+(?:the\s+)?[A-Z]|[Ss]pecial [Tt]o\b).*$", "", unjobbed
    )
    part = _untitled(_trim(part))
    if not part or _NOT_NAMES.match(part) or part.lower() in _WIRES or _ORG_TAIL.search(part):
        return None
    if _is_outlet(part, outlet, owner):
        return None
    if not _looks_like_name(part, min_words):
        return None
    return _uncapped(part)


def _all_caps(part: str) -> bool:
    """Tell whether a byline is set in capitals ("JOHN McDONALD" too: a "c" stays small)."""
    letters = [c for c in part if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _uncapped(part: str) -> str:
    """Return a name set in capitals as it is spelled ("JOHN McDONALD" -> "John McDonald")."""
    if not _all_caps(part):
        return part
    return " ".join(_uncapped_word(word) for word in part.split())


def _uncapped_word(word: str) -> str:
    if word.isupper():
        return word.title()
    # "McDONALD", "DeLUCA": the small letters mark where the capital of the rest stands
    mixed = _SMALL_THEN_CAPS.match(word)
    return mixed.group(1) + mixed.group(2).capitalize() if mixed else word


def _untitled(part: str) -> str:
    """Drop a title before a full name ("Mayor Ann Lee", "Police Chief Tom Ray"). A title that is
    also a first name stays ("Dean Hollis", "Justice A. Marlow"), and so does one before an
    initial: an initial is never a name's first word ("Mayor R. Kemp" is no "R. Kemp")."""
    words = part.split()
    for size in range(min(MAX_TITLE_WORDS, len(words) - 2), 0, -1):
        title = " ".join(words[:size])
        if title in TITLES:
            if title in GIVEN_NAME_TITLES or _INITIAL.match(words[size]):
                return part
            return " ".join(words[size:])
    return part


def _looks_like_name(part: str, min_words: int) -> bool:
    """Tell whether a cleaned part reads as a person's name, not a phrase or a product."""
    part = _NICKNAME.sub(" ", part)  # Amanda "Mae" Tan is Amanda Tan called Mae
    words = part.split()
    if not min_words <= len(words) <= 5 or re.search(r"\d", part) or not part[0].isupper():
        return False
    if _DOMAIN.search(part) or (len(words) == 1 and len(part) > 1 and part.isupper()):
        return False  # "Ledger.com", "KWNH": a site or an acronym, not a person
    if words[0] in ("The", "Our", "Your", "U.S.") or any(w.lower() in _JOINING for w in words[1:]):
        return False  # "The Water Cooler", "U.S. Forest Service", "Times Of Holyoke", "Letters To"
    lower = [w for w in words if w[0].islower() and w not in _PARTICLES]
    if len(lower) > 1 or any(w in _FUNCTION_WORDS for w in lower) or words[0] in ("A", "An"):
        return False  # "A retired science teacher", "Pell by": words, not a name
    # "Building Trail Map API": too many names, or an acronym among mixed-case words
    significant = [w for w in words if w.lower() not in _PARTICLES and not _INITIAL.match(w)]
    acronym = not _all_caps(part) and any(len(w) > 2 and w.isalpha() and w.isupper() for w in words)
    return len(significant) <= 3 and not acronym


def _is_paper(part: str) -> bool:
    """Tell whether a name is a newspaper's: "Hartford Courant", "Denver Post" ("Ann Post" is a
    person: those words name a paper only after a place). Asked only of a credit after a comma
    or a slash: a whole byline ("Austin Post") names a person."""
    if _PAPER_TAIL.search(part):
        return True
    tail = _PLACE_PAPER_TAIL.search(part)
    return bool(tail and tail.start() and _is_place(part[: tail.start()]))


def _is_place(part: str) -> bool:
    """Tell whether a byline part names a state, a country or a large US city."""
    text = part.strip(_PUNCT)
    if not text or parse_state(text) or is_country(text):
        return True
    return any(place.population >= 100_000 for place in places_named(text))


def _trim(part: str) -> str:
    """Strip punctuation around a name but keep the period of a closing initial or "Jr."."""
    trimmed = part.strip(_PUNCT)
    if _INITIAL_END.search(trimmed) and part.rstrip(" \u2022)\"'").endswith("."):
        return f"{trimmed}."
    return trimmed


def _is_outlet(part: str, outlet: str, owner: bool) -> bool:
    key, outlet_key = name_key(part), name_key(outlet)
    part_words, outlet_words = _words(part), _words(outlet)
    # whole words: "Hartford Sentinel" is "The Hartford Sentinel", "Ada" is no "AdaBakes"
    if not outlet_key or not (
        key == outlet_key
        or _runs_in(part_words, outlet_words)
        or _runs_in(outlet_words, part_words)
    ):
        return False
    # the outlet's name is no author, but a person's own blog ("Jane Roe's Notes") names one
    if re.match(rf"{re.escape(part)}['\u2019]s\b", outlet, re.IGNORECASE):
        return False
    words = part.split()
    person_site = owner and key == outlet_key and 2 <= len(words) <= 3
    return not person_site or bool(_PUBLICATION_WORD.search(part))


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w != "the"]


def _runs_in(words: list[str], other: list[str]) -> bool:
    size = len(words)
    return size > 0 and any(other[i : i + size] == words for i in range(len(other) - size + 1))


def name_key(text: str) -> str:
    """Return a name folded for comparison: lower-case letters and digits, no leading "the"."""
    return re.sub(r"[^a-z0-9]", "", text.lower().removeprefix("the "))
