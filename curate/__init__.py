"""curate: turn raw business text into a fine-tuning dataset you can trust.

The Python API (`curate.run`, `curate.open_run`, `curate.Run`, `curate.apply_stage`; see
curate/api.py) loads on first use, so `import curate` stays fast.
"""

from curate.errors import ConfigError, CurateError, InputError, UsageError

__version__ = "0.1.0"

_API = ("Run", "StageOutput", "apply_stage", "open_run", "run")

__all__ = ["ConfigError", "CurateError", "InputError", "UsageError", "__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        from curate import api

        return getattr(api, name)
    raise AttributeError(f"module 'curate' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
