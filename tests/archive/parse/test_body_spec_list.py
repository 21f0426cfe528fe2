"""Body: a short list of specifications set above a review's intro belongs to the review."""

from __future__ import annotations

from archive.parse.page import parse_page

URL = "https://www.greenmountaingear.example.com/reviews/stowe-touring-ski/"
SPECS = [
    "Ski: Mansfield Tour 98, 178 cm",
    "Available Lengths: 164, 171, 178 cm",
    "Stated Weight per Ski: 1450 grams",
    "Core: Paulownia and ash",
    "Test Locations: Stowe, VT; Bolton Valley, VT",
]
STORY = [
    f"Paragraph {i}: we toured the Mansfield Tour 98 on the Skytop Trail above Stowe for most"
    " of February, in fresh powder, wind crust and the spring corn that came early this year."
    for i in range(1, 5)
]


def _section(inner: str, n: int) -> str:
    # a page builder's section: a text column beside a picture column with its caption
    caption = (
        "The Mansfield Tour 98 on the summit ridge of Mount Mansfield, above Smugglers' Notch,"
        " during the third week of testing (Photo courtesy of the manufacturer)"
    )
    return (
        f'<section class="builder-section builder-element-{n}a7f"><div class="builder-row">'
        f'<div class="builder-column"><div class="builder-widget builder-element-{n}c3e">{inner}'
        '</div></div><div class="builder-column"><div class="builder-widget builder-image">'
        f'<figure><img src="/ski-{n}.jpg" alt=""><figcaption>{caption}</figcaption></figure>'
        "</div></div></div></section>"
    )


def _body(before: str) -> list[str]:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    raw = (
        "<html><head><title>Mansfield Tour 98 review</title></head><body><article>"
        f'<h1>Mansfield Tour 98 review</h1><div class="entry-content">{before}'
        f"{_section(story, 2)}</div></article></body></html>"
    )
    return parse_page(raw.encode(), URL).body.split("\n\n")


def test_a_spec_list_above_the_intro_is_kept_before_it() -> None:
    specs = "".join(f"<p>{s}</p>" for s in SPECS)
    assert _body(_section(specs, 1)) == [*SPECS, *STORY]


def test_a_short_block_of_other_lines_above_the_intro_is_not_a_spec_list() -> None:
    lines = "<p>Share this review</p><p>Print</p><p>Comments (4)</p><p>Save for later</p>"
    assert _body(_section(lines, 1)) == STORY
