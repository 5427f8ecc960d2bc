"""The help overlay fits a small terminal (60×20) and a phone's browser (45×35): every line
of it can be brought into view by the keys alone, and nothing is cut off at the side."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from clockkit import Clock
from quiz.tui.app import build_app
from quiz.tui.screens.help import HelpScreen
from tuikit import FROZEN, card, open_collection, settle, showing


def rendered_text(widget: Widget) -> str:
    """What the widget draws, every line of it, without the spaces."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "".join("".join(strip.text for strip in strips).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("size", "buttons"), [((60, 20), False), ((45, 35), True)])
async def test_every_line_of_the_study_help_can_be_scrolled_to(tmp_path: Path, lang, size,
                                                               buttons):
    collection = open_collection(tmp_path)
    app = build_app(collection, start="study", cards=[card(collection, "policy", "growth-target")],
                    clock=Clock(FROZEN), lang=lang, cursor_blink=False, buttons=buttons)
    async with app.run_test(size=size) as pilot:
        if buttons:
            help_button = next(button for button in app.screen.query("ActionButton")
                               if button.bound_action == "help")
            await pilot.click(help_button)
        else:
            await pilot.press("question_mark")
        await settle(pilot, lambda: showing(app, HelpScreen))
        await pilot.pause()
        screen = app.screen
        dialog = screen.query_one("#help")
        assert screen.region.contains_region(dialog.region)
        if size == (60, 20):
            assert dialog.max_scroll_y > 0           # it does not fit: it must scroll
        t = app.t
        expected: list[tuple[Widget, str]] = [
            (screen.query_one("#help-heading"), f"{t('help.heading')} · {t('help.study')}"),
            *zip(screen.query(".help-key"), (keys for keys, _ in screen.rows)),
            *zip(screen.query(".help-what"), (t(what) for _, what in screen.rows)),
            (screen.query_one("#help-close"), t("help.close")),
        ]
        assert len(expected) == 2 + 2 * len(screen.rows)
        for widget, text in expected:                # nothing lost inside a widget
            assert rendered_text(widget) == "".join(text.split()), text
        seen: dict[Widget, set[int]] = {widget: set() for widget, _ in expected}
        while True:
            view = dialog.scrollable_content_region
            for bar in screen.query("ActionBar"):    # the buttons cover what is under them
                view = Region.from_corners(view.x, view.y, view.right,
                                           min(view.bottom, bar.region.y))
            for widget, text in expected:
                region = widget.region
                assert view.x <= region.x and region.right <= view.right, text
                seen[widget].update(row for row in range(region.height)
                                    if view.y <= region.y + row < view.bottom)
            if dialog.scroll_y >= dialog.max_scroll_y:
                break
            before = dialog.scroll_y
            await pilot.press("down")
            await settle(pilot, lambda before=before: dialog.scroll_y > before)
        for widget, text in expected:
            assert seen[widget] == set(range(widget.region.height)), text
        await pilot.press("escape")
        await settle(pilot, lambda: not showing(app, HelpScreen))
    collection.close()
