"""Date strings to aware datetimes: ISO and RFC meta values, visible text, relative, URL paths."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
SLACK = timedelta(days=1)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "m\u00e4r": 3, "mae": 3, "mai": 5, "okt": 10, "dez": 12,  # German
}  # fmt: skip
_OFFSETS = {
    "EDT": -4, "EST": -5, "CDT": -5, "CST": -6, "MDT": -6, "MST": -7, "PDT": -7, "PST": -8,
    "AKDT": -8, "AKST": -9, "HST": -10, "GMT": 0, "UTC": 0, "Z": 0, "BST": 1, "CET": 1,
    "CEST": 2, "IST": 5.5, "AEST": 10, "AEDT": 11,
}  # fmt: skip
_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}  # fmt: skip
# English month names and abbreviations, and the German ones ("14. Oktober 2021")
_MON = (
    r"(?P<mon>jan(?:uary?)?|feb(?:ruary?)?|mar(?:ch)?|m\u00e4rz|maerz|apr(?:il)?|ma[iy]"
    r"|jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?"
    r"|de[cz](?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_MON.replace('mon', 'mon2')},?\s+"
    r"(?P<y2>(?:19|20)\d\d)"
    r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>(?:19|20)\d\d)"
    r"|(?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d)"
    r"|(?P<m5>\d{1,2})\.(?P<d5>\d{1,2})\.(?P<y5>(?:19|20)\d\d)(?!\d))"
)
_TIME = (
    r"(?P<H{n}>\d{{1,2}})(?:[:.](?P<M{n}>\d\d))?(?::\d\d)?\s*"
    r"(?P<ap{n}>[ap]\.?\s?m\b\.?)?\s*(?P<tz{n}>[A-Z]{{2,4}}\b|GMT[+-]\d{{1,2}})?"
)
_VISIBLE = re.compile(
    rf"(?:\b(?=\d{{1,2}}(?:[:.]\d\d|\s*[ap]\.?\s?m\b)){_TIME.format(n=0)}\s*[,|\u00b7]?\s*(?:on\s+)?)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?"
    rf"|sun)(?:day)?\.?,?\s+)?\b{_DATE}"
    rf"(?:\s*(?:at|,|-|\u2013|\u2014|\||\u00b7|/)?\s*{_TIME.format(n=1)})?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(\d+|an?|one)\s+(second|minute|min|hour|hr|day|week)s?\s+ago\b", re.IGNORECASE
)
# "Yesterday at 4:05 p.m.", "Today, 9:30 AM": the day of the capture, in the outlet's zone
_RELATIVE_DAY = re.compile(rf"\b(yesterday|today)\b(?:\s*(?:at|,)?\s*{_TIME.format(n=1)})?", re.I)
_UPDATED_LABEL = re.compile(r"(updated|modified|edited|revised)\W{0,3}(on|at)?\W*$", re.I)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?:/|-|$)|/((?:19|20)\d\d)(\d\d)(\d\d)/"
    # a slug's "-20161213-" (Arc XP's "...-20161213-story.html")
    r"|[-_]((?:19|20)\d\d)(0[1-9]|1[0-2])([0-3]\d)(?=[-_.]|/|$)"
)
_SHORT_NUMERIC = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d\d)")  # "7.4.21", "12/2/19"
_DATE_LINE_EXTRA_CHARS = 24  # room for "Posted on" or an outlet name, not for a sentence
_ISO_LIKE = re.compile(r"^(?:19|20)\d\d-?[01]\d-?[0-3]\d")
_UNITS = {
    "second": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "hr": 3600,
    "day": 86400,
    "week": 604800,
}


@dataclass(frozen=True)
class DateContext:
    """What date parsing needs: the outlet's zone for naive times, the capture time, and the
    date the page was listed with (a day's last resort before the capture's)."""

    zone: tzinfo | None
    captured: datetime | None
    day_first: bool = False  # 05/01/2023 and 05.01.2023 are 5 January (outside the US)
    listed: datetime | None = None  # the date the outlet's sitemap or feed gave the page

    @property
    def naive_zone(self) -> tzinfo:
        """Zone to put naive times in."""
        return self.zone or UTC


def zone_named(name: str | None) -> ZoneInfo | None:
    """Return the zoneinfo zone of this name, or None for no name or an unknown one."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def iso(dt: datetime) -> str:
    """Return an aware datetime as ISO 8601 with its own offset, seconds precision."""
    return dt.replace(microsecond=0).isoformat()


