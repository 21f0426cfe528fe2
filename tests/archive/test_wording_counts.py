"""Counts in the lines the commands print agree with their nouns: "1 document", "2 documents"."""

from __future__ import annotations

from collections import Counter

from archive import plural
from archive.wording import count_reasons


def test_one_of_a_thing_is_singular_and_any_other_count_plural() -> None:
    assert plural(1, "document") == "1 document"
    assert [plural(n, "document") for n in (0, 2)] == ["0 documents", "2 documents"]


def test_a_note_in_brackets_stays_after_the_plural_noun() -> None:
    assert plural(2, "revisit record (no payload)") == "2 revisit records (no payload)"


def test_skip_reasons_that_name_a_thing_take_a_plural_and_descriptions_stay_as_they_are() -> None:
    skipped = Counter({"damaged record": 2, "not an article": 3, "empty page": 1})
    assert count_reasons(skipped) == "3 not an article; 2 damaged records; 1 empty page"
