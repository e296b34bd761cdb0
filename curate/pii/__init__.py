"""PII detection and replacement behind the `redact` stage (presidio + spaCy, loaded lazily)."""
