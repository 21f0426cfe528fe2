"""Render sample pages in the markup of a WordPress/Newspack news site (Yoast SEO, Jetpack)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

EN_DASH = "\u2013"
EM_DASH = "\u2014"
NAV = ["News", "Schools", "Government", "Business", "Arts", "Sports", "Opinion", "Obituaries"]
# Headlines of other posts: they name towns the article does not, so the rail must be ignored.
RELATED = [
    ("Easthampton mill conversion wins planning board nod", "/2024/03/12/easthampton-mill/"),
    ("Chicopee river walk to close for repairs this summer", "/2023/05/02/chicopee-river-walk/"),
    ("Greenfield library extends weekend hours", "/2022/10/04/greenfield-library-hours/"),
    ("Amherst farmers market moves back to the town common", "/2021/04/20/amherst-market/"),
    ("Agawam teen wins regional spelling bee", "/2020/03/03/agawam-spelling-bee/"),
]
COMMENTS = [
    ("Marjorie T.", "Thanks for covering this. Nobody else in the Valley does anymore."),
    ("westside_walker", "I was there and it was a lot more crowded than the photo shows."),
    ("Phil from Florence", "Where was this reporting when they raised our water rates?"),
    ("K. Brennan", "Good to see the city finally listening to residents."),
    ("oldtimer413", "My grandfather used to say the same thing about Holyoke in 1970."),
]


def render_article(outlet: dict[str, Any], story: dict[str, Any]) -> bytes:
    """Return the full HTML page of one story as a Newspack theme would serve it."""
    body_class = f"post-template-default single single-post postid-{_post_id(story)}"
    parts = [
        _head(outlet, story["title"], story.get("summary", ""), story["path"], story),
        f'<body class="{body_class} single-format-standard">',
        _header(outlet),
        '<div id="content" class="site-content"><div id="primary" class="content-area">',
        '<main id="main" class="site-main">',
        _article(outlet, story),
        _comments(story),
        "</main></div>",
        _sidebar(),
        "</div>",
        _footer(outlet),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")


def render_non_article(
    outlet: dict[str, Any], page: dict[str, Any], stories: list[dict[str, Any]]
) -> bytes:
    """Return a category archive page listing the outlet's posts, newest first."""
    title = page.get("title") or "News"
    listed = sorted(stories, key=lambda s: _local(s["published"], outlet), reverse=True)
    items = "\n".join(_archive_item(outlet, s) for s in listed[:12])
    parts = [
        _head(outlet, f"{title} Archives", f"The latest {title.lower()}.", page["path"], None),
        '<body class="archive category category-news">',
        _header(outlet),
        '<div id="content" class="site-content"><div id="primary" class="content-area">',
        '<main id="main" class="site-main">',
        f'<header class="page-header"><h1 class="page-title">{escape(title)}</h1></header>',
        items,
        '<nav class="navigation pagination"><a class="next page-numbers" href="page/2/">Next</a>'
        "</nav></main></div>",
        _sidebar(),
        "</div>",
        _footer(outlet),
        "</body></html>",
    ]
    return "\n".join(parts).encode("utf-8")


def _post_id(story: dict[str, Any]) -> int:
    """Return a stable fake WordPress post id for a story."""
    return 10000 + int(hashlib.sha1(story["slug"].encode()).hexdigest()[:4], 16)


def _pick(seed: str, pool: list[Any], count: int) -> list[Any]:
    """Return `count` items of `pool`, chosen deterministically from `seed`."""
    start = int(hashlib.sha1(seed.encode()).hexdigest()[:6], 16) % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(count)]


def _local(iso: str, outlet: dict[str, Any]) -> datetime:
    """Return an ISO 8601 timestamp in the outlet's local time."""
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(outlet["timezone"]))


