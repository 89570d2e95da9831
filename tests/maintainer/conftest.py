"""Maintainer-workflow tests: see maintainer_helpers.py for the project copy and the script runner."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "scripts"))

from maintainer_helpers import maintainer_copy  # noqa: E402,F401  (a fixture)
