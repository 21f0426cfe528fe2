"""Body text spread over several blocks: runs of same-class blocks, how-to steps, embeds."""

from __future__ import annotations

from archive.parse.page import parse_page

URL = "https://www.valleyledger.example.com/news/2024/03/11/story/"

LEAD = (
    "<p>The Keene school board voted on Monday night to keep the old Wheelock school open for"
    " another year, after parents filled the gym, signed petitions and asked for more time.</p>"
    "<p>Board member Odalys Ferreira-Kwan said the district would study the roof, the boiler and"
    " the bus routes, and bring a full cost estimate back to the board before the summer.</p>"
    "<p>The superintendent, Lionel Barstow-Quill, had proposed closing the building in June, with"
    " its pupils moving to two other schools, to save about four hundred thousand dollars.</p>"
)
# prose outside the story's wrapper, in a comment thread: it keeps the wrapper from widening
COMMENTS = (
    '<div class="comments">'
    + "".join(
        f"<p>Comment {n}: this is a long reader comment about the school, the budget, the roof,"
        " the buses and the board, and it goes on for a while so that it weighs something.</p>"
        for n in range(12)
    )
    + "</div>"
)


def _parse(body: str, title: str = "Keene board keeps Wheelock school open") -> str:
    raw = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()
    return parse_page(raw, URL).body


def test_a_short_closing_block_of_the_story_class_stays_in_the_body() -> None:
    body = _parse(
        "<main>"
        f'<div class="story-block">{LEAD}</div>'
        '<div class="ad-slot"></div>'
        '<div class="story-block"><p>The next meeting is on April 8.</p></div>'
        f"{COMMENTS}</main>"
    )
    assert body.startswith("The Keene school board voted")
    assert body.endswith("The next meeting is on April 8.")
    assert "Comment 3" not in body


def test_every_step_of_a_how_to_page_is_in_the_body() -> None:
    intro = (
        "<p>A rain garden keeps water from the roof in the yard, where it soaks into the soil"
        " instead of running into the street, and it gives bees and birds a place to feed.</p>"
    )
    steps = "".join(
        f'<div class="step"><div class="step-text"><span class="label">Step {n}</span>'
        f"<p>{text}</p></div></div>"
        for n, text in enumerate(
            (
                "Pick a low spot at least ten feet from the house.",
                "Dig the bed six inches deep and loosen the soil.",
                "Plant sedges and asters, then cover the bed with mulch.",
            ),
            start=1,
        )
    )
    body = _parse(
        '<div class="page">'
        f'<div class="step"><div class="step-text lead">{intro}</div></div>'
        '<div class="related"><h3>More from us</h3>'
        '<ul><li><a href="/a">Compost</a></li></ul></div>'
        f"{steps}{COMMENTS}</div>",
        title="How to build a rain garden",
    )
    assert body.startswith("A rain garden keeps water")
    assert "Dig the bed six inches deep and loosen the soil." in body
    assert body.endswith("Plant sedges and asters, then cover the bed with mulch.")
    assert "Compost" not in body


def test_layout_rows_beside_the_story_are_not_taken_for_steps() -> None:
    teasers = "".join(
        f'<div class="row"><div class="col"><a href="/t{n}">Teaser headline number {n}</a>'
        "</div></div>"
        for n in range(4)
    )
    body = _parse(f'<div class="row"><div class="col">{LEAD}</div></div>{teasers}{COMMENTS}')
    assert body.startswith("The Keene school board voted")
    assert "Teaser headline" not in body


def test_an_embedded_post_quoted_in_the_story_is_kept() -> None:
    body = _parse(
        f'<article><div class="entry-content">{LEAD}'
        '<blockquote class="twitter-tweet"><p>We will keep Wheelock open through next June,'
        " and we thank every parent who came to speak tonight.</p>&mdash; Keene Schools"
        "</blockquote><p>Parents said they would return in April.</p></div></article>"
    )
    assert "We will keep Wheelock open through next June" in body
    assert body.endswith("Parents said they would return in April.")


def test_a_related_posts_block_with_a_joined_class_name_is_not_the_body() -> None:
    related = (
        '<div class="jp-relatedposts"><h3>Related</h3>'
        '<div class="jp-relatedposts-post"><a href="/b">Swanzey fair returns</a>'
        "<p>The Swanzey fair is back this summer with a parade, a pie contest and rides.</p>"
        "</div></div>"
    )
    body = _parse(f'<article><div class="entry-content">{LEAD}{related}</div></article>')
    assert body.endswith("to save about four hundred thousand dollars.")
    assert "Swanzey" not in body


