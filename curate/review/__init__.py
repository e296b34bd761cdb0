"""The review queue: which records a person should look at, and the decisions made on them."""
