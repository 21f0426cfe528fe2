"""The one-loop word positions equal those of Whoosh's analyzer chain, word for word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats

from indexer.schema import TextPositions, build_schema, text_analyzer

SAMPLES = [
    "",
    "The Mayor of New Haven, Justin Elicker, said the U.S. budget is a 'plan'.",
    "Café owners in Bogotá and São Paulo; naïve résumés. A I x y z.",
    "Run running runs ran runner's — e-mail a.b.c 3.14 1,000,000 U.S.A. I.B.M",
    "İstanbul ǅemal ﬁle ß ΑΘΗΝΑ Москва 東京 under_score star*wild",
    "and the of a an to be is in it",
]
WORDS = st.sampled_from(
    ["the", "a", "I", "Café", "running", "U.S.", "x", "é", "and", "Hartford", "3.5", "İ", "ﬁn"]
)


def _whoosh(text: str, boost: float) -> list[tuple[str, int, float, bytes]]:
    chain = formats.Positions(field_boost=boost).word_values(text, text_analyzer(), mode="index")
    return sorted(chain)


def _ours(text: str, boost: float) -> list[tuple[str, int, float, bytes]]:
    return sorted(TextPositions(field_boost=boost).word_values(text, text_analyzer(), mode="index"))


def test_samples_give_the_same_postings() -> None:
    for text in SAMPLES:
        for boost in (1.0, 2.0):
            assert _ours(text, boost) == _whoosh(text, boost), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(" ".join))
def test_any_text_gives_the_same_postings(text: str) -> None:
    assert _ours(text, 1.0) == _whoosh(text, 1.0)


def test_title_and_body_use_it() -> None:
    schema = build_schema()
    assert isinstance(schema["title"].format, TextPositions)
    assert isinstance(schema["body"].format, TextPositions)
    assert schema["title"].format.field_boost == 2.0
