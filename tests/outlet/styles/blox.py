"""The markup of a TownNews BLOX newspaper site: asset containers, tnt- classes, microdata."""

from __future__ import annotations

import json
import zlib
from typing import Any

from tests.outlet.styles import Story, blocks, clock, dateline_prefix, esc, host, short_date

Outlet = dict[str, Any]

SERVER_HEADERS = (
    ("Server", "nginx"),
    ("Cache-Control", "max-age=300, public"),
    ("X-TNCMS-Version", "1.73.2"),
    ("Vary", "Accept-Encoding"),
)
_NAV = ("News", "Local News", "Sports", "Obituaries", "Opinion", "Weather", "e-Edition")
# Teasers in the sidebar name towns and officials on purpose: they are not the story's text.
_RELATED = (
    ("West Hartford council weighs leaf pickup changes", "/news/local/west-hartford-leaf-pickup/"),
    ("Mayor names new parks director", "/news/local/mayor-names-parks-director/"),
    ("Enfield man charged after Route 5 crash", "/news/local/enfield-route-5-crash/"),
    ("Glastonbury girls soccer advances to semifinal", "/sports/glastonbury-soccer-semifinal/"),
    ("Power outages linger in Windsor and Bloomfield", "/news/local/windsor-bloomfield-outages/"),
    ("Obituary: longtime Newington crossing guard", "/obituaries/newington-crossing-guard/"),
)


def render_article(outlet: Outlet, story: Story) -> bytes:
    """Render a story as a BLOX article page."""
    title = f"{story['title']} | {story['section']} | {host(outlet)}"
    parts = [
        _head(outlet, title, story),
        _masthead(outlet),
        '<div class="container main-content"><div class="row"><div class="col-md-8">',
        _article(outlet, story),
        "</div>",
        _sidebar(story["slug"]),
        "</div></div>",
        _footer(outlet, story["published"][:4]),
    ]
    return "\n".join(parts).encode("utf-8")


def render_non_article(outlet: Outlet, page: Story, stories: list[Story]) -> bytes:
    """Render a section index, tag page or search results page as BLOX lists of teasers."""
    heading = page.get("title") or page["kind"]
    title = f"{heading} | {host(outlet)}"
    teasers = [s for s in stories if _matches(page, s)][:8]
    items = "\n".join(_teaser(s) for s in teasers)
    body = (
        '<div class="container main-content"><section class="block-title">'
        f'<h1 class="block-title-inner">{esc(heading)}</h1></section>'
        f'<div class="tnt-results card-grid" data-kind="{esc(page["kind"])}">{items}</div>'
        '<nav class="tnt-pagination"><a href="?o=10">Next</a></nav></div>'
    )
    head = _head(outlet, title, None)
    return "\n".join([head, _masthead(outlet), body, _footer(outlet, "2026")]).encode("utf-8")


def _matches(page: Story, story: Story) -> bool:
    if page["kind"] == "tag-page":
        return page.get("tag") in story["tags"]
    if page["kind"] == "search":
        query = str(page.get("query", "")).lower()
        return query in story["title"].lower() or query in story["summary"].lower()
    return page.get("section") in (None, story["section"])


def _teaser(story: Story) -> str:
    return (
        '<article class="tnt-asset-type-article card summary">'
        f'<div class="card-headline"><h3 class="tnt-headline"><a href="{esc(story["path"])}">'
        f"{esc(story['title'])}</a></h3></div>"
        f'<div class="card-lead"><p class="tnt-summary">{esc(story["summary"])}</p></div>'
        f'<ul class="list-inline"><li class="card-date"><time datetime="{story["published"]}">'
        f"{short_date(story['published'])}</time></li></ul></article>"
    )


def _head(outlet: Outlet, title: str, story: Story | None) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta property="og:site_name" content="{esc(outlet["name"])}">',
        '<link rel="stylesheet" href="/shared-content/art/tncms/templates/theme.css">',
    ]
    if story is not None:
        lines += _story_meta(outlet, story)
    lines += ["</head>", '<body class="tnt-section-news tnt-body">']
    return "\n".join(lines)


