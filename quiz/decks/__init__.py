"""Deck files: discovery, YAML tree, schema, reading with located problems, grounding, lint rules, cache, watching."""
