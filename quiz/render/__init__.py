"""What the learner reads, for the CLI and the TUI alike: Rich cards, charts, tables, line
breaking, and the messages in each language."""
