"""The vocabulary every layer shares: model, clock, errors, settings, locations, files, the characters deck text may not hold."""
