"""Page notes inside the story's wrapper, and data tables whose cells are links."""

from __future__ import annotations

import pytest

from archive.parse.page import parse_page

URL = "https://www.harborcourier.example.com/news/2024/05/02/ferry-schedule/"
TITLE = "Bar Harbor ferry adds a second morning crossing"

LEAD = (
    "<p>The Bar Harbor ferry will add a second morning crossing to Winter Harbor from June 1,"
    " the town's harbor committee said on Tuesday, after a summer of long lines at the pier.</p>"
    "<p>Harbor master Wendell Ostrowski-Pike said the boat would leave at 7:15 and 9:45, and"
    " that the afternoon crossings would stay as they are until the end of the season.</p>"
    "<p>Tickets for the new crossing go on sale next week at the pier office and online, at"
    " the same price as the other crossings, with the usual discount for residents.</p>"
)


def _parse(story: str) -> str:
    raw = (
        f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
        f'<div class="entry-content">{story}</div></body></html>'
    ).encode()
    return parse_page(raw, URL).body


def test_a_paywall_line_for_readers_already_subscribed_is_dropped() -> None:
    body = _parse(
        LEAD + "<p>Already a subscriber to the Courier? Please"
        ' <a href="/login">sign in</a> with your account to keep reading.</p>'
    )
    assert body.endswith("with the usual discount for residents.")
    assert "already a subscriber" not in body


def test_a_sites_disclaimer_about_its_contributors_is_dropped() -> None:
    body = _parse(
        LEAD + '<div class="fine-print"><strong>The Harbor Courier</strong> is not'
        " responsible for the views of readers who post in its community pages."
        "</div>"
    )
    assert body.endswith("with the usual discount for residents.")
    assert "not responsible" not in body


def test_a_letters_page_submission_prompt_is_dropped() -> None:
    body = _parse(
        '<p class="letters-note"><strong>Send us a letter: use <a href="/l">our letters'
        " page</a>, 250 words at most.</strong></p>" + LEAD
    )
    assert body.startswith("The Bar Harbor ferry will add")


def test_filing_labels_and_change_stamps_are_dropped() -> None:
    body = _parse(
        LEAD + "<p>Issue date: 05/02/2024 \u00b7 Categories: Harbor</p>"
        "<p><b>Publication date:</b></p>"
        "<address>Page kept by the town clerk - last updated: 05/02/2024 9:10</address>"
    )
    assert body.endswith("with the usual discount for residents.")
    assert "Categories" not in body
    assert "Publication date" not in body
    assert "last updated" not in body


def test_a_bare_domain_name_credit_line_is_dropped() -> None:
    body = _parse(LEAD + "<p><strong>HARBORCOURIER.COM</strong></p>")
    assert body.endswith("with the usual discount for residents.")


def test_a_label_that_only_looks_like_a_filing_line_stays() -> None:
    body = _parse(LEAD + "<p>Categories: the committee will rank requests by need and cost.</p>")
    assert body.endswith("Categories: the committee will rank requests by need and cost.")


def test_rows_of_a_data_table_stay_though_their_first_cell_is_a_link() -> None:
    body = _parse(
        LEAD + "<table><thead><tr><th>Crossing</th><th>Departs</th></tr></thead><tbody>"
        '<tr><td><a href="/ferry/winter-harbor">Winter Harbor</a></td><td></td></tr>'
        '<tr><td><a href="/ferry/seal-harbor">Seal Harbor</a></td><td></td></tr>'
        "</tbody></table>"
    )
    assert "Winter Harbor" in body.split("\n\n")
    assert "Seal Harbor" in body.split("\n\n")


def test_link_rows_of_a_navigation_box_stay_out() -> None:
    body = _parse(
        LEAD + '<table><tr><th colspan="2">More from the harbor</th></tr>'
        '<tr><th>Boats</th><td><a href="/a">Ferries</a> · <a href="/b">Water taxis</a></td></tr>'
        "</table>"
    )
    assert "Water taxis" not in body


