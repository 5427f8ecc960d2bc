"""Helping an author write decks: articles, facts in prose, drafts, skeletons."""
