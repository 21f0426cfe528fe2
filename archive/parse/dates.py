"""Published and updated moments of a page: JSON-LD, meta, <time>, visible text, URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from bs4 import Tag

from archive.parse.date_areas import (
    byline_areas,
    date_areas,
    headline_of,
    in_site_header,
    is_own,
    names_of,
)
from archive.parse.date_text import (
    DateContext,
    date_line,
    iso,
    labelled_dates,
    local_day,
    parse_when,
    plausible,
    short_date_line,
    url_date,
    wall_time,
    zone_named,
)
from archive.parse.elements import PageIndex, text_of
from archive.parse.meta import PageMeta, clean_text

__all__ = ["DateContext", "Dates", "find_dates", "zone_named"]

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "published_time", "datepublished",
    "article.published", "publishdate", "publish-date", "publish_date", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.created", "dcterms.date", "date", "og:published_time", "rnews:datepublished",
    "article:published", "datecreated", "cxenseparse:recs:publishtime", "pub_date",
    "displaydate", "originalpublicationdate",
)  # fmt: skip
_UPDATED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dcterms.modified", "last-modified", "article.updated", "lastmod", "modified_time",
    "dc.date.modified",
)  # fmt: skip


UTC_CONTEXT = DateContext(None, None)
_EPOCH_ATTRS = ("data-timestamp", "data-time", "data-utime")
_EPOCH = re.compile(r"1[0-9]{9}(?:[0-9]{3})?")
_DATE_LINE_PARAGRAPHS = 20  # a story's date line sits above its first paragraphs
_REVISION_AREAS = 5  # the byline's date comes among the first date areas
_REVISION_WINDOW = timedelta(days=7)
_UPDATED_NOTE = re.compile(r"\bupdated\b", re.IGNORECASE)
# zone offsets off the whole hour still in use (India +5:30, Nepal +5:45, Newfoundland -3:30...)
_ODD_OFFSET_MINUTES = frozenset(
    (-570, -210, -150, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825)
)
# a date area named or labelled as the publication's own date, or a byline holding the date
_PUBLISHED_NAME = re.compile(r"publish|posted|pub-?date|post-date|byline", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"^by\s|\b(?:published|posted|filed)\b", re.IGNORECASE)
_HEADLINE_DATE_CHARS = 40
_Visible = list[tuple[str, datetime]]  # ("published" | "updated", moment) shown on the page


@dataclass
class Dates:
    """Publication and update moments as ISO strings, the local day, and their sources."""

    published: str | None = None
    updated: str | None = None
    day: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


def find_dates(index: PageIndex, meta: PageMeta, url: str, ctx: DateContext) -> Dates:
    """Return the published/updated moments; an updated date never stands in for published.

    Without a publication date the day falls back, in this order, to the updated day, the
    URL's date, the date the outlet's sitemap or feed listed the page with, and the capture
    day; provenance's "day" names the source.
    """
    areas = date_areas(index)
    texts = [text for _, text in areas]
    shown = _visible(index, ctx, areas)
    urls = (url, meta.canonical) if meta.canonical else (url,)
    candidates = list(_published_candidates(index, meta, urls, ctx, shown))
    published = _first(iter(candidates), ctx)
    updated = _first(_updated_candidates(index, meta, ctx, shown.strong), ctx)
    if published is None and updated is None:
        updated = _first(_page_updated(index, ctx), ctx)
    if published is not None and updated is not None:
        published = _original_of_revision(texts, ctx, published, updated[0])
    dates = Dates()
    if published is not None:
        _set_published(dates, published, candidates, areas, url, ctx)
    if updated is not None:
        up, source = updated
        if published is None or up > published[0]:
            dates.updated, dates.provenance["updated"] = iso(up), source
    if dates.day is None:
        _fall_back_day(dates, updated, urls, ctx)
    return dates


def _fall_back_day(
    dates: Dates, updated: tuple[datetime, str] | None, urls: tuple[str, ...], ctx: DateContext
) -> None:
    """Give an undated page a day: updated, the URL's date, the listing's, the capture's."""
    fallbacks: list[tuple[datetime | None, str]] = [
        (updated[0] if updated else None, "updated"),
        *((url_date(u, ctx), "url") for u in urls),
        (ctx.listed, "listing"),
        (ctx.captured, "captured"),
    ]
    for dt, source in fallbacks:
        if dt is not None and plausible(dt, ctx):
            dates.day, dates.provenance["day"] = local_day(dt, ctx.zone), source
            return


def _set_published(
    dates: Dates,
    published: tuple[datetime, str],
    candidates: list[tuple[datetime | None, str]],
    areas: list[tuple[Tag, str]],
    url: str,
    ctx: DateContext,
) -> None:
    """Fill in the published moment, in the page's own offset, and its local day."""
    dt, dates.provenance["published"] = published
    dt = _local_offset(dt, candidates)
    if ctx.zone is None:
        dt = _shown_offset(dt, _published_areas(areas), ctx)
    dates.published = iso(dt)
    dates.day = local_day(dt, ctx.zone)
    dates.provenance["day"] = dates.provenance["published"]
    url_day = _url_day(dt, url, ctx) if ctx.zone is None else None
    if url_day is not None and url_day != dates.day:
        dates.day, dates.provenance["day"] = url_day, "url"