def _story_meta(outlet: Outlet, story: Story) -> list[str]:
    url = outlet["base_url"] + story["path"]
    lines = [
        f'<meta name="description" content="{esc(story["summary"])}">',
        f'<link rel="canonical" href="{esc(url)}">',
        f'<meta property="og:title" content="{esc(story["title"])}">',
        f'<meta property="og:description" content="{esc(story["summary"])}">',
        f'<meta property="og:url" content="{esc(url)}">',
        '<meta property="og:type" content="article">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta property="article:section" content="{esc(story["section"])}">',
    ]
    lines += [f'<meta property="article:tag" content="{esc(t)}">' for t in story["tags"]]
    if story["date_visibility"] != "visible":
        lines.append(f'<meta property="article:published_time" content="{story["published"]}">')
        if story.get("updated"):
            lines.append(f'<meta property="article:modified_time" content="{story["updated"]}">')
        lines.append(_json_ld(outlet, story, url))
    return lines


def _json_ld(outlet: Outlet, story: Story, url: str) -> str:
    authors = [{"@type": "Person", "name": a} for a in story["authors"]]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": url,
        "headline": story["title"],
        "description": story["summary"],
        "datePublished": story["published"],
        "dateModified": story.get("updated") or story["published"],
        "articleSection": story["section"],
        "keywords": story["tags"],
        "author": authors or {"@type": "Organization", "name": _credit(outlet, story)},
        "publisher": {"@type": "Organization", "name": outlet["name"]},
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _credit(outlet: Outlet, story: Story) -> str:
    return "The Associated Press" if story.get("wire") == "AP" else str(outlet["name"])


def _masthead(outlet: Outlet) -> str:
    links = "".join(
        f'<li class="nav-item"><a href="/{n.lower().replace(" ", "-")}/">{n}</a></li>' for n in _NAV
    )
    return (
        '<header id="site-header" class="tnt-header"><div class="alert-bar">Subscribe for $1'
        ' a week. <a href="/subscribe/">Learn more</a></div>'
        f'<a class="navbar-brand" href="/">{esc(outlet["name"])}</a>'
        f'<nav id="main-navigation"><ul class="nav navbar-nav">{links}</ul></nav>'
        '<form class="tnt-search-form" action="/search/"><input name="q" placeholder="Search">'
        "</form></header>"
    )


def _article(outlet: Outlet, story: Story) -> str:
    asset = zlib.crc32(story["slug"].encode()) & 0xFFFFFFFF
    return "\n".join(
        [
            f'<article id="asset-{asset:08x}" class="asset story-asset" itemscope'
            ' itemtype="https://schema.org/NewsArticle">',
            '<header class="asset-header">',
            f'<div class="meta"><span class="kicker"><a href="/news/local/">'
            f"{esc(story['section'])}</a></span></div>",
            f'<h1 class="headline"><span class="tnt-headline" itemprop="headline">'
            f"{esc(story['title'])}</span></h1>",
            f'<ul class="list-inline">{_byline(story)}{_dates(story)}</ul>',
            "</header>",
            _share(),
            _photo(story),
            _body(story),
            _tags(story),
            _copyright(outlet, story),
            "</article>",
        ]
    )


def _byline(story: Story) -> str:
    if not story["authors"]:
        return ""
    if story.get("wire"):
        names = " and ".join(a.upper() for a in story["authors"])
        byline = f"By {names} Associated Press"
        return f'<li><span itemprop="author" class="tnt-byline">{byline}</span></li>'
    spans = " and ".join(
        f'<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<a href="/users/profile/{a.split()[-1].lower()}" rel="author">'
        f'<span itemprop="name">{esc(a)}</span></a></span>'
        for a in story["authors"]
    )
    return f'<li class="tnt-byline">By {spans}</li>'


def _dates(story: Story) -> str:
    visibility = story["date_visibility"]
    if visibility == "meta-only":
        return ""
    published, updated = story["published"], story.get("updated")
    if visibility == "visible":
        text = f"Posted {short_date(published)} {clock(published)}"
        if updated:
            text += f" | Updated {short_date(updated)} {clock(updated)}"
        return f'<li><span class="asset-date text-muted">{text}</span></li>'
    out = (
        f'<li><time datetime="{published}" class="tnt-date asset-date text-muted"'
        f' itemprop="datePublished">{short_date(published)}</time></li>'
    )
    if updated:
        out += (
            f'<li><time datetime="{updated}" class="tnt-date asset-date text-muted"'
            f' itemprop="dateModified">Updated {short_date(updated)}</time></li>'
        )
    return out


