from typing import Optional

from app.old import Engine


def build() -> Optional["Engine"]:
    return Engine(debug=True)
