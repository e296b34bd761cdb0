"""The commented starter config written by `curate init`."""

STARTER_CONFIG = """\
# curate.yaml: what to read, what to learn, and when the data is ready.
# Relative paths start at this file's folder. Unknown keys are errors.
version: 1
# name: support-replies       # the dataset card's title (README.md beside the exports)
# description: Replies from our support mailbox, for a reply assistant.
seed: 13                      # every random choice (split, folds) derives from it

engine:
  kind: local                 # local | dask
  workers: 1                  # worker processes for per-record stages (PII is the slow one)
  batch_size: 256

tasks:                        # the strict task definitions the gate checks
  support_reply:
    instruction: Reply to the customer as a support agent.
    output: text              # text | label | json
    min_output_words: 3
    max_output_words: 400

sources:                      # kinds: emails, tickets, contracts, pairs
  - kind: pairs
    path: data/pairs.jsonl
    task: support_reply
    # license: cc-by-4.0      # as the card names it; none: "licence not declared"
    options:                  # per-kind options; pairs maps columns
      input: question
      output: answer
      label: category

stages:                       # every stage runs with its defaults unless disabled here
  redact: {}
  quality: {}
  dedup: {}
  labels: {}
  audit: {}
  split: {}

gate:
  min_train_examples: 1000    # criterion 1: more than this many in train
  min_eval_examples: 100      # criterion 3: a held-out eval split at least this big
  metric: rouge_l             # accuracy | macro_f1 | exact_match | rouge_l | json_valid
  require_baseline: false     # criterion 4 (prompting falls short) required when true

export:
  formats: [openai]
"""
