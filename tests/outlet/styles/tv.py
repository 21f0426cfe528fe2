"""The markup of a local TV station site: video first, UTC metadata, promos inside the story."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.outlet.styles import Story, blocks, esc

Outlet = dict[str, Any]

SERVER_HEADERS = (
    ("Server", "nginx"),
    ("X-Powered-By", "WordPress VIP <https://wpvip.com>"),
    ("Cache-Control", "max-age=300, must-revalidate"),
    ("X-Cache", "HIT"),
)
STATION_TAG = "NEWS9"
_NAV = (
    "News",
    "Local News",
    "Weather",
    "Closings",
    "Sports",
    "Investigations",
    "Video",
    "Contests",
)
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")  # fmt: skip
# Headlines outside the story name towns on purpose: only the story's own text counts.
_TRENDING = (
    ("Crash closes Northway exit in Clifton Park", "/news/local-news/northway-crash-clifton-park/"),
    ("Schenectady man charged in State Street robbery", "/news/crime/state-street-robbery/"),
    ("Rotterdam diner closing after 40 years", "/news/local-news/rotterdam-diner-closing/"),
    ("Watervliet teen wins state wrestling title", "/sports/watervliet-wrestling-title/"),
    ("Amsterdam council approves new fire truck", "/news/local-news/amsterdam-fire-truck/"),
    ("Glens Falls crews repair water main break", "/news/local-news/glens-falls-water-main/"),
)


def render_article(outlet: Outlet, story: Story) -> bytes:
    """Render a story as a TV station article page, video player above the text."""
    title = f"{story['title']} | {outlet['name']}"
    url = outlet["base_url"] + story["path"]
    parts = [
        _head(outlet, title, story.get("summary", ""), url, _article_meta(outlet, story, url)),
        '<body class="single single-post article-page">',
        _chrome(outlet),
        '<main id="main" class="site-main"><div class="article-wrap">',
        _article(outlet, story),
        _trending(story["slug"]),
        "</div></main>",
        _footer(outlet),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")


def render_non_article(outlet: Outlet, page: Story, stories: list[Story]) -> bytes:
    """Render a video-only page (kind "gallery") or a section index of story cards."""
    heading = str(page.get("title") or page["kind"])
    url = outlet["base_url"] + page["path"]
    if page["kind"] == "gallery":
        meta = ['<meta property="og:type" content="video.other">']
        content = _video_page(heading, page["slug"])
    else:
        meta = ['<meta property="og:type" content="website">']
        content = _section_index(heading, stories)
    parts = [
        _head(outlet, f"{heading} | {outlet['name']}", "", url, meta),
        '<body class="archive">',
        _chrome(outlet),
        f'<main id="main" class="site-main">{content}{_trending(page["slug"])}</main>',
        _footer(outlet),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")


def _pick(seed: str, pool: tuple[Any, ...], count: int) -> list[Any]:
    """Return `count` items of `pool`, chosen deterministically from `seed`."""
    start = zlib.crc32(seed.encode("utf-8")) % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(count)]


def _utc(iso: str) -> str:
    """Return a story time in the UTC "Z" form station CMSs put in their metadata."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp(iso: str, outlet: Outlet) -> str:
    """Return a visible time stamp: "Aug. 1, 2023 at 9:15 PM EDT"."""
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(outlet["timezone"]))
    hour = moment.hour % 12 or 12
    ampm = "AM" if moment.hour < 12 else "PM"
    day = f"{_AP_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    return f"{day} at {hour}:{moment:%M} {ampm} {moment.tzname()}"


def _head(outlet: Outlet, title: str, summary: str, url: str, extra: list[str]) -> str:
    """Return the document head with the page's own meta tags in `extra`."""
    lines = [
        '<!DOCTYPE html>\n<html lang="en-US"><head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<meta name="description" content="{esc(summary)}">',
        f'<link rel="canonical" href="{esc(url)}">',
        f'<meta property="og:site_name" content="{esc(outlet["name"])}">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:url" content="{esc(url)}">',
        *extra,
        '<meta name="twitter:site" content="@News9Albany">',
        '<link rel="stylesheet" href="/wp-content/themes/station/dist/main.css?ver=4.12.0">',
        '<script src="https://cdn.cookielaw.example/scripttemplates/otSDKStub.js" async></script>',
        "<script>window.dataLayer = window.dataLayer || [];</script>",
        "</head>",
    ]
    return "\n".join(lines)


