"""The vocabulary every layer shares: the model, card state, clock, forgetting curve, errors,
settings, locations, files, and the characters deck text may not hold."""
