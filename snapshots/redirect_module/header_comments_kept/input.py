#!/usr/bin/env python
# Copyright (c) Example Corp.
"""Legacy engine."""  # kept for old plugins
class ExecutionEngine:
    pass

# end of module