def _original_of_revision(
    areas: list[str], ctx: DateContext, published: tuple[datetime, str], updated: datetime
) -> tuple[datetime, str]:
    """Take the byline's "DATE ... Updated ..." date where the metadata stamps one revision.

    Published and modified metadata that agree to the minute may both be the last
    revision's time; a byline that sets its first date apart from an "Updated" note
    states the original, when it is an earlier day within a week.
    """
    stamp, source = published
    if source not in ("json-ld", "meta") or abs((updated - stamp).total_seconds()) > 60:
        return published
    for text in areas[:_REVISION_AREAS]:
        found = labelled_dates(text, ctx)
        if not found:
            continue
        label, shown = found[0]
        if label == "published" and _UPDATED_NOTE.search(text):
            gap = stamp - shown
            if shown.date() != stamp.date() and timedelta(hours=1) < gap <= _REVISION_WINDOW:
                return shown, "visible-text"
        return published
    return published


def _local_offset(dt: datetime, candidates: list[tuple[datetime | None, str]]) -> datetime:
    """Write a UTC moment in the page's local offset when another source states it so."""
    if dt.utcoffset() != timedelta(0):
        return dt
    for other, _ in candidates:
        if (
            other is not None
            and other.utcoffset() not in (None, timedelta(0))
            and abs((other - dt).total_seconds()) <= 60
        ):
            return dt.astimezone(other.tzinfo)
    return dt


def _shown_offset(dt: datetime, areas: list[str], ctx: DateContext) -> datetime:
    """Write a UTC moment in the offset the byline's own clock time shows for the same instant.

    "Posted March 3, 2021 9:15 PM" beside 2021-03-04T02:15Z says the page's clocks run at
    -05:00. Only a time labelled as the publication's counts: an unlabelled one may be a later
    edit's. A gap of exactly 12 hours is more likely a slipped AM/PM than a zone.
    """
    if dt.utcoffset() != timedelta(0):
        return dt
    for text in areas:
        shown = wall_time(text, ctx)
        if shown is None:
            continue
        label, wall = shown
        gap = wall - dt.replace(tzinfo=None, second=0, microsecond=0)
        minutes = int(gap.total_seconds()) // 60
        whole = minutes % 60 == 0 and 0 < abs(minutes) <= 14 * 60 and abs(minutes) != 12 * 60
        if label == "published" and (whole or minutes in _ODD_OFFSET_MINUTES):
            return dt.astimezone(timezone(timedelta(minutes=minutes)))
        return dt
    return dt


def _url_day(dt: datetime, url: str, ctx: DateContext) -> str | None:
    """Without a zone, a UTC evening story's URL date is its local day."""
    in_url = url_date(url, UTC_CONTEXT)
    if dt.utcoffset() != timedelta(0) or in_url is None:
        return None
    gap_hours = (dt - in_url).total_seconds() / 3600
    # 08:00 UTC is midnight on the Pacific coast: later, the story's day is the UTC day
    return in_url.date().isoformat() if 24 <= gap_hours < 32 else None


def _first(
    candidates: Iterator[tuple[datetime | None, str]], ctx: DateContext
) -> tuple[datetime, str] | None:
    for dt, source in candidates:
        if dt is not None and plausible(dt, ctx):
            return dt, source
    return None


def _published_candidates(
    index: PageIndex, meta: PageMeta, urls: tuple[str, ...], ctx: DateContext, shown: _Shown
) -> Iterator[tuple[datetime | None, str]]:
    for key in ("datePublished", "dateCreated"):
        value = meta.ld_article.get(key)
        if isinstance(value, str):
            yield parse_when(value, ctx), "json-ld"
    for value in meta.all(*_PUBLISHED_META):
        yield parse_when(value, ctx), "meta"
    for element in _time_elements(index, ("datePublished", "pubdate")):
        yield _time_value(element, ctx), "time"
    for element in _epoch_stamps(index)[:1]:
        yield _time_value(element, ctx), "time"
    for obj in meta.ld_all:  # a WebPage's date (Yoast graphs) where no Article has one
        if obj is not meta.ld_article and isinstance(obj.get("datePublished"), str):
            yield parse_when(obj["datePublished"], ctx), "json-ld-page"
    for label, dt in shown.strong:
        if label == "published":
            yield dt, "visible-text"
    # a date found only somewhere in the text (a photo caption's) loses to the URL's date
    in_url = {d.date() for u in urls if (d := url_date(u, ctx)) is not None}
    for label, dt in shown.weak:
        if label == "published" and (not in_url or dt.date() in in_url):
            yield dt, "visible-text"


def _updated_candidates(
    index: PageIndex, meta: PageMeta, ctx: DateContext, visible: _Visible
) -> Iterator[tuple[datetime | None, str]]:
    value = meta.ld_article.get("dateModified")
    if isinstance(value, str):
        yield parse_when(value, ctx), "json-ld"
    for value in meta.all(*_UPDATED_META):
        yield parse_when(value, ctx), "meta"
    for element in index.itemprops.get("dateModified", [])[:3]:
        yield _time_value(element, ctx), "time"
    for label, dt in visible:
        if label == "updated":
            yield dt, "visible-text"