def test_a_list_item_that_links_part_of_its_words_stays_in_the_body() -> None:
    items = (
        '<ul><li><a href="/budget">The full budget</a> is posted online.</li>'
        '<li><a href="/petition">The petition</a> that parents signed is online too.</li></ul>'
    )
    body = _parse(f'<article><div class="entry-content">{LEAD}{items}</div></article>')
    assert "The full budget is posted online." in body
    assert body.endswith("The petition that parents signed is online too.")


def test_next_story_teasers_with_more_prose_than_a_short_post_are_not_the_body() -> None:
    teaser = (
        '<div class="nextstory"><h2><a href="/n{n}">Next story {n}</a></h2>'
        "<p>Walpole selectmen debated the town's new trash rules for three hours on Thursday,"
        " with residents on both sides of the question of curbside pickup and sticker fees.</p>"
        "</div>"
    )
    body = _parse(
        '<div id="container"><div id="story"><p>A Keene cartoonist drew the whole school board'
        " meeting in one long panel, and it is worth a look. Click through for all of it.</p>"
        "</div>"
        f'<div id="next-post-thumbnails">{"".join(teaser.format(n=n) for n in range(5))}</div>'
        "</div>"
    )
    assert body == (
        "A Keene cartoonist drew the whole school board meeting in one long panel, and it is"
        " worth a look. Click through for all of it."
    )


def test_a_question_and_its_answer_in_separate_wrappers_are_both_in_the_body() -> None:
    question = (
        "<p>Why does the Keene transfer station close at noon on Saturdays, when most people"
        " are free to drop off their recycling?</p>"
    )
    answer = (
        "<p>The station runs on a volunteer crew on weekends, and the town's contract with the"
        " hauler sets the last pickup at one o'clock, so the gates close an hour before.</p>"
        "<p>The public works director, Anselm Trudeau-Birch, said the hours could change next"
        " year if the town hires two more attendants, which the budget committee will discuss.</p>"
        "<p>Until then, residents can use the Swanzey station on Sunday mornings, for a fee.</p>"
    )
    body = _parse(
        f'<div id="question"><div class="post-text">{question}</div>'
        '<div class="user-card"><a href="/u/1">Asked by a reader</a></div></div>'
        f'<div id="answers"><div class="answer"><div class="post-text">{answer}</div></div></div>'
        f"{COMMENTS}",
        title="Why does the transfer station close at noon?",
    )
    assert body.startswith("Why does the Keene transfer station close at noon on Saturdays")
    assert body.endswith("for a fee.")
    assert "Asked by a reader" not in body


def test_a_link_inside_a_sentence_keeps_its_words_whatever_its_class() -> None:
    body = _parse(
        f'<article><div class="entry-content">{LEAD}<p>The board\'s clerk, Hollis Venn, said'
        ' the vote followed <a class="popup" href="#n1">the longest public hearing</a> the'
        ' district has held, and <a class="meta-org" href="/t/pta">the PTA</a> thanked the'
        ' board. <a class="share-link" href="/share">Share this</a></p></div></article>'
    )
    assert body.endswith(
        "The board's clerk, Hollis Venn, said the vote followed the longest public hearing"
        " the district has held, and the PTA thanked the board."
    )


def test_subheads_that_link_to_their_own_anchor_are_kept() -> None:
    body = _parse(
        f'<article><div class="entry-content">{LEAD}'
        '<h3 id="costs"><a class="toclink" href="#costs">What the repairs cost</a></h3>'
        "<p>The roof alone would cost about two hundred thousand dollars, the district said.</p>"
        '<h3><a class="headerlink" href="#next">What comes next</a></h3>'
        "<p>A public forum is planned at the Keene library in May.</p></div></article>"
    )
    assert "\n\nWhat the repairs cost\n\nThe roof alone" in body
    assert body.endswith(
        "What comes next\n\nA public forum is planned at the Keene library in May."
    )


