"""Query execution inside one generation: filters, matching documents, title boosts, facet
pages and the words to highlight."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import numpy as np
from whoosh import query as wq

from indexer.arrays import Docnums, Mask
from indexer.facets import FacetTables, Matched
from indexer.fastscore import score_query
from indexer.generation import Run
from indexer.query import FacetValue, SearchQuery
from indexer.schema import DEFAULT_FIELD, TEXT_FIELDS, TITLE


def allowed_mask(run: Run, query: SearchQuery) -> Mask | None:
    """Return the mask of documents the query's filters and the takedowns allow (None: all)."""
    tables = run.gen.tables
    allowed: Mask | None = None
    for docs in _filter_sets(tables, query):
        mask = tables.mask(docs)
        allowed = mask if allowed is None else allowed & mask
    if run.hidden is not None:
        allowed = (tables.live_mask if allowed is None else allowed) & ~run.hidden
    return None if allowed is None else allowed & tables.live_mask


def matched_docs(run: Run, parsed: wq.Query | None, allow: Mask | None) -> Docnums:
    """Return every document (ascending) matching the text (all when None) the filters allow."""
    tables = run.gen.tables
    if parsed is None:
        return tables.live if allow is None else np.flatnonzero(allow).astype(np.int32)
    found = score_query(run.searcher, parsed, run.lengths, run.gen.terms, run.deadline)
    if found is not None:
        docs = found.docs
    else:
        docs = _docs_for_query(run, parsed)
        docs.sort()
    return docs if allow is None else docs[allow[docs]]


def _docs_for_query(run: Run, parsed: wq.Query) -> Docnums:
    found = run.deadline.every(run.searcher.docs_for_query(parsed))
    return np.fromiter(found, dtype=np.int32)


def _filter_sets(tables: FacetTables, query: SearchQuery) -> list[Docnums]:
    sets = []
    for name, values in (("city", query.cities), ("person", query.persons)):
        if values:
            sets.append(tables.facets[name].docs_with(values))
    if query.outlets:
        sets.append(tables.facets["outlet"].docs_with(query.outlets))
    if query.date_from or query.date_to:
        sets.append(tables.days.docs_between(query.date_from, query.date_to))
    return sets


def facet_page(
    tables: FacetTables,
    query: SearchQuery,
    matched: Matched,
    field: str,
    offset: int,
    limit: int,
) -> tuple[list[FacetValue], int]:
    """Return one facet's values from offset (at most limit) and how many there are."""
    if field == "date":
        by_month = bool(
            query.date_from and query.date_to and query.date_from.year == query.date_to.year
        )
        periods = tables.days.count_periods(matched.docs, by_month)
        ranked = sorted(periods.items(), key=lambda item: (-item[1], item[0]))
        return [FacetValue(p, n, p) for p, n in ranked[offset : offset + limit]], len(periods)
    table = tables.facets[field]
    tally = table.count(matched)
    return table.top(tally, offset, limit), len(tally.ids)


def highlight_terms(run: Run, parsed: wq.Query | None) -> frozenset[str]:
    """Return the body and title words the query looks for, to mark in snippets."""
    # Query.existing_terms skips fields after the first (a shadowed loop variable in 2.7.x).
    if parsed is None:
        return frozenset()
    reader = run.searcher.reader()
    found: set[str] = set()
    for leaf in _positive_leaves(parsed):
        for fieldname, text in run.deadline.every(leaf.expanded_terms(reader, phrases=True)):
            if fieldname in TEXT_FIELDS:
                found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(found)


def title_matches(run: Run, parsed: wq.Query) -> Docnums:
    """Return the documents whose title matches a word the query looks for in the body."""
    leaves = []
    for leaf in _positive_leaves(parsed):
        if getattr(leaf, "fieldname", None) == DEFAULT_FIELD:
            title_leaf = copy.copy(leaf)
            title_leaf.fieldname = TITLE
            leaves.append(title_leaf)
    if not leaves:
        return np.empty(0, np.int32)
    titles = wq.Or(leaves)
    found = score_query(run.searcher, titles, run.lengths, run.gen.terms, run.deadline)
    if found is not None:
        return found.docs
    return np.unique(_docs_for_query(run, titles))


def _positive_leaves(parsed: wq.Query) -> Iterator[wq.Query]:
    # Words after NOT are excluded from the results, so they are not highlighted either.
    if isinstance(parsed, wq.Not):
        return
    if isinstance(parsed, wq.AndNot):
        yield from _positive_leaves(parsed.a)
    elif parsed.is_leaf():
        yield parsed
    else:
        for child in parsed.children():
            yield from _positive_leaves(child)
