"""A crawl's WARC file: opened at its first response, every response appended as it came."""

from __future__ import annotations

from dataclasses import replace

from archive.capture import workers
from archive.capture.fetch import Fetched
from archive.capture.frontier import Entry
from archive.capture.run import Run
from archive.config import ArchiveConfig
from archive.errors import WarcError
from archive.warc import WarcWriter, crawler_info


class CrawlWarc:
    """The WARC file of one crawl round, and where its last record was written."""

    def __init__(self, config: ArchiveConfig, shield: workers.Shield, run: Run) -> None:
        self.config = config
        self.shield = shield  # a second signal waits for a record to end
        self.run = run
        self.files: list[str] = []
        self.last_offset = -1
        self._writer: WarcWriter | None = None

    @property
    def path(self) -> str:
        """The file being written ("" before the first record)."""
        return str(self._writer.path) if self._writer else ""

    def close(self) -> None:
        """Close the file, if one was opened."""
        if self._writer is not None:
            with self.shield.held():
                self._writer.close()

    def write(self, got: Fetched, entry: Entry | None = None) -> None:
        """Append a response (and its request) to this crawl's WARC file.

        Raises:
            WarcError: the WARC folder or file cannot be written.
        """
        try:
            with self.shield.held():  # a robots.txt is written from inside its fetch
                self._write_record(got, entry)
        except OSError as exc:
            raise WarcError(str(self.config.warc_dir), exc.strerror or str(exc)) from exc

    def _write_record(self, got: Fetched, entry: Entry | None) -> None:
        if self._writer is None:
            info = crawler_info(self.config.crawl.user_agent)
            self._writer = WarcWriter(self.config.warc_dir, info=info)
            self.files.append(str(self._writer.path))
        capture = got.to_capture()
        if entry is not None and entry.published:
            capture = replace(capture, listed=entry.published)
        fields = workers.metadata_of(got, entry, self.run.via)
        if got.status == 304:
            self.last_offset = self._writer.write_revisit(capture, metadata=fields)
        else:
            cut = "length" if got.truncated else None
            self.last_offset = self._writer.write(capture, truncated=cut, metadata=fields)
