"""Deck files: discovery, the YAML tree, the format, reading with located problems, sources and
grounding, lint rules, the deck cache, watching for changes, writing decks."""
