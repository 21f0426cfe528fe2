"""Body: a hand-made page laid out in table cells, with a menu column beside the story."""

from __future__ import annotations

from archive.parse.page import parse_page

URL = "http://www.canaancourier.example.com/news/ladder-truck.html"
LINES = [
    "The Canaan Fire Company took delivery of a new ladder truck on Saturday, replacing a 1987"
    " truck that had failed its last two pump tests.",
    "The truck was paid for with a federal grant and five years of chicken barbecues.",
    "The company will show the truck at an open house at the Route 44 firehouse on March 16.",
]


def _body(menu: str, stamp: str) -> list[str]:
    story = "<br><br>".join(LINES)
    raw = (
        "<html><head><title>Fire company buys a new ladder truck</title></head><body><table><tr>"
        f'<td width="140">{menu}</td><td><b>Fire company buys a new ladder truck</b><br>'
        f"{stamp}<br><br>{story}<br><br></td></tr></table></body></html>"
    )
    return parse_page(raw.encode(), URL).body.split("\n\n")


def test_the_menu_cells_last_link_does_not_join_the_storys_first_line() -> None:
    menu = '<a href="/">Front Page</a><br><a href="/news">Town News</a><br><a href="/l">Letters</a>'
    assert _body(menu, "")[0] == LINES[0]


def test_a_weekly_issue_stamp_is_no_story_text() -> None:
    assert _body("", "Week of March 6, 2019")[0] == LINES[0]


def test_cells_of_a_data_row_still_read_as_one_line() -> None:
    row = (
        "<table><tr><th>Truck</th><th>Year</th></tr><tr><td>Ladder One</td><td>1987</td></tr>"
        "<tr><td>Engine Two</td><td>2004</td></tr></table>"
    )
    raw = (
        "<html><body><article><h1>Fleet</h1>"
        + "".join(f"<p>{line}</p>" for line in LINES)
        + row
        + "</article></body></html>"
    )
    assert "Ladder One 1987" in parse_page(raw.encode(), URL).body.split("\n\n")
