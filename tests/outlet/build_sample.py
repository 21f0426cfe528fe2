"""Build the bundled sample: render every story file into pages, truth JSON and one WARC.

Run `.venv/bin/python -m tests.outlet.build_sample` (or the file itself) from the repo root.
The output depends only on the story files and the styles, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import uuid
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a script: make the `tests.outlet` package importable
    sys.path.insert(0, str(ROOT.parents[1]))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from tests.outlet import styles  # noqa: E402

STORIES = ROOT / "stories"
WARC_NAME = "sample.warc.gz"
USER_AGENT = "Dateline/0.1 (+https://github.com/dateline-archive/dateline)"
Json = dict[str, Any]


@dataclass(frozen=True)
class Page:
    """One rendered page: its bytes, the truth beside it, and when the crawler captured it."""

    outlet: str
    slug: str
    url: str
    body: bytes
    sidecar: Json
    captured: datetime
    server_headers: tuple[tuple[str, str], ...]
    earlier: int = 0  # an earlier version of the story (1 = the first capture), 0 = the newest


def load_outlets(stories_dir: Path = STORIES) -> list[Json]:
    """Return every outlet story file, in file-name order."""
    return [json.loads(p.read_text("utf-8")) for p in sorted(stories_dir.glob("*.json"))]


def render_outlet(data: Json) -> list[Page]:
    """Render one outlet's stories and non-article pages."""
    outlet, stories = data["outlet"], data["stories"]
    module = styles.load(outlet["style"])
    pages = [_article(outlet, story, module) for story in stories]
    pages += [page for story in stories for page in _earlier_versions(outlet, story, module)]
    latest = max((p.captured for p in pages), default=datetime(2026, 1, 1, tzinfo=UTC))
    for index, extra in enumerate(data.get("non_articles", [])):
        body = module.render_non_article(outlet, extra, stories)
        sidecar = _sidecar(outlet, extra["path"], "utf-8", False, _page_truth(extra))
        captured = latest + timedelta(days=1, minutes=7 * index)
        pages.append(_page(outlet, extra["slug"], body, sidecar, captured, module))
    return pages


def _article(outlet: Json, story: Json, module: ModuleType) -> Page:
    body = module.render_article(outlet, story)
    sidecar = _sidecar(outlet, story["path"], styles.charset(story), True, truth(outlet, story))
    captured = capture_time(story["published"], story["slug"])
    return _page(outlet, story["slug"], body, sidecar, captured, module)


def _earlier_versions(outlet: Json, story: Json, module: ModuleType) -> list[Page]:
    """The story as captured before it was changed: each "earlier" entry overrides fields.

    The story's own fields are its newest version, captured last (capture_time).
    """
    pages = []
    published = datetime.fromisoformat(story["published"]).astimezone(UTC)
    final = capture_time(story["published"], story["slug"])
    for number, changes in enumerate(story.get("earlier", []), 1):
        fields = {k: v for k, v in changes.items() if k != "captured_hours"}
        version = {**story, **fields}
        captured = published + timedelta(hours=changes["captured_hours"])
        if captured >= final:
            raise ValueError(f"{story['slug']}: earlier version {number} is not before the last")
        body = module.render_article(outlet, version)
        sidecar = {
            **_sidecar(outlet, story["path"], styles.charset(story), True, {}),
            "version": number,
            "captured": captured.isoformat(),
        }
        sidecar["truth"] = {"title": version["title"], "updated": version.get("updated")}
        slug = f"earlier/{story['slug']}.v{number}"
        pages.append(replace(_page(outlet, slug, body, sidecar, captured, module), earlier=number))
    return pages


def _page(
    outlet: Json, slug: str, body: bytes, sidecar: Json, captured: datetime, module: ModuleType
) -> Page:
    server = tuple(getattr(module, "SERVER_HEADERS", (("Server", "nginx"),)))
    return Page(outlet["slug"], slug, sidecar["url"], body, sidecar, captured, server)


def _sidecar(outlet: Json, path: str, charset: str, is_article: bool, truth: Json) -> Json:
    return {
        "url": outlet["base_url"] + path,
        "outlet": outlet["name"],
        "content_type": f"text/html; charset={charset}",
        "is_article": is_article,
        "truth": truth,
    }