def local_day(dt: datetime, zone: tzinfo | None) -> str:
    """Return the calendar day of this moment in `zone` (or in its own offset)."""
    return (dt.astimezone(zone) if zone is not None else dt).date().isoformat()


def plausible(dt: datetime, ctx: DateContext) -> bool:
    """Tell whether a publication moment is neither before 1990 nor after capture (+1 day)."""
    if dt < EARLIEST:
        return False
    latest = (ctx.captured or datetime.now(UTC)) + SLACK
    return dt <= latest


def parse_when(text: str, ctx: DateContext) -> datetime | None:
    """Parse a machine date (ISO, RFC 2822, epoch, or free text) into an aware datetime."""
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if _ISO_LIKE.match(text):
        found = _from_iso(text, ctx)
        if found is not None:
            return found
    if re.fullmatch(r"1[0-9]{9}(?:[0-9]{3})?", text):
        return datetime.fromtimestamp(int(text[:10]), UTC)
    if re.match(r"[A-Za-z]{3}, \d", text):
        try:
            rfc = parsedate_to_datetime(text)
        except (ValueError, TypeError):
            rfc = None
        if rfc is not None:
            return rfc if rfc.tzinfo else rfc.replace(tzinfo=ctx.naive_zone)
    found = visible_date(text, ctx)
    return found if found is not None else _from_dateutil(text, ctx)


def _from_iso(text: str, ctx: DateContext) -> datetime | None:
    cleaned = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    cleaned = re.sub(r"(\.\d+)?\s*(Z|UTC|GMT)$", r"\1+00:00", cleaned)
    cleaned = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", cleaned)
    try:
        dt = datetime.fromisoformat(cleaned)
    except ValueError:
        try:
            dt = datetime.fromisoformat(cleaned[:10])
        except ValueError:
            return None
    return dt if dt.tzinfo else _localize(dt, ctx.naive_zone)


def _from_dateutil(text: str, ctx: DateContext) -> datetime | None:
    if not re.search(r"(19|20)\d\d", text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dt = dateutil_parser.parse(text, default=datetime(2000, 1, 1), dayfirst=ctx.day_first)
            check = dateutil_parser.parse(
                text, default=datetime(2001, 2, 2), dayfirst=ctx.day_first
            )
        except (ValueError, OverflowError):
            return None
    if (dt.month, dt.day) != (check.month, check.day):
        return None  # "January 2019" names no day: no publication date
    return dt if dt.tzinfo else _localize(dt, ctx.naive_zone)


def _localize(dt: datetime, zone: tzinfo) -> datetime:
    return dt.replace(tzinfo=zone)


def visible_date(text: str, ctx: DateContext) -> datetime | None:
    """Return the first human-written date in this text ("March 3, 2021 at 8:05 pm")."""
    for match in _VISIBLE.finditer(text):
        found = _from_match(match, ctx)
        if found is not None:
            return found
    return None


def date_line(text: str, ctx: DateContext) -> datetime | None:
    """Return the date of a line that is little more than a published date ("May 2, 2023")."""
    match = _VISIBLE.search(text)
    if match is None or len(text) - len(match.group(0)) > _DATE_LINE_EXTRA_CHARS:
        return None
    if _UPDATED_LABEL.search(text[: match.start()]):
        return None
    return _from_match(match, ctx)


def short_date_line(text: str, ctx: DateContext) -> datetime | None:
    """Return the date of a line that is only a numeric date with a two-digit year ("7.4.21").

    Dots and slashes are read alike: day first on a page outside the US or when the first
    number cannot be a month, month first otherwise.
    """
    match = _SHORT_NUMERIC.fullmatch(text.strip())
    if match is None:
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), 2000 + int(match.group(4))
    day_first = ctx.day_first or first > 12
    day, month = (first, second) if day_first else (second, first)
    try:
        return _localize(datetime(year, month, day), ctx.naive_zone)
    except ValueError:
        return None


def wall_time(text: str, ctx: DateContext) -> tuple[str, datetime] | None:
    """Return the label and naive clock time of the first date in text, if it shows a time only."""
    match = _VISIBLE.search(text)
    if match is None:
        return None
    day, clock = _day_of(match, ctx), _clock(match, "1") or _clock(match, "0")
    if day is None or clock is None or (clock[2] and _zone_for(clock[2]) is not None):
        return None
    before = text[max(0, match.start() - 24) : match.start()]
    label = "updated" if _UPDATED_LABEL.search(before) else "published"
    return label, datetime(day.year, day.month, day.day, clock[0], clock[1])


