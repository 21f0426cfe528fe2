"""Which text is the article's body: container choice, hidden layers, lists, tables, leads."""

from __future__ import annotations

import pytest

from archive.parse.page import parse_page

URL = "https://www.courier.example.com/news/2023/08/02/story/"

STORY = (
    "<p>The Danbury planning board voted on Tuesday to approve a new park along the river,"
    " after two years of hearings, petitions and a long debate over parking.</p>"
    "<p>Board chair Marisol Quintero said the design keeps the old mill wall, which neighbors"
    " had asked to save, and adds a path that links the library to the train station.</p>"
    "<p>Work is set to begin in the spring, with the first section open by next fall, and the"
    " city will pay for it with a state grant and money from the capital budget.</p>"
)

POPUP_TEXT = (
    "<p>Our members get early access to every event we hold, a printed calendar, discounts at"
    " partner stores across the county, and an invitation to the annual members' dinner.</p>"
    "<p>Membership costs less than a coffee a week, and every dollar supports our newsroom,"
    " our photographers, our interns and the volunteers who deliver the paper each week.</p>"
    "<p>Choose the plan that suits you, cancel at any time, and give a membership as a gift,"
    " with a card printed with your name, mailed to a friend or a relative, wherever they are.</p>"
    "<p>Questions about billing, delivery or your account? Our office answers the phone every"
    " weekday morning, and replies to every letter and email within two business days.</p>"
)


def _parse(body: str, title: str = "Board approves river park") -> str:
    raw = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()
    return parse_page(raw, URL).body


def test_a_popup_with_more_prose_than_the_story_is_not_the_body() -> None:
    popup = f'<div class="pum pum-overlay"><div class="pum-content">{POPUP_TEXT}</div></div>'
    body = _parse(f'<div class="entry-content">{STORY}</div>{popup}')
    assert body.startswith("The Danbury planning board voted")
    assert "Membership costs" not in body


def test_a_bootstrap_modal_is_not_the_body_but_a_modal_open_page_is() -> None:
    modal = f'<div class="modal fade"><div class="modal-body">{POPUP_TEXT}</div></div>'
    body = _parse(f'<div class="entry">{STORY}</div>{modal}')
    assert "Work is set to begin in the spring" in body
    assert "Membership costs" not in body
    # a page captured with a dialog open renders its story inside it
    shown = _parse(f'<div class="modal-open"><div class="render-target-modal">{STORY}</div></div>')
    assert shown.startswith("The Danbury planning board voted")


def test_an_unclosed_nav_around_the_page_does_not_hide_the_story() -> None:
    # the <nav> is never closed, so the parser nests the whole page inside it
    intro = (
        "<p>Here is every setting of the Norwalk library's new catalog, with what each one does"
        " and when to change it.</p>"
    )
    rows = "".join(
        f"<tr><td><h5>Option {i}</h5><p>Choose how, when and for whom option {i} runs.</p></td>"
        "<td>On</td></tr>"
        for i in range(12)
    )
    page = (
        f"<nav class='navbar'><ul><li><a href='/'>Home</a></li></ul><main><article>"
        f"<div class='entry-content'>{intro}<div id='options'><table><tbody>{rows}</tbody></table>"
        "</div></div>"
        f"</article></main>"
    )
    body = _parse(page, title="Catalog settings")
    assert body.startswith("Here is every setting of the Norwalk library")
    assert "Choose how, when and for whom option 11 runs." in body


def test_advertiser_and_comment_disclosures_are_not_body() -> None:
    disclosure = (
        "<section class='editorial-disclosure'><p>This page contains links to products from our"
        " advertisers, and we may be paid when you click them, as our policy explains.</p>"
        "</section>"
    )
    body = _parse(f"<div class='article-wrapper'>{disclosure}<div class='content'>{STORY}</div>")
    assert body.startswith("The Danbury planning board voted")
    assert "advertisers" not in body


