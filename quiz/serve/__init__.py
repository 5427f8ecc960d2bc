"""The app in a web browser: `quiz serve` runs one app process per browser tab, through
textual-serve, behind a guard that keeps it to this machine or to holders of a token."""
