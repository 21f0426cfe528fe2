"""A hand-made small-town weekly: layout tables, <font>, <br><br> paragraphs, no JSON-LD.

Story keys this style reads beyond the shared format: "markup" ("p", "br" or "sloppy") and
"charset" (for example "windows-1252").
"""

from __future__ import annotations

from typing import Any

from tests.outlet.styles import Story, blocks, charset, dateline_prefix, esc, long_date

Outlet = dict[str, Any]

SERVER_HEADERS = (("Server", "Apache/2.2.15 (CentOS)"), ("Accept-Ranges", "bytes"))
_NAV = ("Front Page", "Town News", "Schools", "Sports", "Police Log", "Obituaries", "Calendar")


def render_article(outlet: Outlet, story: Story) -> bytes:
    """Render a story as an old table-layout weekly page in the story's charset."""
    page = "\n".join(
        [
            _head(outlet, f"{outlet['name']} - {story['title']}", story),
            _top(outlet),
            _story(story),
            _bottom(outlet, story["published"][:4], sloppy=story.get("markup") == "sloppy"),
        ]
    )
    return page.encode(charset(story))


def render_non_article(outlet: Outlet, page: Story, stories: list[Story]) -> bytes:
    """Render a photo gallery: thumbnails and numbers, no text to speak of."""
    cells = "".join(
        f'<TD><A HREF="/photos/{page["slug"]}/{n:02d}.jpg"><IMG SRC="/photos/{page["slug"]}/'
        f'thumb{n:02d}.jpg" WIDTH=120 HEIGHT=90 BORDER=0></A><BR><FONT SIZE=1>{n} of 12</FONT>'
        "</TD>" + ("</TR><TR>" if n % 4 == 0 else "")
        for n in range(1, 13)
    )
    title = page.get("title") or "Photo Gallery"
    body = (
        f'<FONT FACE="Georgia, Times" SIZE=5><B>{esc(title)}</B></FONT><BR><BR>'
        f"<TABLE CELLPADDING=4><TR>{cells}</TR></TABLE>"
    )
    parts = [_head(outlet, f"{outlet['name']} - {title}", None), _top(outlet), body]
    return "\n".join([*parts, _bottom(outlet, "2024", sloppy=False)]).encode("utf-8")


def _head(outlet: Outlet, title: str, story: Story | None) -> str:
    code = charset(story) if story else "utf-8"
    lines = [
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
        "<HTML>",
        "<HEAD>",
        f'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset={code}">',
        f"<TITLE>{esc(title)}</TITLE>",
    ]
    if story is not None:
        lines.append(f'<META NAME="description" CONTENT="{esc(story["summary"])}">')
        if story["date_visibility"] != "visible":
            lines.append(f'<META NAME="date" CONTENT="{story["published"][:10]}">')
    lines += ["</HEAD>", '<BODY BGCOLOR="#FFFFF0" TEXT="#000000" LINK="#660000">']
    return "\n".join(lines)


def _top(outlet: Outlet) -> str:
    links = "<BR>".join(
        f'<A HREF="{_section_href(n)}"><FONT FACE="Arial" SIZE=2>{n}</FONT></A>' for n in _NAV
    )
    return (
        '<TABLE WIDTH="760" BORDER="0" CELLPADDING="6" CELLSPACING="0" ALIGN="center">'
        '<TR><TD COLSPAN="2" ALIGN="center"><IMG SRC="/images/masthead.gif"'
        f' ALT="{esc(outlet["name"])}" WIDTH=600 HEIGHT=80><BR>'
        '<FONT FACE="Arial" SIZE=1>Serving Wethersfield, Rocky Hill and Newington since 1952'
        "</FONT></TD></TR>\n"
        f'<TR><TD WIDTH="150" VALIGN="top" BGCOLOR="#EEEEDD">{links}<BR><BR>'
        '<FONT SIZE=1><A HREF="/contact.html">Contact Us</A></FONT></TD>\n<TD VALIGN="top">'
    )


def _story(story: Story) -> str:
    lines = [
        f'<FONT FACE="Arial" SIZE=1><A HREF="/frontpage.html">Front Page</A> &raquo; '
        f'<A HREF="{_section_href(story["section"])}">{esc(story["section"])}</A></FONT><BR>',
        f'<FONT FACE="Georgia, Times" SIZE=5><B>{esc(story["title"])}</B></FONT><BR>',
    ]
    if story["date_visibility"] != "meta-only":
        lines.append(f"<FONT SIZE=2><I>{long_date(story['published'])}</I></FONT><BR>")
    lines += [f"<FONT SIZE=2>By {esc(a)}, Ledger Staff</FONT><BR>" for a in story["authors"]]
    lines.append(_photo(story))
    lines.append(_paragraphs(story))
    if story["tags"]:
        lines.append(f"<BR><FONT SIZE=1>Filed under: {esc(', '.join(story['tags']))}</FONT>")
    return "\n".join(lines)


def _section_href(section: str) -> str:
    return f"/{section.lower().replace(' ', '')}.html"


def _photo(story: Story) -> str:
    if not story.get("photo_credit"):
        return "<BR>"
    return (
        '<TABLE ALIGN="right" WIDTH="260" BORDER="1" CELLPADDING="3"><TR><TD>'
        f'<IMG SRC="/photos/{story["slug"]}.jpg" WIDTH=250><BR><FONT SIZE=1>'
        f"{esc(story.get('photo_caption', ''))} <I>({esc(story['photo_credit'])})</I></FONT>"
        "</TD></TR></TABLE>"
    )


def _paragraphs(story: Story) -> str:
    markup = story.get("markup", "p")
    prefix = dateline_prefix(story)
    out: list[str] = []
    for index, (text, subhead) in enumerate(blocks(story)):
        text = esc(prefix + text if index == 0 else text)
        out.append(_paragraph(text, markup, subhead))
    return "\n".join(out)


def _paragraph(text: str, markup: str, subhead: bool) -> str:
    if markup == "br":
        return f"<B>{text}</B><BR>" if subhead else f"{text}<BR><BR>"
    if markup == "sloppy":
        # Unclosed on purpose: this page is the one with sloppy markup.
        return f"<p><b>{text}" if subhead else f'<p><font face="Georgia">{text}'
    if subhead:
        return f"<P><B>{text}</B></P>"
    return f'<P><FONT FACE="Georgia, Times" SIZE=3>{text}</FONT></P>'


def _bottom(outlet: Outlet, year: str, sloppy: bool) -> str:
    close = "" if sloppy else "</TD></TR>"
    return (
        f"{close}\n<TR><TD COLSPAN=2 ALIGN=center><HR><FONT SIZE=1>Copyright &copy; {year} "
        f"{esc(outlet['name'])}, 110 Main Street, {esc(outlet['home'])} 06109. All rights"
        " reserved.<BR>You are visitor number 0048213</FONT></TD></TR></TABLE>\n</BODY>\n</HTML>\n"
    )