def test_the_captions_of_a_slide_list_are_its_text_but_photo_credits_are_not() -> None:
    slides = "".join(
        f'<figure class="slide"><div class="slide-title"><h2>{n}. {name}</h2></div>'
        f'<img src="/{n}.jpg"><figcaption><p>{line}</p><p>You will need {need}</p>'
        "</figcaption></figure>"
        for n, name, line, need in (
            (1, "Lighthouse keeper", "A classic for the coast.", "a yellow raincoat and a lamp."),
            (2, "Lobster", "Red from head to toe.", "a red sweatsuit and two oven mitts."),
            (3, "Sea captain", "Ahoy there!", "a navy coat, a white cap and a pipe."),
        )
    )
    photo = (
        '<figure><img src="/pier.jpg"><figcaption><p>The pier on a summer morning.</p>'
        "<p>Photo: Maribel Tsosie-Grant</p></figcaption></figure>"
    )
    body = _parse(LEAD + photo + slides)
    assert "You will need a red sweatsuit and two oven mitts." in body
    assert "Ahoy there!" in body
    assert "Maribel Tsosie-Grant" not in body
    assert "The pier on a summer morning." not in body


def test_a_buy_box_inside_the_story_is_dropped() -> None:
    body = _parse(
        LEAD + '<div class="report buy-box"><h2>Get the whole report</h2>'
        "<p>The committee's ferry study as a printable file.</p><p>$12.00</p></div>"
    )
    assert body.endswith("with the usual discount for residents.")