def _share() -> str:
    buttons = "".join(
        f'<li class="share-{n.lower()}"><a class="tnt-share" href="#">{n}</a></li>'
        for n in ("Facebook", "Twitter", "WhatsApp", "SMS", "Email", "Print", "Save")
    )
    return f'<div class="share-container"><ul class="list-inline">{buttons}</ul></div>'


def _photo(story: Story) -> str:
    credit = story.get("photo_credit")
    if not credit:
        return ""
    caption = story.get("photo_caption", "")
    return (
        '<figure class="photo layout-horizontal"><div class="image">'
        f'<img src="/content/tncms/assets/v3/editorial/{story["slug"]}.jpg" alt=""'
        ' itemprop="image"></div><figcaption class="caption-container">'
        f'<div class="caption-text"><p>{esc(caption)}</p></div>'
        f'<span class="tnt-byline">{esc(credit)}</span></figcaption></figure>'
    )


def _body(story: Story) -> str:
    out: list[str] = []
    prefix = dateline_prefix(story)
    for index, (text, subhead) in enumerate(blocks(story)):
        if subhead:
            out.append(f"<h3>{esc(text)}</h3>")
        else:
            out.append(f"<p>{esc(prefix + text if index == 0 else text)}</p>")
        if index == 1:
            out.append(
                '<div class="tnt-ads-container"><div class="tnt-ads">ADVERTISEMENT</div></div>'
            )
        if index == 3:
            out.append(
                '<div class="tnt-inline-newsletter"><h4>Local news in your inbox</h4>'
                "<p>Sign up for our free Daily Headlines newsletter.</p>"
                '<a class="btn" href="/newsletters/">Sign up!</a></div>'
            )
    return (
        '<div id="article-body" class="asset-content subscriber-premium" itemprop="articleBody">'
        + "\n".join(out)
        + "</div>"
    )


def _tags(story: Story) -> str:
    links = "".join(
        f'<li><a href="/search/?k=%23{esc(t)}" class="tnt-tag">{esc(t)}</a></li>'
        for t in story["tags"]
    )
    return f'<div class="asset-tags"><ul class="list-inline">{links}</ul></div>'


def _copyright(outlet: Outlet, story: Story) -> str:
    year = story["published"][:4]
    if story.get("wire") == "AP":
        return (
            f'<p class="copyright">Copyright {year} The Associated Press. All rights reserved.'
            " This material may not be published, broadcast, rewritten or redistributed"
            " without permission.</p>"
        )
    return f'<p class="copyright">Copyright {year} {esc(outlet["name"])}</p>'


def _sidebar(slug: str) -> str:
    start = zlib.crc32(slug.encode()) % len(_RELATED)
    picks = [_RELATED[(start + i) % len(_RELATED)] for i in range(3)]
    items = "".join(f'<li><a href="{p}">{esc(t)}</a></li>' for t, p in picks)
    return (
        '<aside class="col-md-4"><section id="related-stories" class="tnt-related">'
        f"<h2>Related stories</h2><ul>{items}</ul></section>"
        '<section class="tnt-most-popular"><h2>Most Popular</h2></section></aside>'
    )


def _footer(outlet: Outlet, year: str) -> str:
    return (
        '<footer id="site-footer"><div class="footer-contact">'
        f"{esc(outlet['name'])}, 285 Broad St., {esc(outlet['home'])} 06105</div>"
        f"<p>&copy; {year} {esc(outlet['name'])}. Powered by BLOX Content Management System"
        ' from <a href="https://www.townnews.com">TownNews.com</a>.</p>'
        '<ul class="list-inline"><li><a href="/terms/">Terms of Use</a></li>'
        '<li><a href="/privacy/">Privacy Policy</a></li></ul></footer>'
        "</body>\n</html>\n"
    )