def _long_date(moment: datetime) -> str:
    """Return a date the way WordPress prints it: 'August 1, 2023'."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def _head(
    outlet: dict[str, Any], title: str, summary: str, path: str, story: dict[str, Any] | None
) -> str:
    """Return the document head: Yoast meta, Open Graph, JSON-LD and theme assets."""
    url = outlet["base_url"] + path
    meta = [
        '<!DOCTYPE html>\n<html lang="en-US"><head>',
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} {EN_DASH} {escape(outlet['name'])}</title>",
        f'<meta name="description" content="{escape(summary)}">',
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{escape(url)}">',
        '<meta property="og:locale" content="en_US">',
        f'<meta property="og:type" content="{"article" if story else "website"}">',
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:description" content="{escape(summary)}">',
        f'<meta property="og:url" content="{escape(url)}">',
        f'<meta property="og:site_name" content="{escape(outlet["name"])}">',
    ]
    if story:
        meta += _article_meta(outlet, story)
    meta += [
        '<meta name="generator" content="WordPress 6.4.3">',
        "<link rel='stylesheet' id='newspack-style-css' href='/wp-content/themes/newspack-theme/"
        "style.css?ver=2.1.0' media='all'>",
        "<link rel='stylesheet' id='jetpack_css-css' href='/wp-content/plugins/jetpack/css/"
        "jetpack.css?ver=13.1' media='all'>",
        f'<script type="application/ld+json" class="yoast-schema-graph">'
        f"{json.dumps(_graph(outlet, title, summary, url, story))}</script>",
        '<script>window._wpemojiSettings = {"baseUrl":"https:\\/\\/s.w.org"};</script>',
        "</head>",
    ]
    return "\n".join(meta)


def _article_meta(outlet: dict[str, Any], story: dict[str, Any]) -> list[str]:
    """Return the article:* and Twitter meta tags of a story."""
    meta = [f'<meta property="article:section" content="{escape(story.get("section", ""))}">']
    meta += [f'<meta property="article:tag" content="{escape(t)}">' for t in story.get("tags", [])]
    if story["date_visibility"] != "visible":
        meta.append(f'<meta property="article:published_time" content="{story["published"]}">')
        if story.get("updated"):
            meta.append(f'<meta property="article:modified_time" content="{story["updated"]}">')
    meta.append(
        f'<meta property="og:image" content="{outlet["base_url"]}/wp-content/uploads/'
        f'{story["slug"]}-1200x800.jpg">'
    )
    meta.append('<meta name="twitter:card" content="summary_large_image">')
    if story.get("authors"):
        names = " and ".join(story["authors"])
        meta.append(f'<meta name="author" content="{escape(names)}">')
        meta.append('<meta name="twitter:label1" content="Written by">')
        meta.append(f'<meta name="twitter:data1" content="{escape(names)}">')
    return meta


def _graph(
    outlet: dict[str, Any], title: str, summary: str, url: str, story: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the Yoast `@graph` of a page: WebPage, NewsArticle, Person, WebSite."""
    base = outlet["base_url"]
    page = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": f"{title} {EN_DASH} {outlet['name']}",
        "description": summary,
        "isPartOf": {"@id": f"{base}/#website"},
        "inLanguage": "en-US",
    }
    nodes: list[dict[str, Any]] = [page]
    if story:
        nodes.append(_news_article(outlet, story, url))
        nodes += [_person(base, name) for name in story.get("authors", [])]
    nodes.append(
        {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": outlet["name"],
            "publisher": {"@id": f"{base}/#organization"},
        }
    )
    nodes.append(
        {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": outlet["name"],
            "url": f"{base}/",
        }
    )
    return {"@context": "https://schema.org", "@graph": nodes}


def _news_article(outlet: dict[str, Any], story: dict[str, Any], url: str) -> dict[str, Any]:
    """Return the NewsArticle node of the Yoast graph."""
    base = outlet["base_url"]
    node: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "headline": story["title"],
        "mainEntityOfPage": {"@id": url},
        "publisher": {"@id": f"{base}/#organization"},
        "articleSection": [story.get("section")],
        "keywords": story.get("tags", []),
        "inLanguage": "en-US",
        "author": [{"@id": _person_id(base, n), "name": n} for n in story.get("authors", [])],
    }
    if story["date_visibility"] != "visible":
        node["datePublished"] = story["published"]
        if story.get("updated"):
            node["dateModified"] = story["updated"]
    return node


def _person_id(base: str, name: str) -> str:
    """Return the Yoast @id of an author's Person node."""
    return f"{base}/#/schema/person/{hashlib.md5(name.encode()).hexdigest()}"


def _person(base: str, name: str) -> dict[str, Any]:
    """Return a Yoast Person node for an author."""
    slug = name.lower().replace(" ", "-")
    return {
        "@type": "Person",
        "@id": _person_id(base, name),
        "name": name,
        "url": f"{base}/author/{slug}/",
    }


def _header(outlet: dict[str, Any]) -> str:
    """Return the masthead and the primary menu."""
    links = "".join(
        f'<li class="menu-item"><a href="/category/{n.lower()}/">{n}</a></li>' for n in NAV
    )
    return (
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
        '<header id="masthead" class="site-header"><div class="site-branding">'
        f'<p class="site-title"><a href="/" rel="home">{escape(outlet["name"])}</a></p>'
        '<p class="site-description">Independent news for the Pioneer Valley</p></div>'
        '<a class="button donate" href="/donate/">Donate</a>'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu">{links}</ul>'
        "</nav></header>"
    )