def labelled_dates(
    text: str, ctx: DateContext, *, relative: bool = False
) -> list[tuple[str, datetime]]:
    """Return ("published" | "updated", moment) for each visible date in text.

    With `relative`, for text from the story's own byline or date line, "3 hours ago" and
    "Yesterday at 4:05 PM" count too (when no full date does), read against the capture time.
    """
    found = [
        (_label(text, match.start()), dt)
        for match in _VISIBLE.finditer(text)
        if (dt := _from_match(match, ctx)) is not None
    ]
    if relative and not found:
        for rel in (*_RELATIVE.finditer(text), *_RELATIVE_DAY.finditer(text)):
            dt = _relative(rel, ctx)
            if dt is not None and ctx.captured is not None and dt <= ctx.captured:
                found.append((_label(text, rel.start()), dt))
    return found


def _label(text: str, start: int) -> str:
    before = text[max(0, start - 24) : start]
    return "updated" if _UPDATED_LABEL.search(before) else "published"


def _from_match(match: re.Match[str], ctx: DateContext) -> datetime | None:
    day = _day_of(match, ctx)
    if day is None:
        return None
    clock = _clock(match, "1") or _clock(match, "0")
    if clock is None:
        return _localize(datetime(day.year, day.month, day.day), ctx.naive_zone)
    hour, minute, abbreviation = clock
    when = datetime(day.year, day.month, day.day, hour, minute)
    zone = _zone_for(abbreviation) if abbreviation else None
    return _localize(when, zone or ctx.naive_zone)


def _day_of(match: re.Match[str], ctx: DateContext) -> date | None:
    groups = match.groupdict()
    if groups["mon"] or groups["mon2"]:
        month = _MONTHS[(groups["mon"] or groups["mon2"])[:3].lower()]
        day_text, year_text = (
            (groups["d"], groups["y"]) if groups["mon"] else (groups["d2"], groups["y2"])
        )
    elif groups["y3"] or groups["y5"]:  # 05/01/2023 and 05.01.2023 read alike
        n = "3" if groups["y3"] else "5"
        month, day_text, year_text = int(groups["m" + n]), groups["d" + n], groups["y" + n]
        if (ctx.day_first or month > 12) and int(day_text) <= 12:
            month, day_text = int(day_text), groups["m" + n]
    else:
        month, day_text, year_text = int(groups["m4"]), groups["d4"], groups["y4"]
    try:
        return date(int(year_text), month, int(day_text))
    except ValueError:
        return None


def _clock(match: re.Match[str], n: str) -> tuple[int, int, str | None] | None:
    hour_text, minute_text = match.group("H" + n), match.group("M" + n)
    ampm, zone = match.group("ap" + n), match.group("tz" + n)
    if hour_text is None or (minute_text is None and ampm is None):
        return None
    hour, minute = int(hour_text), int(minute_text or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute, zone.upper() if zone else None


def _zone_for(abbreviation: str) -> tzinfo | None:
    if abbreviation in _ZONES:
        return ZoneInfo(_ZONES[abbreviation])
    if abbreviation in _OFFSETS:
        return timezone(timedelta(hours=_OFFSETS[abbreviation]))
    gmt = re.fullmatch(r"GMT([+-]\d{1,2})", abbreviation)
    return timezone(timedelta(hours=int(gmt.group(1)))) if gmt else None


def _relative(match: re.Match[str], ctx: DateContext) -> datetime | None:
    if ctx.captured is None:
        return None
    if match.re is _RELATIVE_DAY:
        return _relative_day(match, ctx.captured, ctx.naive_zone)
    count_text = match.group(1).lower()
    count = 1 if count_text in ("a", "an", "one") else int(count_text)
    seconds = count * _UNITS[match.group(2).lower()]
    return (ctx.captured - timedelta(seconds=seconds)).replace(microsecond=0)


def _relative_day(match: re.Match[str], captured: datetime, zone: tzinfo) -> datetime:
    """Return "Yesterday at 4:05 PM" as a moment: the capture's local day, less one."""
    day = captured.astimezone(zone).date() - timedelta(days=match.group(1).lower() == "yesterday")
    clock = _clock(match, "1")
    hour, minute = (clock[0], clock[1]) if clock else (0, 0)
    zone = (_zone_for(clock[2]) if clock and clock[2] else None) or zone
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def url_date(url: str, ctx: DateContext) -> datetime | None:
    """Return the date written in a URL path (/2022/07/12/ or /20220712/), at local midnight."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        return _localize(datetime(parts[0], parts[1], parts[2]), ctx.naive_zone)
    except ValueError:
        return None
