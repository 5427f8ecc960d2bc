"""`python -m quiz` runs the same entry point as the installed `quiz` command."""

from .cli import main

raise SystemExit(main())
