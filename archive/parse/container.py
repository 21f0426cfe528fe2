"""Which element holds the article: readability-style paragraph scores, then widen to the
ancestor that holds the most paragraph text for the least other text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from bs4 import Tag
from bs4.element import NavigableString

from archive.parse.boilerplate import BOILERPLATE, POSITIVE, is_boilerplate, lede_beside_tools
from archive.parse.elements import PageIndex, class_names, text_length, text_of

_AVOID_WORDS = (
    r"comments?|related\w*|recommend\w*|newsletter\w*|promo\w*|footer|share\w*|sharing"
    r"|outbrain|taboola|trending|popular|most-read|recirc\w*|signup|subscribe\w*|disqus"
    r"|author-?bio|authorbio|bio|byline|captions?|disclosures?|disclaimer|\w*excerpt|teasers?"
    r"|cookies?|consent|gdpr|teaser-list"
)
_AVOID = re.compile(rf"(?:^|[\s_-])(?:{_AVOID_WORDS})(?:$|[\s_-])", re.IGNORECASE)
# prose under these never scores: comment threads, consent banners, recommendation widgets,
# popups, and Bootstrap's class "modal" (hidden until opened, unlike "modal-open" states)
_NOT_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-\w+|disqus|cookies?|consent|gdpr|outbrain|taboola"
    r"|related\w*|recommend\w*|newsletter\w*|popup|popmake|pum)(?:$|[\s_-])"
    r"|(?:^|\s)modal(?:$|\s)"
    r"|(?:^|[\s_-])(?:next|more|other|previous|prev)-?(?:posts?|stor(?:y|ies)|articles?)",
    re.IGNORECASE,
)
_CLIMB_LEVELS = 8
_RUN_LEVELS = 4
_SPEC_LEVELS = 8
_SPEC_MAX_CHARS = 2000
_SPEC_MIN_LINES = 4
_LABEL_LINE = re.compile(r"^[A-Z][\w\u2019'/&().,+ -]{1,40}:\s*\S")
_PAGE_FURNITURE = ("nav", "footer", "aside")
_PROSE_END = re.compile(r"[.!?][\"\u201d')]?\s*$")


@dataclass
class _Scan:
    """Scores and per-element caches of one container search."""

    body: Tag | None
    scores: dict[int, float] = field(default_factory=dict)
    nodes: dict[int, Tag] = field(default_factory=dict)
    chars: dict[int, int] = field(default_factory=dict)
    avoided: dict[int, bool] = field(default_factory=dict)
    not_article: dict[int, bool] = field(default_factory=dict)
    wrappers: dict[int, bool] = field(default_factory=dict)
    page_chars: int = -1

    def is_furniture(self, tag: Tag, by_class: bool = True) -> bool:
        """Tell whether an element is page furniture (nav, footer, aside, sidebar classes)."""
        named = tag.name in _PAGE_FURNITURE
        if not named and not (by_class and _is_avoided(tag, self.avoided, _AVOID)):
            return False
        # an unclosed <nav> or <header> swallows the rest of the page: that is no furniture
        key = id(tag)
        if key not in self.wrappers:
            if self.page_chars < 0:
                self.page_chars = text_length(self.body) if self.body is not None else 0
            self.wrappers[key] = text_length(tag) > 0.5 * self.page_chars
        return not self.wrappers[key]


def find_container(index: PageIndex) -> list[Tag]:
    """Return the element(s) that hold the article text, in document order."""
    scan = _Scan(index.body)
    seen: set[int] = set()
    for p in [*index.paragraphs, *index.breaks]:
        target = p.parent if p.name == "br" else p
        if target is None or id(target) in seen:
            continue
        seen.add(id(target))
        _score_paragraph(p, target, scan)
    if not scan.scores:
        return [index.body] if index.body is not None else []
    nodes = scan.nodes.values()
    # prose in a footer or nav (site blurbs, link lists) wins only on pages with nothing else
    outside = [n for n in nodes if not _in_page_furniture(n, scan)]
    best = max(outside or nodes, key=lambda n: scan.scores[id(n)] * _weight(n))
    chosen, length = _climb(best, scan.chars)
    picked = _with_siblings(chosen, length, scan.scores, scan.chars)
    spec = _spec_list_before(picked[0])
    picked = [spec, *picked] if spec is not None else picked
    return _with_cousins(chosen, picked, outside or list(nodes), scan.scores, index)


def _spec_list_before(first: Tag) -> Tag | None:
    """Return a short list of "Label: value" lines just before the story's first block (a
    review's specifications above its intro), searched among the preceding siblings of the
    block and of its wrappers up to the article."""
    node: Tag | None = first
    for _ in range(_SPEC_LEVELS):
        if node is None or node.name in ("article", "main", "body", "html", "[document]"):
            return None
        for sibling in islice(node.find_previous_siblings(True), 2):
            found = _spec_lines(sibling)
            if found is not None:
                return found
        node = node.parent
    return None


def _spec_lines(block: Tag) -> Tag | None:
    """Return the element that holds block's "Label: value" lines, if they are most of it."""
    if text_length(block) > _SPEC_MAX_CHARS:
        return None
    lines = block.find_all(("p", "li"), limit=40)
    if len(lines) < _SPEC_MIN_LINES or len({id(line.parent) for line in lines}) > 1:
        return None
    labelled = sum(bool(_LABEL_LINE.match(text_of(line).strip())) for line in lines)
    holder = lines[0].parent
    return holder if labelled >= 0.7 * len(lines) else None


