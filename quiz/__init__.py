"""quiz: study current-affairs decks grounded in their source articles, in the terminal."""

__version__ = "0.1.0"
