"""The bounded map the captured views keep worked-out pages in, shared by request threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from web.lru import Lru


def test_the_entry_used_longest_ago_is_dropped_first() -> None:
    kept: Lru[str, int] = Lru(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # now b is the one used longest ago
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert len(kept) == 2


def test_threads_putting_and_getting_past_the_size_never_fail() -> None:
    kept: Lru[int, int] = Lru(4)

    def churn(start: int) -> None:
        for n in range(start, start + 2000):
            kept.put(n % 7, n)
            found = kept.get((n + 3) % 7)
            assert found is None or found % 7 == (n + 3) % 7

    with ThreadPoolExecutor(8) as pool:
        for done in [pool.submit(churn, 1000 * t) for t in range(8)]:
            done.result()
    assert len(kept) == 4
