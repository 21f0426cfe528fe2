"""The faster paths give exactly what the plain ones gave: tokens, credits, the parse tree."""

from __future__ import annotations

from archive.entities import extract_entities
from archive.mentions import Token, tokenize


def test_tokens_keep_abbreviation_periods_and_split_sentence_periods() -> None:
    tokens = tokenize("Mayor Ana Ruiz's plan, said Mr. Lee. The Conn. board met.")
    assert [t.text for t in tokens] == [
        "Mayor", "Ana", "Ruiz", "plan", ",", "said", "Mr.", "Lee", ".", "The",
        "Conn.", "board", "met", ".",
    ]  # fmt: skip
    assert tokens[2] == Token("Ruiz", 10, False, True)
    assert tokens[8] == Token(".", 35, False, False)
    assert tokens[9].sentence_start and not tokens[10].sentence_start


def test_short_possessive_stays_and_quotes_keep_a_sentence_start() -> None:
    tokens = tokenize('A\'s dog ran. "Zoe Hart\u2019s cat," she said.')
    assert [t.text for t in tokens[:2]] == ["A's", "dog"]
    assert tokens[4].text == '"' and tokens[4].sentence_start
    assert tokens[5] == Token("Zoe", 14, True, True)
    assert tokens[6].text == "Hart"


def test_all_caps_words_are_not_name_words_but_suffixes_are() -> None:
    caps = {t.text: t.is_cap for t in tokenize("NASA hired Tom Reyes Jr. and Al Fox III in Utica.")}
    assert caps["NASA"] is False
    assert caps["Tom"] and caps["Jr."] and caps["III"]
    assert caps["hired"] is False


def test_photo_credits_and_byline_lines_are_not_persons() -> None:
    body = (
        "Photo by Dana Kim / Hartford Courier\n"
        "By Rosa Blake\n"
        "Glastonbury Fire Chief Owen Price said crews arrived at 3 a.m. "
        "(AP Photo/Lena Ortiz) Price said nobody was hurt."
    )
    found = extract_entities("Fire on Main Street", body, home="Hartford, CT")
    assert found.persons == ["Owen Price"]
    assert "Glastonbury, CT" in found.cities


def test_story_without_credit_words_keeps_its_persons() -> None:
    body = "Selectman Paul Grady of Wethersfield, Conn., spoke. Grady said the budget passed."
    found = extract_entities("Budget passes", body)
    assert found.persons == ["Paul Grady"]
    assert found.cities == ["Wethersfield, CT"]