def _article(outlet: dict[str, Any], story: dict[str, Any]) -> str:
    """Return the <article> element: header, entry content and the Jetpack extras."""
    cats = f"category-{story.get('section', 'news').lower().replace(' ', '-')}"
    tags = " ".join(f"tag-{t.replace(' ', '-')}" for t in story.get("tags", []))
    return "\n".join(
        [
            f'<article id="post-{_post_id(story)}" class="post-{_post_id(story)} post type-post '
            f'status-publish format-standard has-post-thumbnail hentry {cats} {tags}">',
            _entry_header(outlet, story),
            _entry_content(story),
            _entry_footer(story),
            "</article>",
        ]
    )


def _entry_header(outlet: dict[str, Any], story: dict[str, Any]) -> str:
    """Return the title, byline and dates of a post."""
    section = escape(story.get("section", "News"))
    slug = section.lower().replace(" ", "-")
    return (
        '<header class="entry-header"><span class="cat-links">'
        f'<a href="/category/{slug}/" rel="category tag">{section}</a></span>'
        f'<h1 class="entry-title">{escape(story["title"])}</h1>'
        f'<div class="entry-subhead"><div class="entry-meta">{_byline(story)}'
        f"{_dates(outlet, story)}</div></div></header>"
    )


def _byline(story: dict[str, Any]) -> str:
    """Return the author vcards ('By A and B'), or nothing for an unsigned post."""
    authors = story.get("authors", [])
    if not authors:
        return ""
    cards = [
        f'<span class="author vcard"><a class="url fn n" href="/author/'
        f'{a.lower().replace(" ", "-")}/">{escape(a)}</a></span>'
        for a in authors
    ]
    joined = cards[0] if len(cards) == 1 else ", ".join(cards[:-1]) + " and " + cards[-1]
    return f'<span class="byline"><span class="author-prefix">By</span> {joined}</span>'


def _dates(outlet: dict[str, Any], story: dict[str, Any]) -> str:
    """Return the visible published/updated <time> elements, unless dates are meta-only."""
    if story["date_visibility"] == "meta-only":
        return ""
    attr = story["date_visibility"] == "visible-and-meta"
    out = _time("entry-date published", story["published"], outlet, attr, "")
    if story.get("updated"):
        out += _time("updated", story["updated"], outlet, attr, "Updated ")
    return f'<span class="posted-on">{out}</span>'


def _time(cls: str, iso: str, outlet: dict[str, Any], attr: bool, label: str) -> str:
    """Return one <time>; the clock shows when it is an update or there is no datetime attr."""
    moment = _local(iso, outlet)
    dt = f' datetime="{iso}"' if attr else ""
    clock = f" at {moment:%-I:%M} {moment:%p}".lower() if label or not attr else ""
    text = _long_date(moment) + clock
    return f'<time class="{cls}"{dt}>{label}{text}</time>'


def _entry_content(story: dict[str, Any]) -> str:
    """Return the post body with its figure and the mid-article newsletter block."""
    out = ['<div class="entry-content">']
    for i, para in enumerate(story["paragraphs"]):
        out.append(_block(para, story.get("dateline") if i == 0 else None))
        if i == 0 and story.get("photo_credit"):
            out.append(_figure(story))
        if i == 2:
            out.append(_newsletter())
    out.append(_sharing(story))
    out.append(_related(story))
    out.append("</div>")
    return "\n".join(out)


def _block(para: str, dateline: str | None) -> str:
    """Return one paragraph or subhead block of the body."""
    if para.startswith("## "):
        return f'<h2 class="wp-block-heading">{escape(para[3:])}</h2>'
    lead = f"{escape(dateline)} {EM_DASH} " if dateline else ""
    return f"<p>{lead}{escape(para)}</p>"


def _figure(story: dict[str, Any]) -> str:
    """Return the featured image block with its photographer credit."""
    return (
        '<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" '
        f'src="/wp-content/uploads/{story["slug"]}-1024x683.jpg" alt="" width="1024" '
        f'height="683"><figcaption class="wp-element-caption"><span class="image-credit">'
        f"{escape(story['photo_credit'])}</span></figcaption></figure>"
    )


def _newsletter() -> str:
    """Return the Newspack newsletter signup block that sits inside the body."""
    return (
        '<div class="wp-block-newspack-newsletters-subscribe newspack-newsletters-subscribe">'
        "<p><strong>Get the Valley in your inbox.</strong> Our free newsletter arrives every "
        'weekday morning.</p><form><input type="email" name="npe" placeholder="Email address">'
        '<input type="submit" value="Sign up"></form></div>'
    )


