"""`python -m quiz` runs the same entry point as the installed `quiz` command."""

from quiz.cli.main import main

raise SystemExit(main())
