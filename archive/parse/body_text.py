"""Which paragraphs are page furniture by their words: notices, bylines, captions, stamps."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_BOILER_TEXT = re.compile(
    r"^(advertisement|advertising|story continues below|continue reading|related( stories"
    r"| articles| coverage| content| links)?\b|read (more|next|also)\b|more from|recommended\b"
    r"|sign up\b|subscribe\b|click here\b|share (this|on)\b|follow us\b|download (our|the)\b"
    r"|contact us\b|copyright\b|©|\(c\) \d{4}|all rights reserved|photo( by|:)|photos?:"
    r"|credit:|image:|file photo|\(?(ap|getty|reuters) photo|have a news tip|get the latest"
    r"|support local journalism|this (story|article) (is|was) (available|published)"
    r"|we want to hear|to report a typo|like us on|join the conversation|comments?\b"
    r"|filed under\b|posted in\b|tags?:|topics?:|for the latest (?:stories|news|updates)\b"
    r"|never miss\b|missing out on\b|follow .{1,40} on (?:twitter|facebook|instagram)\b"
    r"|to (?:view|read) the full (?:story|article)\b|read the latest from\b|\(credit:"
    r"|\d{1,2} min(?:ute)?s? read$)"
    r"|(?:sign up|subscribe|register) here[.!]?$",
    re.IGNORECASE,
)
# house notices that run long: copyright and reprint terms, follow-us and signup blurbs
_LONG_NOTICE = re.compile(
    r"^(?:©|\(c\) \d{4}|copyright\b|follow .{1,40} on (?:twitter|facebook|instagram)\b"
    r"|missing out on\b)",
    re.IGNORECASE,
)
# a company's name alone on a line, with its corporate suffix
_COMPANY_LINE = re.compile(
    r"^(?:[A-Z][\w&.'\u2019-]*\s){0,4}[A-Z][\w&.'\u2019-]*,?\s(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co)\.?$"
)
# a newsletter's sign-up prompt, anywhere in a short paragraph ("Want more? Sign up for our...")
_SIGN_UP = re.compile(
    r"\b(?:sign up|subscribe|register)(?: now| today| here)? (?:for|to) (?:our|the free|a free)\b"
    r"[^.!?]{0,60}\bnewsletters?\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:published|updated|posted|last updated|first published|modified)\b"
    r"|^(?:week|issue) of (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})\b",
    re.IGNORECASE,
)
_ONLY_DATE = re.compile(
    r"^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2},?|\d{1,2} [A-Z][a-z]{2,8}\.?,?) \d{4}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\W*$"
    r"|^\W*\d{1,2}/\d{1,2}/\d{2,4}\W*$",
    re.IGNORECASE,
)
# the labels of page widgets, as whole lines: ad markers, log-in prompts, view
# counters, rating summaries, the links of an author box
_WIDGET = re.compile(
    r"^(?:\W*advertisement\W*|(?:sign|log) in (?:or|with)\b.*"
    r"|(?:sign|log) in to (?:continue|comment|keep reading|read more|your account)\W*"
    r"|latest posts by\b.*|[\d,.]+k? views?"
    r"|\d(?:\.\d)? (?:from|out of) [\d,]+ (?:votes?|ratings?|reviews?))$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\((?:[\w .'-]{0,30}\s)?(?:photo|photograph|file photo|image)s?(?: by|:| courtesy)[^)]*\)\s*$"
    r"|^(?:[\w .'-]{0,30}\s)?(?:photo|photograph|image)s?"
    r"(?: (?:by|courtesy of|provided by|submitted by)| credit ?:) [A-Z][\w .'/|&-]{0,50}$"
    # the credit opening a caption: "Photo by Theo Lund \u2014 Rowers carry a shell..."
    r"|^(?:photo|photograph)s? by (?-i:[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})"
    r"\s*(?:[|:/\u2013\u2014]|\s-\s)",
    re.IGNORECASE,
)
# page notes that are no story, each a whole line of its own: a paywall's log-in line, a
# site's disclaimer about its contributors (its subject a name: "The Harbor Courier is not
# responsible..."), a letters page's submission prompt, a stamp of the page's own changes
_NOTICE = re.compile(
    r"^(?:if you\b.{0,60}?)?already (?:an? )?(?:subscriber|member)\b(?! of\b).{0,60}"
    r"\b(?:log|sign)[ -]?in\b"
    r"|^(?-i:(?:[A-Z][\w.&'\u2019-]*\s+){0,4}[A-Z][\w.&'\u2019-]*) is not responsible for the"
    r" (?:opinions|views|content)\b"
    r"|^(?:to )?(?:submit|send) (?:us )?(?:your|a) letters?\b"
    r"|(?:^|\s[-|\u00b7\u2013\u2014]\s)last (?:modified|updated|revised)\s*:[\w\s/.,:-]{0,30}$",
    re.IGNORECASE,
)
# a label line of the page's filing: "Categories: Town news", "Issue date:", "Posting date: 6/4"
_FILING = re.compile(
    r"^(?:(?:news|release|publication|posting|issue) date|categor(?:y|ies))\s*:", re.IGNORECASE
)
_DOMAIN_ONLY = re.compile(
    r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)?\.(?:com|net|org|news|info)$", re.IGNORECASE
)
# a paywall's prompt names the story it holds back: "To read the full story, subscribe..."
_PAYWALL = re.compile(
    r"to (?:view|read|continue reading)\b.{0,40}\b(?:full|rest|entire)\b (?:of )?(?:this |the )?"
    r"(?:story|article|report|post|piece)\b.{0,80}\bsubscri",
    re.IGNORECASE,
)
# the paywall ends the story only after some of it was read, and only as a short prompt
_PAYWALL_AFTER_PARAGRAPHS = 1  # a metered page shows a one-paragraph lede
_PAYWALL_MAX_CHARS = 200
_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# a word that mixes Latin and Cyrillic letters is spelled to slip past filters: an ad, spam
_MIXED_SCRIPT_WORD = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b")
_BYLINE_LINE = re.compile(r"^(by|written by|posted by|from)\s+\S", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019\- ]{1,40}[A-Z.](?:,\s*(?:[A-Z][A-Za-z.]*\.?(?: [A-Z][a-z.]+)?)"
    r")?)\s*(?P<wire>\([A-Z][A-Za-z0-9&. ]{1,15}\))?\s*(?:[\u2014\u2013]|--?|_)\s*"
    r"(?=\S)"
)


@dataclass
class Block:
    """One paragraph of text, with how much of it was link text."""

    text: str
    tag: str
    link_chars: int = 0

    @property
    def link_density(self) -> float:
        """Share of this block's characters that were inside links."""
        return self.link_chars / max(1, len(self.text))