def test_a_photo_gallery_embedded_in_the_story_is_left_out_however_long() -> None:
    captions = "".join(
        f"<li><h2>{i}/8 Riverside scene</h2><p>Photo {i} shows the old mill wall in Danbury,"
        " which neighbors asked the city to keep, seen from the new path along the river"
        " on a cold and bright morning in March.</p></li>"
        for i in range(8)
    )
    gallery = f"<div class='widget-wrapper type-gallery'><ul class='legends'>{captions}</ul></div>"
    first, rest = STORY.split("</p>", 1)
    body = _parse(f"<div class='text-wrapper'>{first}</p>{gallery}{rest}</div>")
    assert "Photo 3 shows" not in body
    assert body.startswith("The Danbury planning board voted")
    assert body.endswith("money from the capital budget.")


def test_a_gallery_article_keeps_its_slides() -> None:
    slides = "".join(
        f"<div class='slide'><p>Costume {i}: a paper crown, a cape cut from an old sheet, and"
        " face paint, all for less than five dollars at any craft store in Hartford.</p></div>"
        for i in range(8)
    )
    intro = "<p>Here are eight costumes you can make at home for Halloween, all of them cheap.</p>"
    page = f"<article><div class='post-content'>{intro}</div><div class='gallery'>{slides}</div>"
    body = _parse(page + "</article>", title="Eight cheap costumes")
    assert "Costume 7: a paper crown" in body


@pytest.mark.parametrize(
    "notice",
    [
        "4 min read",
        "Read the latest from Dana Whitlock",
        "(Credit: Luis Ortega / Courier)",
        "Do you want to hear about our town hall meetings? Sign up here",
        "\u00a9 2023, The Danbury Courier. This story is the property of the Courier. Written"
        " permission is needed to reprint it online or in print, and reprinting it without"
        " permission or payment is against the law, so please ask us first.",
        "Follow the Courier on Twitter and Instagram @danburycourier and on Facebook. Send us a"
        " message at any time, or email the newsroom with your tips, photos and letters to the"
        " editor, which we read every day.",
    ],
)
def test_house_notices_stay_out_of_the_body(notice: str) -> None:
    body = _parse(f"<div class='story'>{STORY}<p>{notice}</p></div>")
    assert body.endswith("money from the capital budget.")


def test_list_items_that_say_something_around_their_links_are_body() -> None:
    items = (
        "<ul><li>Ruth Okafor <a href='/bug/12'>fixed the library's late-fee form</a> so it"
        " works on phones again</li>"
        "<li><a href='/story/1'>Mayor's race heats up in Stamford</a></li></ul>"
    )
    body = _parse(f"<div class='story'>{STORY}{items}</div>")
    assert "Ruth Okafor fixed the library's late-fee form so it works on phones again" in body
    assert "Mayor's race heats up" not in body


def test_text_hidden_with_display_none_is_not_body() -> None:
    hidden = (
        "<div style='display: none;' itemscope><div itemprop='headline'>Board approves"
        " river park</div><div itemprop='datePublished'>2023-08-01T09:00:00-04:00</div></div>"
    )
    body = _parse(f"<div class='story'>{STORY}{hidden}</div>")
    assert body.endswith("money from the capital budget.")


def test_a_feed_of_story_excerpts_below_the_article_is_not_pulled_in() -> None:
    cards = "".join(
        f"<div class='card'><h3><a href='/s/{i}'>Other story {i}</a></h3><p>{i} hours ago</p>"
        f"<div class='wp-block-post-excerpt'><p>Story {i} tells how the Waterbury council, the"
        " school board and the parks office spent the week arguing over budgets, buses and"
        " the summer pool schedule, and what comes next.</p></div></div>"
        for i in range(3)
    )
    page = (
        f"<div class='single-post__content'><div class='entry-content'>{STORY}</div>"
        f"<div class='post-picker'>{cards}</div></div>"
    )
    body = _parse(page)
    assert body.startswith("The Danbury planning board voted")
    assert "Waterbury council" not in body
