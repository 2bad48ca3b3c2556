"""Make pandas, numpy and pyarrow unimportable in this process (``BENCH_NO_PANDAS=1``).

sqlite-utils imports pandas and numpy whenever they are installed (for column
types), which costs start-up time and memory in the window. Blocking them shows
what an installation without them sees.
"""

from __future__ import annotations

import importlib.abc
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

BLOCKED = ("pandas", "numpy", "pyarrow")


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked by the benchmark (BENCH_NO_PANDAS)")
        return None


def apply_from_environment() -> bool:
    if not os.environ.get("BENCH_NO_PANDAS"):
        return False
    sys.meta_path.insert(0, _Blocker())
    return True
