"""What the learner reads, for the CLI and the TUI: Rich cards, charts, tables, line breaking, messages."""