def clean_blocks(blocks: list[Block], title: str, sites: tuple[str, ...] = ()) -> list[str]:
    """Drop furniture paragraphs (link lists, share prompts, bylines, repeats, credit lines that
    only name the outlet, `sites`, or its owner) and return texts."""
    seen: set[str] = set()
    kept: list[Block] = []
    norm_title = title.casefold()
    names = {_name_key(site) for site in sites} - {""}
    for index, block in enumerate(blocks):
        text = block.text
        if len(text) < _PAYWALL_MAX_CHARS and _PAYWALL.match(text):
            if len(kept) >= _PAYWALL_AFTER_PARAGRAPHS:
                break  # the story stops at its paywall; the rest is the sales pitch
            continue  # a prompt above the story is one line of furniture
        key = text.casefold()
        # a long paragraph printed twice is a second rendering; tips and lines repeat on purpose
        repeated = key in seen and len(key) >= 200
        if repeated or _is_title(key, norm_title, index) or _is_furniture(block, index):
            continue
        if _is_credit(block, names):
            continue
        seen.add(key)
        kept.append(block)
    # headings left at the end head nothing: the box titles of dropped related links and bios
    while len(kept) > 1 and kept[-1].tag in _HEADINGS and not _SENTENCE_END.search(kept[-1].text):
        kept.pop()
    return [block.text for block in kept]


def _is_title(key: str, norm_title: str, index: int) -> bool:
    # the headline printed again at the top, alone or with a short kicker after it
    if index < 8 and key == norm_title:
        return True
    return (
        index < 3
        and bool(norm_title)
        and key.startswith(norm_title)
        and len(key) < len(norm_title) + 60
    )


def _is_furniture(block: Block, index: int) -> bool:
    text = block.text
    if len(text) < 2 or (block.link_density > 0.5 and len(text) < 300 and not _linked_prose(block)):
        return True
    if len(text) < 160 and _BOILER_TEXT.search(text):
        return True
    if len(text) < 400 and _LONG_NOTICE.match(text):
        return True
    if len(text) < 100 and (_DATE_LINE.match(text) or _ONLY_DATE.match(text)):
        return True
    if len(text) < 300 and (_CAPTION.search(text) or _NOTICE.search(text) or _SIGN_UP.search(text)):
        return True
    if len(text) < 80 and _WIDGET.match(text) and not _SENTENCE_END.search(text):
        return True
    if len(text) < 100 and _DOMAIN_ONLY.match(text):
        return True
    if _CYRILLIC.search(text) and len(_MIXED_SCRIPT_WORD.findall(text)) >= 3:
        return True
    if len(text) < 100 and _FILING.match(text) and not _SENTENCE_END.search(text):
        return True
    return index < 10 and len(text) < 80 and bool(_BYLINE_LINE.match(text))


def _is_credit(block: Block, sites: set[str]) -> bool:
    """Tell whether a lone line only names the outlet or a company ("Valley 8", "Harbor
    Broadcasting, Inc."): a video player's credits, not story text."""
    text = block.text
    if len(text) > 60 or block.tag == "li":
        return False
    return _name_key(text) in sites or bool(_COMPANY_LINE.match(text))


def _name_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().removeprefix("the "))


def _linked_prose(block: Block) -> bool:
    # a sentence whose clauses are links (sources, earlier stories) is still a sentence
    text = block.text
    return (
        block.tag in ("p", "li")
        and len(text) >= 80
        and len(text) - block.link_chars >= 25
        and _SENTENCE_END.search(text) is not None
    )


def split_dateline(first: str) -> tuple[str | None, bool, str]:
    """Split a paragraph's leading dateline: (place without dash/"(AP)", is AP, the rest)."""
    match = _DATELINE.match(first)
    if match is None:
        return None, False, first
    place = match.group("place").strip().rstrip(",")
    if len(place) < 3 or place.isdigit() or place.upper() in ("UPDATE", "EDITOR'S NOTE"):
        return None, False, first
    wire = match.group("wire") or ""
    return place, wire == "(AP)", first[match.end() :]
