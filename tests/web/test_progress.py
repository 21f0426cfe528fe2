"""The CLI's progress line: in place on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from web.progress import ProgressBar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_progress_is_a_plain_line_now_and_then_and_at_the_end() -> None:
    log = io.StringIO()
    bar = ProgressBar("importing", stream=log, width=4)
    for done in range(1, 5):
        bar(done, 4)
    bar.finish()
    assert log.getvalue() == "importing [#...] 1/4\nimporting [####] 4/4\n"


def test_on_a_terminal_progress_redraws_one_line() -> None:
    screen = _Terminal()
    bar = ProgressBar("indexing", stream=screen, width=2, percent=True)
    bar(2, 2)
    bar.finish()
    assert screen.getvalue() == "\rindexing [##] 100%\033[K\n"


def test_an_unknown_total_shows_a_running_count_and_status_shows_free_text() -> None:
    log = io.StringIO()
    bar = ProgressBar("reparsing", stream=log)
    bar(7, 0)
    bar.status("millbrook-ledger: 12 found, 3 fetched", final=True)
    assert log.getvalue().splitlines() == ["reparsing: 7", "millbrook-ledger: 12 found, 3 fetched"]
