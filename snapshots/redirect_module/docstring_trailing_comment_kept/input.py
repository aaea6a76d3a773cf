#!/usr/bin/env python
# Licensed under the MIT licence.

"""The original engine."""  # keep: read by the docs build

import logging


class ExecutionEngine:
    log = logging.getLogger(__name__)
