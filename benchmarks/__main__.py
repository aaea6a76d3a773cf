"""``python -m benchmarks``: the side-by-side benchmark (``--help`` for options)."""

from benchmarks.harness import main

raise SystemExit(main())
