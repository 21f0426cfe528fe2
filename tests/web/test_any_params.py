"""Whatever a client sends as parameters, the app answers it without a server error."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

from flask import Flask
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fixtures import DOCS

SEARCH_PARAMS = ("q", "city", "person", "outlet", "from", "to", "sort", "page", "per_page")
FACET_PARAMS = (*SEARCH_PARAMS, "offset", "limit")
# Pieces of the query language, so that generated text reaches the parser's corners.
QUERY_PIECES = (
    '"',
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "~",
    "^2",
    "-",
    "OR",
    "AND",
    "NOT",
    "TO",
    "title:",
    "body:",
    "published:>",
    "2023-08-01",
    "mayor",
    "counxil-budgt",
    "libary",
    "\\",
    "%",
)
VALUES = ("relevance", "newest", "oldest", "0", "1", "-1", "100", "1000000", "2023-13-45")

raw_value = st.one_of(
    st.binary(max_size=12),
    st.text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(VALUES).map(str.encode),
    st.lists(st.sampled_from(QUERY_PIECES), max_size=6).map(lambda p: " ".join(p).encode()),
)


def _query_string(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    name = st.one_of(st.sampled_from(names), st.binary(max_size=6))
    pair = st.tuples(name, raw_value).map(
        lambda nv: (nv[0].encode() if isinstance(nv[0], str) else nv[0], nv[1])
    )
    return st.lists(pair, max_size=5).map(
        lambda pairs: "&".join(
            f"{quote_from_bytes(n, safe='')}={quote_from_bytes(v, safe='')}" for n, v in pairs
        )
    )


PATHS = st.one_of(
    st.tuples(
        st.sampled_from(["/api/search", "/api/search.csv", "/", "/feed"]),
        _query_string(SEARCH_PARAMS),
    ),
    st.tuples(
        st.sampled_from(["city", "person", "outlet", "date"]).flatmap(
            lambda field: st.sampled_from([f"/api/facets/{field}", f"/facets/{field}"])
        ),
        _query_string(FACET_PARAMS),
    ),
    st.tuples(
        st.one_of(st.sampled_from([d.id for d in DOCS]), st.binary(min_size=1, max_size=8)).map(
            lambda doc_id: (
                "/api/articles/"
                + (doc_id if isinstance(doc_id, str) else quote_from_bytes(doc_id, safe=""))
            )
        ),
        st.just(""),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PATHS)
@example(("/api/search", "q=counxil-budgt"))  # the spelling suggestion once crashed on these
@example(("/", "q=libary-counxil"))
@example(("/api/search", "q=%ff%fe"))
@example(("/api/facets/city", "q=%ff%fe&city=%ff"))
def test_no_parameter_value_causes_a_server_error(app: Flask, target: tuple[str, str]) -> None:
    path, query = target
    url = f"{path}?{query}" if query else path
    response = app.test_client().get(url)
    assert response.status_code < 500, (url, response.get_data(as_text=True)[:300])
    if path.startswith("/api/") and response.status_code >= 400:
        assert set(response.get_json()) == {"error", "status"}
