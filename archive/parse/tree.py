"""Turn lxml's own HTML tree into bs4 objects in one loop instead of one bs4 call per event.

bs4's lxml builder receives lxml's parse events one by one and runs its general tree
construction for each (string stripping, container lookups, linkage repair). Here lxml
builds its tree in C, and one walk creates the same bs4 Tags and strings with their links
set directly. The result is the tree bs4's "lxml" builder gives on the same text
(tests/archive/parse/test_fast_paths_equivalent.py compares every node and link).

The walk fills in bs4's private Tag fields as bs4 4.15 lays them out, so it runs only on that
release, which pyproject.toml pins (beautifulsoup4>=4.15,<4.16, lxml>=6,<7). On any other
release parsing takes bs4's own path, slower but the same tree, and importing this module warns
so that nobody loses the speed without knowing: check the new release with the test above, then
move CHECKED_BS4 and the pin together.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, Tag, __version__
from bs4.element import Comment, Doctype, NavigableString, PageElement
from lxml import etree

CHECKED_BS4 = "4.15"  # the bs4 release (major.minor) the walk was checked against
DIRECT_WALK = ".".join(__version__.split(".")[:2]) == CHECKED_BS4
if not DIRECT_WALK:
    warnings.warn(
        f"beautifulsoup4 {__version__} is not {CHECKED_BS4}, the release archive/parse/tree.py "
        "was checked against: pages parse on bs4's slower path. Run "
        "tests/archive/parse/test_fast_paths_equivalent.py, then update CHECKED_BS4 and the pin.",
        RuntimeWarning,
        stacklevel=2,
    )

_ASCII_SPACES = BeautifulSoup.ASCII_SPACES
_EVENTS = ("start", "end", "comment", "pi")
# libxml2's tree gives these attributes their own name as value when the markup has none
_BOOLEAN = frozenset(
    [
        "checked",
        "compact",
        "declare",
        "defer",
        "disabled",
        "ismap",
        "multiple",
        "nohref",
        "noresize",
        "noshade",
        "nowrap",
        "readonly",
        "selected",
    ]
)


_HTML_END = re.compile(r"</html\b[^>]*>", re.I)
_NON_SPACE = re.compile(r"\S+")  # how bs4 splits a class="a b" value
_DOCTYPE = re.compile(r"<!doctype", re.I)


class UnusualTree(Exception):
    """The lxml tree holds something the direct walk does not handle; use bs4's path."""


def parse_tree(markup: str) -> Any:
    """Return lxml's HTML tree root for markup, parsed as bs4's lxml builder parses it.

    Raises:
        UnusualTree: no root, or nodes beside the root (comments before <html>).
    """
    parser = etree.HTMLParser(recover=True, default_doctype=False)
    parser.feed(markup)
    root = parser.close()
    if root is None or root.getprevious() is not None or root.getnext() is not None:
        raise UnusualTree("no single root")
    return root


class _BooleanValues:
    """lxml parser target: each element's tag and boolean attributes, in document order."""

    def __init__(self) -> None:
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Note one start tag (called by lxml)."""
        self.found.append((tag, {k: attrib[k] for k in _BOOLEAN.intersection(attrib)}))

    def close(self) -> list[tuple[str, dict[str, str]]]:
        """Return what was noted (called by lxml)."""
        return self.found


def _boolean_values(markup: str) -> list[tuple[str, dict[str, str]]]:
    """Parse markup as parse_tree does and return each element's boolean attributes."""
    parser = etree.HTMLParser(recover=True, default_doctype=False, target=_BooleanValues())
    parser.feed(markup)
    found: list[tuple[str, dict[str, str]]] = parser.close()
    return found


