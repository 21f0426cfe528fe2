"""Body: the story's first paragraph set beside its share buttons is kept, the buttons are not."""

from __future__ import annotations

from archive.parse.page import parse_page

URL = "https://www.svtelegraph.example.com/news/nashua-warming-center/"
LEDE = (
    "The city opened its first overnight warming center on Friday in the former armory on"
    " Canal Street, with 60 cots and hot meals."
)
REST = [
    f"Paragraph {i}: the center will stay open whenever the overnight temperature is forecast"
    " to fall below 20 degrees, the mayor's office said on Thursday."
    for i in range(1, 5)
]
SHARE = (
    '<aside class="share-tools"><ul><li><a href="https://www.facebook.com/sharer">Facebook</a>'
    '</li><li><a href="mailto:?subject=x">Email</a></li></ul></aside>'
)


def _body(story: str) -> list[str]:
    raw = (
        "<html><head><title>Warming center opens</title></head><body><main>"
        f"<h1>Warming center opens</h1>{story}</main></body></html>"
    )
    return parse_page(raw.encode(), URL).body.split("\n\n")


def _rest() -> str:
    return "".join(f"<p>{p}</p>" for p in REST)


def test_a_lede_in_a_share_wrapper_inside_the_body_is_kept() -> None:
    story = (
        f'<div class="story__body"><div class="story__share-wrapper">{SHARE}<p>{LEDE}</p></div>'
        f"{_rest()}</div>"
    )
    assert _body(story) == [LEDE, *REST]


def test_a_lede_beside_share_tools_above_the_body_container_is_kept() -> None:
    story = f'<div class="lede-share">{SHARE}<p>{LEDE}</p></div>'
    story += f'<div class="article-body">{_rest()}</div>'
    assert _body(story) == [LEDE, *REST]


def test_a_share_aside_left_open_around_the_lede_keeps_the_lede() -> None:
    story = (
        f'<div class="article-body"><aside class="share-tools"><a href="x">Facebook</a>'
        f"<p>{LEDE}</p></aside>{_rest()}</div>"
    )
    assert _body(story) == [LEDE, *REST]


def test_a_share_widget_with_its_own_messages_stays_out() -> None:
    widget = (
        '<div class="util-bar-share"><div class="util-bar-module">' + SHARE + "</div>"
        "<p>Check out your photo or video now, and look for it in our online and print"
        " editions.</p><p>Sign in now to share your story.</p><p>Whoops!</p>"
        "<p>We're experiencing a few technical issues.</p><p>Try again</p></div>"
    )
    story = f'<div class="article-body">{widget}<p>{LEDE}</p>{_rest()}</div>'
    assert _body(story) == [LEDE, *REST]


def test_a_sidebar_aside_with_another_storys_paragraph_stays_out() -> None:
    aside = (
        '<aside class="related"><p>The council also voted last week to repave Union Street in'
        " Nashua, at a cost of $1.2 million.</p></aside>"
    )
    story = f'<div class="article-body"><p>{LEDE}</p>{_rest()}{aside}</div>'
    assert _body(story) == [LEDE, *REST]


def test_a_story_tools_box_and_its_heading_stay_out() -> None:
    tools = (
        '<div id="story_tools" class="module"><h4>Story Tools</h4><ul><li>'
        '<a href="/email">E-mail</a></li><li><a href="/print">Print</a></li></ul></div>'
    )
    story = f'<div class="article-body"><p>{LEDE}</p>{tools}{_rest()}</div>'
    assert _body(story) == [LEDE, *REST]
