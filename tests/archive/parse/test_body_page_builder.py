"""Body: a page builder names every block "widget"; its short blocks of story text stay."""

from __future__ import annotations

from archive.parse.page import parse_page

URL = "https://www.greenmountaingear.example.com/reviews/stowe-touring-ski/"
STORY = [
    f"Paragraph {i}: we toured the ski on the Skytop Trail above Stowe for most of February, in"
    " fresh powder, wind crust and the spring corn that came early to the Green Mountains."
    for i in range(1, 5)
]
CLOSING = "Bottom line: an easy ski to recommend for Stowe touring."


def _widget(inner: str, n: int, kind: str = "text-editor") -> str:
    return (
        f'<div class="builder-element builder-element-{n}f2 builder-widget builder-widget-{kind}">'
        f'<div class="builder-widget-container">{inner}</div></div>'
    )


def _body(last: str) -> list[str]:
    widgets = "".join(_widget(f"<p>{p}</p>", i) for i, p in enumerate(STORY)) + last
    raw = (
        "<html><head><title>Review</title></head><body><article><h1>Review</h1>"
        f'<div class="builder-widget-wrap">{widgets}</div></article></body></html>'
    )
    return parse_page(raw.encode(), URL).body.split("\n\n")


def test_a_short_closing_text_widget_is_kept_like_its_twins() -> None:
    closing = f"<p>{CLOSING} It floats in soft snow and turns quickly in the trees.</p>"
    assert _body(_widget(closing, 9))[-1].startswith(CLOSING)


def test_a_picture_widget_with_a_caption_stays_out() -> None:
    caption = (
        "<figure><img src='/ski.jpg' alt=''></figure><p>The ski on the summit ridge of Mount"
        " Mansfield during the third week of our test.</p>"
    )
    assert _body(_widget(caption, 9, kind="image")) == STORY


def test_a_hidden_text_widget_stays_out() -> None:
    hidden = f'<div class="builder-widget" hidden><p>{CLOSING} Hidden from readers here.</p></div>'
    assert _body(hidden) == STORY
