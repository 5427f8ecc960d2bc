"""One module per screen; each coordinates its widgets and calls the domain session."""
