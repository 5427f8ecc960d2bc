"""Other tools' formats: FSRS review logs, Anki packages and text exports."""