def _page_updated(index: PageIndex, ctx: DateContext) -> Iterator[tuple[datetime | None, str]]:
    """Yield the "last edited" dates anywhere on an undated page (wiki and docs footers)."""
    if index.body is None:
        return
    for label, dt in labelled_dates(clean_text(text_of(index.body, " ")), ctx):
        if label == "updated":
            yield dt, "visible-text"


def _time_elements(index: PageIndex, props: tuple[str, ...]) -> list[Tag]:
    marked = [t for prop in props for t in index.itemprops.get(prop, [])[:3]]
    marked += [t for t in index.times if t.get("pubdate") is not None][:2]
    area = index.article or index.main
    headline = headline_of(index)
    # a <time> in the story's area, or beside its headline (a byline above the story's box)
    times = [
        t
        for t in index.times
        if (area is None or area in t.parents or is_own(t, headline)) and not _is_updated(t)
    ]
    return marked + times[:3]


def _epoch_stamps(index: PageIndex) -> list[Tag]:
    """Return date-area elements carrying a Unix time (data-time="1700000000"), in page order."""
    return [
        tag
        for tag in index.date_areas[:40]
        if any(_EPOCH.fullmatch(str(tag.get(attr) or "")) for attr in _EPOCH_ATTRS)
        and not _is_updated(tag)
        and not in_site_header(tag)
    ]


def _is_updated(tag: Tag) -> bool:
    names = " ".join(str(v) for v in tag.attrs.values()).lower()
    return "update" in names or "modif" in names


def _time_value(tag: Tag, ctx: DateContext) -> datetime | None:
    # title: microformats' <abbr class="published" title="2018-06-05T08:00:00-07:00">
    for attr in ("datetime", "content", *_EPOCH_ATTRS, "data-date", "title"):
        value = tag.get(attr)
        if isinstance(value, str) and value.strip():
            return parse_when(value, ctx)
    return parse_when(clean_text(text_of(tag, " ")), ctx)


def _published_areas(areas: list[tuple[Tag, str]]) -> list[str]:
    """Return the texts of the first date areas that label themselves as the publication's."""
    texts: list[str] = []
    for element, text in areas[:_REVISION_AREAS]:
        parent = element.parent
        named = _PUBLISHED_NAME.search(names_of(element)) or (
            parent is not None and _PUBLISHED_NAME.search(names_of(parent))
        )
        if named or _PUBLISHED_LABEL.search(text):
            texts.append(text)
    return texts


@dataclass
class _Shown:
    """Dates the page shows: in its date areas, date line or byline (strong), or only
    somewhere in its text (weak: maybe a photo caption's or another story's)."""

    strong: _Visible
    weak: _Visible


def _visible(index: PageIndex, ctx: DateContext, areas: list[tuple[Tag, str]]) -> _Shown:
    texts = " | ".join(text for _, text in areas)
    found = labelled_dates(texts, ctx) or _date_lines(index, ctx) or _headline_date(index, ctx)
    found = found or _own_dates(index, areas, ctx)
    if found:
        return _Shown(found, [])
    body = index.article or index.main or index.body
    text = clean_text(text_of(body, " "))[:3000] if body is not None else ""
    return _Shown([], labelled_dates(text, ctx))


def _own_dates(
    index: PageIndex, areas: list[tuple[Tag, str]], ctx: DateContext
) -> list[tuple[str, datetime]]:
    """Return the dates in the story's own byline, or relative ones in its own date line."""
    bylines = " | ".join(text for _, text in byline_areas(index))
    found = labelled_dates(bylines, ctx, relative=True)
    if not found:
        headline = headline_of(index)
        own = " | ".join(text for tag, text in areas if is_own(tag, headline))
        found = labelled_dates(own, ctx, relative=True)
    return found


def _date_lines(index: PageIndex, ctx: DateContext) -> list[tuple[str, datetime]]:
    """Return the date of the first short paragraph near the top that is only a date line."""
    scope = index.article or index.main
    seen = 0
    for paragraph in index.paragraphs:
        if scope is not None and scope not in paragraph.parents:
            continue
        seen += 1
        if seen > _DATE_LINE_PARAGRAPHS:
            break
        text = clean_text(text_of(paragraph, " "))
        found = date_line(text, ctx) if len(text) <= 80 else None
        if found is not None and not in_site_header(paragraph):
            return [("published", found)]
    return []


def _headline_date(index: PageIndex, ctx: DateContext) -> list[tuple[str, datetime]]:
    """Return the date of a bare date line set just above or below the headline ("7.4.21")."""
    headline = headline_of(index)
    if headline is None:
        return []
    for sibling in (headline.find_previous_sibling(), headline.find_next_sibling()):
        if sibling is None:
            continue
        text = clean_text(text_of(sibling, " "))
        if len(text) <= _HEADLINE_DATE_CHARS:
            found = short_date_line(text, ctx) or date_line(text, ctx)
            if found is not None:
                return [("published", found)]
    return []