def test_an_h1_after_the_story_has_begun_is_a_subhead_but_the_headline_is_not() -> None:
    body = _parse(
        '<article><div class="entry-content"><h1>Keene board keeps Wheelock school open</h1>'
        f"{LEAD}<h1>Why parents pushed back</h1>"
        "<p>Many families walk to Wheelock, and the other schools are across the river.</p>"
        "</div></article>"
    )
    assert body.startswith("The Keene school board voted")
    assert "\n\nWhy parents pushed back\n\nMany families walk to Wheelock" in body


def test_a_table_inside_a_figure_is_part_of_the_body() -> None:
    table = (
        '<figure class="comparison-table"><table><tbody>'
        "<tr><th>School</th><th>Pupils</th></tr>"
        "<tr><td>Wheelock</td><td>212</td></tr>"
        "<tr><td>Fuller</td><td>348</td></tr>"
        "</tbody></table><figcaption>Source: Keene school district</figcaption></figure>"
    )
    body = _parse(f'<article><div class="entry-content">{LEAD}{table}</div></article>')
    assert "Wheelock 212" in body
    assert "Fuller 348" in body
    assert "Source: Keene school district" not in body


def test_a_long_lead_paragraph_in_a_block_of_its_own_opens_the_body() -> None:
    lead = (
        "<p>Keene's oldest elementary school will stay open for at least one more year after a"
        " long night of testimony in which parents, teachers and former pupils asked the board"
        " to wait for a full study of the building before it decides anything that cannot be"
        " undone later on. The vote was unanimous and came after midnight when most of the"
        " crowd had gone home and only a few families remained in the gym to hear the result"
        " read aloud by the clerk of the board, who had kept the minutes through the whole"
        " night.</p>"
    )
    more = "".join(
        f"<p>Speaker {n}, a parent from the west side, said the school is close, safe and"
        " small, and that the walk to the other schools would cross two busy roads.</p>"
        for n in range(12)
    )
    body = _parse(
        f'<div class="wrap"><div class="lead-block">{lead}</div>'
        f'<div class="story-text">{LEAD}{more}</div>{COMMENTS}</div>'
    )
    assert body.startswith("Keene's oldest elementary school will stay open")
    assert "\n\nThe Keene school board voted" in body


def test_a_drop_cap_in_its_own_element_rejoins_its_word() -> None:
    body = _parse(
        '<article><div class="entry-content"><span class="drop-cap">T</span>'
        "<p>he Keene school board voted on Monday night to keep the old Wheelock school open for"
        " another year, after parents filled the gym and asked the board for more time.</p>"
        f"{LEAD}</div></article>"
    )
    assert body.startswith("The Keene school board voted on Monday night")


def test_a_mid_length_tip_repeated_in_each_section_is_kept_each_time() -> None:
    tip = (
        "<p>Tip: the Keene farmers market sells most of these vegetables on Saturday mornings,"
        " so shop there first.</p>"
    )
    body = _parse(
        f'<article><div class="entry-content">{LEAD}<h2>Monday</h2>'
        f"<p>Roast squash with sage and brown rice.</p>{tip}<h2>Tuesday</h2>"
        f"<p>Bean soup with kale and a slice of bread.</p>{tip}</div></article>",
        title="A week of school lunches",
    )
    assert body.count("Tip: the Keene farmers market") == 2


def test_a_long_paragraph_rendered_twice_is_kept_once() -> None:
    twice = (
        "<p>The board will meet again on April 8 at the Keene middle school library, where it"
        " will hear the report on the roof, the boiler and the buses, and take public comment"
        " from anyone who signs up at the door before the meeting begins at seven.</p>"
    )
    body = _parse(
        f'<article><div class="entry-content">{LEAD}{twice}</div>'
        f'<div class="entry-content">{twice}</div></article>'
    )
    assert body.count("The board will meet again on April 8") == 1


def test_a_sentence_made_mostly_of_links_is_kept_but_a_link_line_is_not() -> None:
    linked = (
        '<p>The board <a href="/2023/closing-plan">first proposed closing Wheelock in 2023</a>,'
        ' prompting parents to <a href="/2023/petition">start a petition that drew 900'
        " names</a>.</p>"
        '<p><a href="/more">More school board coverage from the Valley Ledger</a></p>'
    )
    body = _parse(f'<article><div class="entry-content">{LEAD}{linked}</div></article>')
    assert body.endswith(
        "The board first proposed closing Wheelock in 2023, prompting parents to start a"
        " petition that drew 900 names."
    )
    assert "More school board coverage" not in body