def _sharing(story: dict[str, Any]) -> str:
    """Return the Jetpack sharedaddy buttons."""
    names = ["Facebook", "X", "Email", "Print"]
    buttons = "".join(
        f'<li class="share-{n.lower()}"><a class="share-{n.lower()} sd-button" rel="nofollow" '
        f'href="?share={n.lower()}" title="Click to share on {n}"><span>{n}</span></a></li>'
        for n in names
    )
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        f'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
        f'<div class="sd-content"><ul data-post="{_post_id(story)}">{buttons}</ul></div></div>'
        "</div>"
    )


def _related(story: dict[str, Any]) -> str:
    """Return the Jetpack related-posts block."""
    posts = "".join(
        f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
        f'<a class="jp-relatedposts-post-a" href="{path}">{escape(title)}</a></h4></div>'
        for title, path in _pick(story["slug"], RELATED, 3)
    )
    return (
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        f'<em>Related</em></h3><div class="jp-relatedposts-items">{posts}</div></div>'
    )


def _entry_footer(story: dict[str, Any]) -> str:
    """Return the tag links and the author bio boxes."""
    tags = ", ".join(
        f'<a href="/tag/{t.replace(" ", "-")}/" rel="tag">{escape(t)}</a>'
        for t in story.get("tags", [])
    )
    bios = "".join(
        f'<div class="author-bio"><h2 class="accent-header">{escape(a)}</h2>'
        f"<p>{escape(a)} is a reporter for the Post. Story ideas are always welcome.</p></div>"
        for a in story.get("authors", [])
    )
    links = f'<span class="tags-links">Tagged: {tags}</span>'
    return f'<footer class="entry-footer">{links}</footer>{bios}'


def _comments(story: dict[str, Any]) -> str:
    """Return the comments area with two reader comments and the reply form."""
    items = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<b class="fn">{escape(who)}</b> <span class="says">says:</span></footer>'
        f'<div class="comment-content"><p>{escape(text)}</p></div></article></li>'
        for who, text in _pick(story["slug"] + "c", COMMENTS, 2)
    )
    return (
        '<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on '
        f'&ldquo;{escape(story["title"])}&rdquo;</h2><ol class="comment-list">{items}</ol>'
        '<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>'
        '<form id="commentform"><textarea name="comment"></textarea></form></div></div>'
    )


def _archive_item(outlet: dict[str, Any], story: dict[str, Any]) -> str:
    """Return one post excerpt on a category archive page."""
    moment = _local(story["published"], outlet)
    return (
        f'<article class="post-{_post_id(story)} post type-post hentry">'
        '<header class="entry-header">'
        f'<h2 class="entry-title"><a href="{story["path"]}" rel="bookmark">'
        f'{escape(story["title"])}</a></h2><time class="entry-date published" '
        f'datetime="{story["published"]}">{_long_date(moment)}</time></header>'
        f'<div class="entry-summary"><p>{escape(story.get("summary", ""))}</p></div></article>'
    )


def _sidebar() -> str:
    """Return the sidebar widgets: most read, donation appeal, archives."""
    most = "".join(f'<li><a href="{path}">{escape(title)}</a></li>' for title, path in RELATED[:4])
    return (
        '<aside id="secondary" class="widget-area">'
        f'<section class="widget widget_top-posts"><h2 class="widget-title">Most Read</h2>'
        f"<ul>{most}</ul></section>"
        '<section class="widget widget_text"><h2 class="widget-title">Support local news</h2>'
        "<p>Reader donations keep this newsroom going. Give what you can today.</p></section>"
        '<section class="widget widget_archive"><h2 class="widget-title">Archives</h2>'
        '<select name="archive-dropdown"><option>Select Month</option></select></section>'
        "</aside>"
    )


def _footer(outlet: dict[str, Any]) -> str:
    """Return the site footer with the newsroom's address."""
    return (
        '<footer id="colophon" class="site-footer"><div class="footer-branding">'
        f"<p>{escape(outlet['name'])} is a nonprofit newsroom. 14 Gothic Street, Northampton, "
        'MA 01060.</p></div><nav class="footer-menu"><a href="/about/">About</a> '
        '<a href="/privacy-policy/">Privacy Policy</a> <a href="/contact/">Contact</a></nav>'
        '<div class="site-info">Proudly powered by WordPress | Theme: Newspack</div></footer>'
    )