def _with_cousins(
    chosen: Tag, picked: list[Tag], nodes: list[Tag], scores: dict[int, float], index: PageIndex
) -> list[Tag]:
    """Add prose blocks elsewhere on the page of the chosen block's kind (a question and its
    answers, the entries of a live blog), in document order."""
    if not chosen.attrs.get("class"):
        return picked
    inside = {id(t) for t in picked}
    threshold = max(3.0, 0.1 * scores.get(id(chosen), 0.0))
    cousins = [
        n
        for n in nodes
        if n is not chosen
        and scores[id(n)] >= threshold
        and _same_kind(n, chosen)
        and not any(id(a) in inside for a in (n, *n.parents))
        and not any(id(d) in inside for d in n.find_all(chosen.name))
    ]
    if not cousins:
        return picked
    order = {id(t): i for i, t in enumerate(index.paragraphs)}
    return sorted([*picked, *cousins], key=lambda t: _first_position(t, order))


def _first_position(tag: Tag, order: dict[int, int]) -> int:
    if id(tag) in order:
        return order[id(tag)]
    return next((order[id(d)] for d in tag.descendants if id(d) in order), len(order))


def _score_paragraph(p: Tag, target: Tag, scan: _Scan) -> None:
    text = text_of(target) if p.name in ("p", "pre") else _own_text(target)
    length = len(text.strip())
    if length < 25 or _inside_link(target):
        return
    links = _link_density(target, length) if p.name in ("p", "pre") else 0.0
    if links > 0.5:
        return
    ancestors = list(target.parents)
    if any(_is_avoided(a, scan.not_article, _NOT_ARTICLE) for a in ancestors):
        return
    score = (1 + text.count(",") + min(length // 100, 3)) * (1 - links)
    parent = target.parent if target is p else target
    _credit(parent, score, scan.scores, scan.nodes)
    # prose in page furniture (asides, footers) scores but does not pull the container up
    furniture = any(scan.is_furniture(a) for a in ancestors)
    if not furniture and (length >= 150 or _PROSE_END.search(text)):
        for ancestor in ancestors:
            scan.chars[id(ancestor)] = scan.chars.get(id(ancestor), 0) + length


def _in_page_furniture(tag: Tag, scan: _Scan) -> bool:
    return any(scan.is_furniture(a, by_class=False) for a in (tag, *tag.parents))


def _inside_link(tag: Tag) -> bool:
    parent = tag.parent
    for _ in range(4):
        if parent is None:
            return False
        if parent.name == "a":
            return True
        parent = parent.parent
    return False


def _link_density(tag: Tag, length: int) -> float:
    return sum(text_length(a) for a in tag.find_all("a")) / max(1, length)


def _own_text(tag: Tag) -> str:
    return "".join(str(c) for c in tag.children if type(c) is NavigableString)


def _credit(
    parent: Tag | None, score: float, scores: dict[int, float], nodes: dict[int, Tag]
) -> None:
    for share in (1.0, 0.5, 0.3):
        if parent is None or parent.name in ("html", "[document]"):
            return
        scores[id(parent)] = scores.get(id(parent), 0.0) + score * share
        nodes[id(parent)] = parent
        parent = parent.parent


def _is_avoided(tag: Tag, cache: dict[int, bool], pattern: re.Pattern[str]) -> bool:
    key = id(tag)
    if key not in cache:
        if tag.name in ("body", "html", "article", "main"):
            cache[key] = False
        else:
            names = f"{class_names(tag)} {tag.attrs.get('id') or ''}"
            cache[key] = bool(pattern.search(names)) and not POSITIVE.search(names)
    return cache[key]


def _climb(best: Tag, chars: dict[int, int]) -> tuple[Tag, int]:
    """Widen to the ancestor with the best balance of paragraph text against other text.

    Returns the element and the length of its text.
    """
    chosen, (chosen_value, chosen_length) = best, _value(best, chars)
    node = best.parent
    for _ in range(_CLIMB_LEVELS):
        if node is None or node.name in ("html", "[document]"):
            break
        value, length = _value(node, chars)
        if value > chosen_value and chars.get(id(node), 0) > 1.1 * chars.get(id(chosen), 0):
            chosen, chosen_value, chosen_length = node, value, length
        node = node.parent
    return chosen, chosen_length


def _value(node: Tag, chars: dict[int, int]) -> tuple[float, int]:
    paragraph_chars = chars.get(id(node), 0)
    length = text_length(node)
    return paragraph_chars - 0.8 * max(0, length - paragraph_chars), length


def _weight(tag: Tag) -> float:
    attrs = tag.attrs
    names = f"{class_names(tag)} {attrs.get('id') or ''} {attrs.get('itemprop') or ''}"
    weight = 1.0
    if POSITIVE.search(names):
        weight += 0.5
    elif BOILERPLATE.search(names):
        weight -= 0.5
    if tag.name == "article" or "articleBody" in names:
        weight += 0.3
    return weight


def _with_siblings(
    best: Tag, length: int, scores: dict[int, float], chars: dict[int, int]
) -> list[Tag]:
    threshold = max(10.0, scores.get(id(best), 0.0) * 0.2)
    best = _in_run(best, length)
    parent = best.parent
    if parent is None or best.name in ("body", "html"):
        return [best]
    picked: list[Tag] = []
    before = True  # the story's first paragraph may sit beside share tools above its body
    for sibling in parent.children:
        if not isinstance(sibling, Tag):
            continue
        before = before and sibling is not best
        if (
            sibling is best
            or (before and lede_beside_tools(sibling))
            or (scores.get(id(sibling), 0.0) >= threshold and not is_boilerplate(sibling))
            or (sibling.name == "p" and _good_paragraph(sibling))
            or (_same_kind(sibling, best) and not is_boilerplate(sibling))
            or (_mostly_prose(sibling, chars) and not is_boilerplate(sibling))
        ):
            picked.append(sibling)
    return picked


def _mostly_prose(tag: Tag, chars: dict[int, int]) -> bool:
    # prose cut into many small lists scores little, but it is still prose
    prose = chars.get(id(tag), 0)
    return prose >= 500 and prose >= 0.6 * text_length(tag)


def _in_run(best: Tag, length: int) -> Tag:
    """Return the wrapper of best (length chars of text) that repeats among its siblings."""
    node, budget = best, 0.3 * length + 100
    for _ in range(_RUN_LEVELS):
        parent = node.parent
        if parent is None or parent.name in ("body", "html", "[document]"):
            break
        if node is best:
            if any(isinstance(s, Tag) and s is not node and _same_kind(s, node) for s in parent):
                return node
        elif _is_run(node, parent):
            return node
        # climb only through wrappers that add little text (an image, a caption, a label)
        budget -= _text_beside(node, parent, budget)
        if budget < 0:
            break
        node = parent
    return best


def _text_beside(node: Tag, parent: Tag, budget: float) -> int:
    """Count the text of parent outside node, stopping once it passes budget."""
    total = 0
    for child in parent.children:
        if child is node:
            continue
        strings = child.strings if isinstance(child, Tag) else (str(child),)
        for text in strings:
            total += len(text)
            if total > budget:
                return total
    return total


def _is_run(node: Tag, parent: Tag) -> bool:
    # steps of a how-to, entries of a list article: three or more blocks of one class,
    # each opening with the same kind of element; layout rows and columns differ inside
    kind = _first_child_kind(node)
    run = [s for s in parent.children if isinstance(s, Tag) and _same_kind(s, node)]
    return len(run) >= 3 and all(_first_child_kind(s) == kind for s in run)


def _first_child_kind(tag: Tag) -> tuple[str, str]:
    child = next((c for c in tag.children if isinstance(c, Tag)), None)
    if child is None:
        return "", ""
    classes = child.attrs.get("class")
    return child.name, classes[0] if isinstance(classes, list) and classes else ""


def _same_kind(sibling: Tag, best: Tag) -> bool:
    # a story cut into several blocks of one class (between ads, pull quotes or headings)
    # continues in each of them, however little text a block holds
    classes = best.attrs.get("class")
    return bool(classes) and sibling.name == best.name and sibling.attrs.get("class") == classes


def _good_paragraph(p: Tag) -> bool:
    text = text_of(p)
    if len(text) < 80:
        return False
    links = sum(text_length(a) for a in p.find_all("a"))
    return links / len(text) < 0.25
