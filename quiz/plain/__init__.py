"""The plain front end: study sessions and exams line by line on stdin and stdout, as text for
screen readers and pipes or as JSON lines for scripts (README "Plain mode"). It drives the same
sessions as the TUI and never imports Textual."""
