"""One module per CLI command: each adds its parser and runs domain code lazily."""