def truth(outlet: Json, story: Json) -> Json:
    """Return what a perfect parser would extract from a story's page."""
    local = datetime.fromisoformat(story["published"]).astimezone(ZoneInfo(outlet["timezone"]))
    return {
        "title": story["title"],
        "authors": story["authors"],
        "wire": story.get("wire"),
        "published": story["published"],
        "updated": story.get("updated"),
        "day": local.date().isoformat(),
        "dateline": story.get("dateline_city"),
        "body": "\n\n".join(text for text, _ in styles.blocks(story)),
        "summary": story["summary"],
        "section": story["section"],
        "tags": story["tags"],
        "persons": story["persons"],
        "roles": story["roles"],
        "cities": story["cities"],
        "language": "en",
    }


def _page_truth(page: Json) -> Json:
    return {"title": page.get("title") or page["kind"], "kind": page["kind"]}


def capture_time(published: str, slug: str) -> datetime:
    """Return when the crawler fetched a story: a fixed 3 to 72 hours after publication."""
    hours = 3 + zlib.crc32(slug.encode("utf-8")) % 70
    return datetime.fromisoformat(published).astimezone(UTC) + timedelta(hours=hours)


def write_pages(pages: list[Page], folder: Path) -> None:
    """Write each page and its truth JSON under folder/<outlet>/, replacing what was there."""
    shutil.rmtree(folder, ignore_errors=True)
    for page in pages:
        target = folder / page.outlet / page.slug
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_name(f"{target.name}.html").write_bytes(page.body)
        text = json.dumps(page.sidecar, ensure_ascii=False, indent=2) + "\n"
        target.with_name(f"{target.name}.json").write_text(text, "utf-8")


def write_warc(pages: list[Page], path: Path) -> None:
    """Write a request and a response record per page, in capture order, to a gzipped WARC."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="WARC/1.1")
    for page in sorted(pages, key=lambda p: (p.captured, p.url)):
        response = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),  # a known length keeps warcio from spooling to a temp file
            http_headers=StatusAndHeaders("200 OK", _response_headers(page), protocol="HTTP/1.1"),
            warc_headers_dict=_warc_headers(page, "response"),
        )
        writer.write_record(response)
        request_line = f"GET /{page.url.split('/', 3)[3]} HTTP/1.1"
        request = writer.create_warc_record(
            page.url,
            "request",
            http_headers=StatusAndHeaders(
                request_line, _request_headers(page), is_http_request=True
            ),
            warc_headers_dict={
                **_warc_headers(page, "request"),
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        writer.write_record(request)
    path.write_bytes(buffer.getvalue())


def _warc_headers(page: Page, kind: str) -> dict[str, str]:
    version = f" v{page.earlier}" if page.earlier else ""
    record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind} {page.url}{version}")
    return {
        "WARC-Record-ID": f"<urn:uuid:{record_id}>",
        "WARC-Date": page.captured.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _response_headers(page: Page) -> list[tuple[str, str]]:
    return [
        ("Date", format_datetime(page.captured, usegmt=True)),
        ("Content-Type", page.sidecar["content_type"]),
        ("Content-Length", str(len(page.body))),
        ("Connection", "close"),
        *page.server_headers,
    ]


def _request_headers(page: Page) -> list[tuple[str, str]]:
    return [
        ("Host", page.url.split("/")[2]),
        ("User-Agent", USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    ]


def build(stories_dir: Path = STORIES, out_dir: Path = ROOT) -> list[Page]:
    """Render every story file into out_dir/pages and out_dir/sample.warc.gz."""
    pages = [page for data in load_outlets(stories_dir) for page in render_outlet(data)]
    write_pages(pages, out_dir / "pages")
    write_warc(pages, out_dir / WARC_NAME)
    return pages


def main(argv: list[str] | None = None) -> int:
    """Rebuild the committed sample and say what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, default=STORIES, help="folder of story files")
    pages = build(parser.parse_args(argv).stories)
    articles = sum(1 for p in pages if p.sidecar["is_article"] and not p.earlier)
    print(f"{len(pages)} pages ({articles} articles) -> {ROOT / 'pages'}, {ROOT / WARC_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
