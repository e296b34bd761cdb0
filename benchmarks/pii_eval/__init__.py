"""The real-text PII evaluation set: selectors, labelled spans, and the black-box scorer."""
