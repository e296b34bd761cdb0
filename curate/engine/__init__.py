"""Engines run stages; stages never know which engine runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from curate.engine.base import Engine

if TYPE_CHECKING:
    from curate.config import EngineConfig


def make_engine(config: EngineConfig) -> Engine:
    """The engine a config asks for; dask is imported only when chosen."""
    if config.kind == "dask":
        from curate.engine.dask import DaskEngine

        return DaskEngine(config)
    from curate.engine.local import LocalEngine

    return LocalEngine(config)