def _article_meta(outlet: Outlet, story: Story, url: str) -> list[str]:
    """Return the story's og/article/Parse.ly meta tags and its JSON-LD, dates in UTC."""
    meta = [
        '<meta property="og:type" content="article">',
        f'<meta property="og:description" content="{esc(story.get("summary", ""))}">',
        f'<meta property="og:image" content="{outlet["base_url"]}/wp-content/uploads/sites/9/'
        f'{story["slug"]}.jpg?w=1280">',
        f'<meta property="article:section" content="{esc(story["section"])}">',
    ]
    if story["date_visibility"] != "visible":
        meta.append(
            f'<meta property="article:published_time" content="{_utc(story["published"])}">'
        )
        if story.get("updated"):
            meta.append(
                f'<meta property="article:modified_time" content="{_utc(story["updated"])}">'
            )
    ld = json.dumps(_json_ld(outlet, story, url))
    meta.append(f'<script type="application/ld+json">{ld}</script>')
    return meta


def _json_ld(outlet: Outlet, story: Story, url: str) -> dict[str, Any]:
    """Return the NewsArticle JSON-LD with its video; the station is never an author."""
    authors: list[dict[str, str]] = [{"@type": "Person", "name": a} for a in story["authors"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story["title"],
        "mainEntityOfPage": url,
        "articleSection": story["section"],
        "keywords": ", ".join(story.get("tags", [])),
        "publisher": {"@type": "Organization", "name": outlet["name"],
                      "logo": {"@type": "ImageObject", "url": f"{outlet['base_url']}/logo.png"}},
        "video": {"@type": "VideoObject", "name": story["title"],
                  "thumbnailUrl": f"{outlet['base_url']}/video/thumbs/{story['slug']}.jpg"},
    }  # fmt: skip
    if authors:
        data["author"] = authors
    if story["date_visibility"] != "visible":
        data["datePublished"] = _utc(story["published"])
        if story.get("updated"):
            data["dateModified"] = _utc(story["updated"])
    return data


def _chrome(outlet: Outlet) -> str:
    """Return the cookie banner, alert bar, weather widget and the heavy header nav."""
    links = "".join(
        f'<li class="nav-item"><a href="/{n.lower().replace(" ", "-")}/">{n}</a></li>' for n in _NAV
    )
    return (
        '<div id="onetrust-banner-sdk" class="cookie-banner" role="dialog"><p>We use cookies to '
        "personalize content and ads and to analyze our traffic.</p>"
        '<button id="onetrust-accept-btn-handler">Accept All Cookies</button></div>\n'
        '<div class="alert-bar"><a href="/live/">WATCH LIVE: NewsChannel 9 at 6</a></div>\n'
        '<header class="site-header"><a class="site-logo" href="/">'
        f'<img src="/logo.svg" alt="{esc(outlet["name"])}"></a>'
        '<div class="weather-widget"><span class="temp">41&deg;</span> '
        '<a href="/weather/">7-Day Forecast</a></div>'
        f'<nav class="primary-nav"><ul>{links}</ul></nav>'
        '<div class="header-actions"><a href="/contact-us/">Contact Us</a> '
        '<a href="/app/">Download our app</a> <a href="/newsletters/">Newsletters</a></div>'
        "</header>"
    )


def _article(outlet: Outlet, story: Story) -> str:
    """Return the <article>: header, video, body with promos, tags."""
    return "\n".join([
        '<article class="article">',
        '<header class="article-header">',
        f'<a class="article-section" href="/news/local-news/">{esc(story["section"])}</a>',
        f'<h1 class="article-title">{esc(story["title"])}</h1>',
        _byline(story),
        _dates(outlet, story),
        "</header>",
        _player(story["slug"]),
        _content(story),
        _tags(story),
        "</article>",
    ])  # fmt: skip


def _byline(story: Story) -> str:
    """Return the byline: names, the wire, nothing for the weather desk, else "By Staff"."""
    authors = story["authors"]
    if authors:
        names = " and ".join(esc(a) for a in authors)
        return f'<div class="article-byline"><span class="byline-label">by:</span> {names}</div>'
    if story.get("wire") == "AP":
        return '<div class="article-byline">By The Associated Press</div>'
    if story["section"] == "Weather":
        return ""
    return '<div class="article-byline">By Staff</div>'


def _dates(outlet: Outlet, story: Story) -> str:
    """Return the visible Published/Updated stamps, or nothing when dates are meta-only."""
    if story["date_visibility"] == "meta-only":
        return ""
    out = f'<p class="article-date">Published: {_stamp(story["published"], outlet)}</p>'
    if story.get("updated"):
        out += f'<p class="article-date updated">Updated: {_stamp(story["updated"], outlet)}</p>'
    return f'<div class="article-dates">{out}</div>'


def _player(seed: str) -> str:
    """Return the video player placeholder that leads every story."""
    video_id = zlib.crc32(seed.encode("utf-8"))
    return (
        f'<div class="video-player" data-video-id="{video_id}" data-autoplay="muted">'
        '<div class="vjs-poster"></div><button class="vjs-big-play-button" title="Play Video">'
        '<span class="vjs-control-text">Play Video</span></button></div>'
    )


def _content(story: Story) -> str:
    """Return the story text with the promos a station CMS drops between paragraphs."""
    paragraphs = blocks(story)
    out = ['<div class="article-content">']
    for index, (text, subhead) in enumerate(paragraphs):
        if subhead:
            out.append(f"<h2>{esc(text)}</h2>")
        else:
            out.append(f"<p>{_lead(story) if index == 0 else ''}{esc(text)}</p>")
        out.extend(_inserts(story, index, len(paragraphs)))
    out.extend(_closers(story))
    out.append("</div>")
    return "\n".join(out)


def _lead(story: Story) -> str:
    """Return the dateline as stations print it: "TROY, N.Y. (NEWS9) \u2014 "."""
    if not story.get("dateline"):
        return ""
    tag = story.get("wire") or STATION_TAG
    return f"{esc(story['dateline'])} ({tag}) \u2014 "


def _inserts(story: Story, index: int, count: int) -> list[str]:
    """Return what goes after paragraph `index`: photo, app promo, a related link."""
    out = []
    if index == 0 and story.get("photo_credit"):
        out.append(
            '<figure class="article-image"><img src="/wp-content/uploads/sites/9/'
            f'{story["slug"]}-1.jpg" alt=""><figcaption><span class="credit">'
            f"{esc(story['photo_credit'])}</span></figcaption></figure>"
        )
    if index == 1 and count > 3:
        out.append(
            '<p><strong>DOWNLOAD OUR APP:</strong> <a href="/app/">Get breaking '
            "news alerts and live video on your phone</a></p>"
        )
    if index == 3 and count > 5:
        title, path = _pick(story["slug"], _TRENDING, 1)[0]
        out.append(f'<p><strong>RELATED:</strong> <a href="{path}">{esc(title)}</a></p>')
    return out


def _closers(story: Story) -> list[str]:
    """Return the lines that end every story: wire notice, tip line, typo link."""
    out = []
    if story.get("wire") == "AP":
        out.append(
            f"<p><em>Copyright {story['published'][:4]} The Associated Press. All rights "
            "reserved. This material may not be published, broadcast, rewritten or "
            "redistributed.</em></p>"
        )
    out.append(
        '<p><em>Have a news tip or a story idea? <a href="/contact-us/">'
        "Contact Us</a> or send video to the newsroom.</em></p>"
    )
    out.append('<p><a href="/report-a-typo/">Report a typo</a></p>')
    return out


def _tags(story: Story) -> str:
    """Return the tag links under the story."""
    links = "".join(
        f'<a href="/tag/{t.replace(" ", "-")}/">{esc(t)}</a>' for t in story.get("tags", [])
    )
    return f'<div class="article-tags"><span>Tags:</span> {links}</div>'


def _trending(seed: str) -> str:
    """Return the "Trending Stories" rail."""
    items = "".join(
        f'<li><a href="{path}">{esc(title)}</a></li>' for title, path in _pick(seed, _TRENDING, 5)
    )
    return (
        '<aside class="trending-rail"><h2 class="rail-title">Trending Stories</h2>'
        f"<ol>{items}</ol></aside>"
    )


def _video_page(heading: str, slug: str) -> str:
    """Return a page that is only a title and a player: no text to index."""
    return (
        f'<div class="video-page"><h1 class="video-title">{esc(heading)}</h1>{_player(slug)}</div>'
    )


def _section_index(heading: str, stories: list[Story]) -> str:
    """Return a grid of story cards, newest first, with no dates on them."""
    newest = sorted(stories, key=lambda s: _utc(s["published"]), reverse=True)[:10]
    cards = "".join(
        f'<div class="story-card"><a href="{s["path"]}"><img src="/wp-content/uploads/sites/9/'
        f'{s["slug"]}.jpg" alt=""><h3 class="story-card-title">{esc(s["title"])}</h3></a></div>'
        for s in newest
    )
    return f'<section class="section-index"><h1>{esc(heading)}</h1>{cards}</section>'


def _footer(outlet: Outlet) -> str:
    """Return the station footer: address, FCC links, copyright."""
    return (
        '<footer class="site-footer"><div class="footer-contact">'
        f"<p>{esc(outlet['name'])}, 341 Northern Boulevard, Albany, NY 12204</p></div>"
        '<nav class="footer-links"><a href="/contact-us/">Contact Us</a> '
        '<a href="/fcc-public-file/">FCC Public File</a> <a href="/eeo-report/">EEO Report</a> '
        '<a href="/closed-captioning/">Closed Captioning</a> <a href="/privacy/">Privacy</a></nav>'
        '<p class="copyright">&copy; 2026 Capital Region Broadcasting LLC. All rights reserved.</p>'
        "</footer>"
    )
