"""Typed replies checked against a card's answer: text, numbers, dates."""