def _disguise(text: str) -> str:
    # Latin letters swapped for their Cyrillic look-alikes, as spam and ads spell to pass filters
    return text.translate(
        str.maketrans("aeopcxyiA", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0410")
    )


def test_a_paragraph_spelled_with_look_alike_letters_is_dropped() -> None:
    ad = _disguise("Advertise with the busiest news site in Maine: packages for every budget.")
    body = _parse(f"{LEAD}<p><em>{ad}</em></p>")
    assert body.endswith("with the usual discount for residents.")


def test_a_quoted_russian_phrase_in_the_story_stays() -> None:
    line = (
        "<p>The captain of the visiting trawler, Arkady Belov-Strand, thanked the harbor crew"
        " with a cheerful \u201c\u0441\u043f\u0430\u0441\u0438\u0431\u043e\u201d before he"
        " sailed for Eastport.</p>"
    )
    body = _parse(LEAD + line)
    assert body.endswith("before he sailed for Eastport.")


def test_the_story_stops_at_its_paywall_and_the_sales_pitch_after_it_is_dropped() -> None:
    body = _parse(
        LEAD + "<p>To read the full story, please subscribe to the Harbor Courier. You can"
        " choose a yearly plan or a weekly pass.</p>"
        "<p>When you join, you get unlimited access to every story we publish about the coast"
        " and its towns, and our newsletters every morning.</p>"
        "<p>Join now to get:<br>— Early access to special reports<br>— Member events</p>"
    )
    assert body.endswith("with the usual discount for residents.")


def test_headings_left_at_the_end_of_the_story_are_dropped() -> None:
    body = _parse(LEAD + "<h3>Further Reading</h3><h3>About Rosalind Achterberg</h3>")
    assert body.endswith("with the usual discount for residents.")


def test_a_closing_heading_that_is_a_sentence_stays() -> None:
    body = _parse(LEAD + "<h4>See you on the water this summer!</h4>")
    assert body.endswith("See you on the water this summer!")


def test_loose_text_after_a_last_subhead_is_text_not_a_heading() -> None:
    body = _parse(LEAD + "<h3>Pier office hours</h3>Open daily from 9 to 5")
    assert body.endswith("Pier office hours\n\nOpen daily from 9 to 5")


def test_paragraphs_marked_paywall_are_the_storys_metered_text() -> None:
    gated = (
        '<p class="body-paragraph paywall">Residents will pay the same fare as before, the'
        " committee said, and the pier office will open an hour earlier on ferry days.</p>"
    )
    prompt = '<div class="paywall"><p>Subscribe to keep reading.</p></div>'
    body = _parse(LEAD + gated + prompt)
    assert body.endswith("the pier office will open an hour earlier on ferry days.")
    assert "keep reading" not in body


def test_widget_labels_and_bare_date_lines_are_dropped() -> None:
    body = _parse(
        "<p>- Advertisement -</p><p>Log in or register for free</p>"
        "<p>12 Jun 2024, 02:32 PM EDT</p><p>May 2, 2024 10:47 AM EDT</p>"
        + LEAD
        + "<p>1,204 views</p><p>4.5 from 12 votes</p>"
        "<p>Latest posts by Rosalind Achterberg (see all)</p>"
    )
    assert body.startswith("The Bar Harbor ferry will add")
    assert body.endswith("with the usual discount for residents.")


def test_a_list_of_durations_in_a_settings_guide_stays() -> None:
    body = _parse(LEAD + "<ul><li>4 minutes</li><li>6 minutes</li><li>10 minutes</li></ul>")
    assert body.endswith("4 minutes\n\n6 minutes\n\n10 minutes")


PROMPT = (
    "<p><em>To read the full story and every other local story, subscribe for $1 a week.</em></p>"
)


def test_a_subscribe_prompt_above_the_story_is_dropped_but_the_story_stays() -> None:
    body = _parse(PROMPT + LEAD)
    assert body.startswith("The Bar Harbor ferry will add")
    assert body.endswith("with the usual discount for residents.")


def test_a_story_sentence_about_a_full_policy_and_subscribers_does_not_end_the_story() -> None:
    policy = (
        "<p>To read the full ferry policy, riders can visit the town hall, and subscribers to"
        " the harbor newsletter will get it by email on Friday.</p>"
    )
    body = _parse(LEAD + policy + "<p>The committee meets again in June.</p>")
    assert "subscribers to the harbor newsletter" in body
    assert body.endswith("The committee meets again in June.")


def test_a_long_paragraph_shaped_like_a_paywall_prompt_does_not_end_the_story() -> None:
    long_prompt = (
        "<p>To read the full story of the ferry, from 1921 to today, subscribers to the"
        " historical society's newsletter and everyone else can visit the exhibit at the pier"
        " office, which the society built with the town over three winters of volunteer work.</p>"
    )
    body = _parse(LEAD + long_prompt + "<p>The exhibit is open until Labor Day.</p>")
    assert body.endswith("The exhibit is open until Labor Day.")


@pytest.mark.parametrize(
    "line",
    [
        "Ostrowski-Pike said the town is not responsible for the content of flyers left at"
        " the pier office.",
        "Riders who are already a member of the harbor club can sign in at the pier office"
        " before boarding.",
    ],
)
def test_story_sentences_that_share_words_with_page_notices_stay(line: str) -> None:
    body = _parse(f"{LEAD}<p>{line}</p>")
    assert body.endswith(line)


def test_a_how_to_step_about_logging_in_stays() -> None:
    steps = "<ol><li>Log in to the town's ticket portal.</li><li>Pick a crossing.</li></ol>"
    body = _parse(LEAD + steps)
    assert body.endswith("Log in to the town's ticket portal.\n\nPick a crossing.")


def test_a_one_paragraph_metered_preview_stops_at_its_paywall_line() -> None:
    lede = (
        "<p>The Bar Harbor ferry will add a second morning crossing to Winter Harbor from June 1,"
        " the town's harbor committee said on Tuesday.</p>"
    )
    body = _parse(
        lede + "<p>To read the rest of this story, subscribe.</p>"
        "<p>Get every local story on any device for one low monthly price.</p>"
        "<ul><li>Unlimited stories</li><li>The daily e-edition</li></ul>"
    )
    assert body.startswith("The Bar Harbor ferry will add")
    assert body.endswith("harbor committee said on Tuesday.")
