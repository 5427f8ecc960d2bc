"""Aligned tables draw what Rich's Table draws, character for character and bold for bold,
whenever the table fits the screen; otherwise they leave it to Rich's Table."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from quiz.render.tables import Column, aligned, print_table, rich_table

# Cells as `quiz stats` makes them: no blanks at either end.
cell = st.text(alphabet=st.sampled_from("abc019 %/–⚑·金融利率ｱ"), max_size=14).filter(
    lambda text: text.strip() == text)


def drawn(renderable, width: int) -> list[list[tuple[str, bool]]]:
    """Each line as (character, bold) pairs, trailing blanks left out."""
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system=None)
    lines = []
    for line in console.render_lines(renderable, console.options, pad=False, new_lines=False):
        chars = [(char, bool(segment.style and segment.style.bold))
                 for segment in line for char in segment.text]
        while chars and chars[-1][0] == " ":
            chars.pop()
        lines.append(chars)
    return lines


@settings(max_examples=300, deadline=None)
@given(data=st.data(), count=st.integers(min_value=1, max_value=5),
       width=st.integers(min_value=10, max_value=100), gap=st.integers(min_value=1, max_value=3),
       title=st.text(alphabet=st.sampled_from("Title 90%·"), max_size=30))
def test_aligned_tables_match_rich_tables_when_they_fit(data, count, width, gap, title) -> None:
    # Headers are words, as in `quiz stats`.
    columns = [Column(data.draw(cell.filter(bool)),
                      "left" if index == 0 else "right",
                      max_width=data.draw(st.one_of(st.none(), st.integers(3, 20)))
                      if index == 0 else None,
                      min_width=data.draw(st.integers(0, 6)), no_wrap=index == 0)
               for index in range(count)]
    rows = data.draw(st.lists(st.lists(cell, min_size=count, max_size=count), max_size=6))
    bold = data.draw(st.sets(st.integers(0, 5)))
    text = aligned(columns, rows, width=width, title=title, gap=gap, bold_rows=bold)
    expected = rich_table(columns, rows, title=title, gap=gap, bold_rows=bold)
    if text is None:
        return
    assert drawn(text, width) == drawn(expected, width)


def test_a_table_too_wide_for_the_screen_is_left_to_rich() -> None:
    columns = [Column("period", "left"), Column("young"), Column("mature")]
    rows = [["365 days", "90.1% (145574/161638)", "88.5% (277/313)"]]
    assert aligned(columns, rows, width=40) is None
    narrow = io.StringIO()
    print_table(Console(width=40, file=narrow), columns, rows, title="True retention")
    lines = narrow.getvalue().splitlines()
    assert lines[0].rstrip() == "True retention"
    assert max(len(line) for line in lines) <= 40 and len(lines) > 3   # cells wrapped
    assert aligned(columns, rows, width=60) is not None


def test_a_title_wider_than_its_table_stays_on_one_line() -> None:
    out = io.StringIO()
    print_table(Console(width=60, file=out), [Column("card", "left"), Column("lapses")],
                [["a/c1", "0"]], title="Slowest answers (30 days)")
    assert out.getvalue().splitlines()[0] == "Slowest answers (30 days)"