class _Walk:
    """The state of one walk: the open tags and the element created last."""

    def __init__(self, soup: BeautifulSoup, builder: Any, markup: str) -> None:
        self.soup = soup
        self.markup = markup
        self.bare: dict[str, bool] = {}
        self.elements = 0  # elements made so far, in document order
        # per element, its boolean attributes as written, read only when a page spells one
        # both with and without a value
        self.written: list[tuple[str, dict[str, str]]] | None = None
        self.builder = builder
        self.containers: dict[str, type[NavigableString]] = builder.string_containers
        self.list_names: dict[str, tuple[str, ...]] = {}  # tag name: its multi-valued attributes
        self.value_list = builder.attribute_value_list_class
        self.previous: PageElement | None = soup._most_recent_element
        self.preserve = 0  # open <pre>/<textarea> tags: their whitespace stays as it is
        self.open_containers: list[str] = []  # open <script>/<style>...: their strings' class
        self.shared = {
            "parser_class": type(soup),
            "namespace": None,
            "_namespaces": builder.active_namespace_prefixes[-1],
            "prefix": None,
            "sourceline": None,
            "sourcepos": None,
            "attribute_value_list_class": builder.attribute_value_list_class,
            "known_xml": False,
            "hidden": False,
            "cdata_list_attributes": builder.cdata_list_attributes,
            "preserve_whitespace_tags": builder.preserve_whitespace_tags,
            "interesting_string_types": Tag.MAIN_CONTENT_STRING_TYPES,
        }

    def link(self, node: Any, parent: Tag) -> None:
        """Append node to parent, linked as bs4's object_was_parsed links it."""
        contents = parent.contents
        sibling = contents[-1] if contents else None
        previous = self.previous
        node.parent = parent
        node.previous_element = previous
        node.next_element = None
        node.next_sibling = None
        node.previous_sibling = sibling
        if previous is not None:
            previous.next_element = node
        if sibling is not None:
            sibling.next_sibling = node
        contents.append(node)
        self.previous = node

    def string(self, text: str, parent: Tag, kind: type[NavigableString] | None = None) -> None:
        """Add text to parent as the string bs4's endData makes of it."""
        if not self.preserve and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if kind is None:
            kind = self.containers[self.open_containers[-1]] if self.open_containers else None
        node = str.__new__(kind or NavigableString, text)
        node.hidden = False
        self.link(node, parent)

    def unfill(self, tag_name: str, attrs: dict[str, Any]) -> None:
        """Give boolean attributes written without a value the '' bs4 gives them.

        Raises:
            UnusualTree: the page writes the attribute both with and without a value, and its
                start tags as lxml reports them do not match the tree's elements.
        """
        for name in _BOOLEAN.intersection(attrs):
            if attrs[name] != name:
                continue
            bare = self.bare.get(name)
            if bare is None:
                written = re.search(rf"\b{name}\s*=", self.markup, re.I)
                bare = self.bare[name] = written is None
            attrs[name] = "" if bare else self.as_written(tag_name, name)

    def as_written(self, tag_name: str, name: str) -> str:
        """Return the value the current element's start tag gives name ('' when bare).

        lxml's tree gives "checked" for both `checked` and `checked="checked"`; its parser
        events tell them apart, in the order the tree's elements were made.

        Raises:
            UnusualTree: the events and the tree's elements are out of step.
        """
        if self.written is None:
            self.written = _boolean_values(self.markup)
        position = self.elements - 1
        if position >= len(self.written) or self.written[position][0] != tag_name:
            raise UnusualTree("start tags out of step with the tree")
        value = self.written[position][1].get(name)
        if value is None:
            raise UnusualTree("start tags out of step with the tree")
        return value

    def split_lists(self, name: str, attrs: dict[str, Any]) -> None:
        """Split multi-valued attributes ("class", "rel") into lists, as bs4's builder does."""
        names = self.list_names.get(name)
        if names is None:
            lists = self.builder.cdata_list_attributes
            both = (*lists.get("*", ()), *lists.get(name.lower(), ()))
            names = self.list_names[name] = tuple(dict.fromkeys(both))
        for key in names:
            value = attrs.get(key)
            if value is not None:  # lxml's values are always str
                # dict's own setter: bs4's only converts None, bool and numbers, never a list
                dict.__setitem__(attrs, key, self.value_list(_NON_SPACE.findall(value)))

    def tag(self, element: Any, parent: Tag) -> Tag:
        """Create and link the Tag for an lxml element."""
        name = element.tag
        builder = self.builder
        # lxml's HTML parser knows no namespaces: names are plain ("xml:lang", "og:title")
        attrs = builder.attribute_dict_class(element.items())
        self.elements += 1
        if attrs:
            self.split_lists(name, attrs)
            if not _BOOLEAN.isdisjoint(attrs):
                self.unfill(name, attrs)
        tag = Tag.__new__(Tag)
        values = dict(self.shared)
        values["name"] = name
        values["attrs"] = attrs
        values["contents"] = []
        values["can_be_empty_element"] = name in builder.empty_element_tags
        if name in self.containers:
            values["interesting_string_types"] = {self.containers[name]}
        tag.__dict__ = values
        self.link(tag, parent)
        if name == "meta":
            builder.set_up_substitutions(tag)
        return tag


def build_soup(soup: BeautifulSoup, builder: Any, markup: str) -> None:
    """Add the tree under root to an empty soup, as bs4's lxml builder would have.

    Raises:
        UnusualTree: no single root, a doctype inside the page, markup after </html>, a
            processing instruction, an entity node, or (on a page that writes a boolean
            attribute both with and without a value) lxml's start tags out of step with its tree.
    """
    root = parse_tree(markup)
    walk = _Walk(soup, builder, markup)
    dtd = root.getroottree().docinfo.internalDTD
    _check_doctype(markup)
    _check_html_end(markup)
    if dtd is not None:
        text = Doctype._string_for_name_and_ids(dtd.name, dtd.external_id, dtd.system_url)
        walk.string(text, soup, Doctype)
    stack: list[Tag] = [soup]
    preserve_names = builder.preserve_whitespace_tags
    for event, element in etree.iterwalk(root, events=_EVENTS):
        if event == "start":
            if not isinstance(element.tag, str):
                raise UnusualTree("entity node")
            tag = walk.tag(element, stack[-1])
            stack.append(tag)
            if tag.name in preserve_names:
                walk.preserve += 1
            if tag.name in walk.containers:
                walk.open_containers.append(tag.name)
            if element.text is not None:
                walk.string(element.text, tag)
            continue
        if event == "end":
            tag = stack.pop()
            if tag.name in preserve_names:
                walk.preserve -= 1
            if tag.name in walk.containers:
                walk.open_containers.pop()
        elif event == "comment":
            walk.string(element.text or "", stack[-1], Comment)
        else:
            raise UnusualTree("processing instruction")
        if element.tail is not None:
            walk.string(element.tail, stack[-1])
    if walk.written is not None and len(walk.written) != walk.elements:
        raise UnusualTree("start tags out of step with the tree")
    soup._most_recent_element = walk.previous


def _check_doctype(markup: str) -> None:
    """Make sure the only doctype starts the page: lxml's tree drops any later one.

    Raises:
        UnusualTree: a doctype after other markup, or several.
    """
    found = list(_DOCTYPE.finditer(markup))
    if len(found) > 1 or (found and markup[: found[0].start()].strip(_ASCII_SPACES)):
        raise UnusualTree("doctype inside the page")


def _check_html_end(markup: str) -> None:
    """Make sure nothing follows </html>: lxml's tree drops it, bs4 keeps it.

    Raises:
        UnusualTree: several </html>, or anything after it.
    """
    ends = list(_HTML_END.finditer(markup))
    if len(ends) > 1 or (ends and ends[0].end() < len(markup)):
        raise UnusualTree("markup after </html>")
