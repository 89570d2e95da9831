"""The theme's templates compiled once per process. `mkdocs serve` makes a new Jinja environment on
every save, so without this each preview would compile Material's templates again before showing the
edit. Jinja checks each template's source against its cached code, so an edited template is compiled
afresh."""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def reuse_compiled(env: jinja2.Environment) -> jinja2.Environment:
    env.bytecode_cache = COMPILED
    return env
