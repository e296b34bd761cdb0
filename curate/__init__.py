"""curate: turn raw business text into a fine-tuning dataset you can trust."""

__version__ = "0.1.0"
