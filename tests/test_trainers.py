"""The exports fed to their real consumers, offline: Hugging Face `datasets`, TRL's
`SFTTrainer` (a few steps on a tiny model built from a config, with a tokenizer trained on
the fly), LLaMA-Factory's dataset loader and axolotl's chat_template tokenization.

Needs the `trainers` extra (README "Trainer checks"); skipped without it. Set
`CURATE_TRAINERS_RUN=RUN_DIR` to check a real run's exports instead of the built-in set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from runkit import branch_record, config, records, thread_records

pytestmark = pytest.mark.trainers
for _module in ("torch", "datasets", "transformers", "trl", "tokenizers"):
    pytest.importorskip(_module, reason="the `trainers` extra is not installed")

os.environ.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                  DISABLE_VERSION_CHECK="1", WANDB_DISABLED="true")

from curate.export.writer import write_exports  # noqa: E402
from curate.registries import EXPORTERS  # noqa: E402

SYSTEM = "You are a careful support agent."
CHAT_TEMPLATE = (
    "{% for m in messages %}"
    "{% if m['role'] == 'assistant' %}<|assistant|>{% generation %}{{ m['content'] }}<|end|>"
    "{% endgeneration %}{% else %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endif %}"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def _records():
    """Single-turn records, threads (contained pairs) and a branch, on both sides."""
    recs = records(40)
    threads = [*thread_records(6), branch_record(1)]
    for r in threads:
        r.split = "eval" if r.id.startswith("0000000005") else "train"
    return [*recs, *threads]


@pytest.fixture(scope="module", params=[None, SYSTEM], ids=["default", "system_prompt"])
def run(request, tmp_path_factory) -> Path:
    """A folder with all 11 formats, their side files and the dataset card."""
    if os.environ.get("CURATE_TRAINERS_RUN"):
        return Path(os.environ["CURATE_TRAINERS_RUN"])
    cfg = config()
    cfg.export.system_prompt = request.param
    out = tmp_path_factory.mktemp("exports")
    summary = write_exports(_records(), cfg, out, ready=True, formats=EXPORTERS.names())
    assert set(summary["formats"]) == set(EXPORTERS.names())
    return out


@pytest.fixture(scope="module")
def tokenizer(run):
    """A byte-level BPE trained on the exported text, with a chat template: no hub."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    texts = [p.read_text(encoding="utf-8") for p in sorted(run.glob("*.jsonl"))]
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    special = ["<unk>", "<pad>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>"]
    bpe.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=600, special_tokens=special))
    from tokenizers import decoders

    bpe.decoder = decoders.ByteLevel()
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, unk_token="<unk>", pad_token="<pad>",
                                  eos_token="<|end|>", bos_token=None)
    tok.chat_template = CHAT_TEMPLATE
    return tok


def _model(tokenizer):
    from transformers import LlamaConfig, LlamaForCausalLM

    return LlamaForCausalLM(LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=1024,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id))


def _lines(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8"))


@pytest.mark.parametrize("fmt", EXPORTERS.names())
def test_every_format_loads_with_datasets(run, fmt):
    from datasets import load_dataset

    card = load_dataset(str(run), fmt)
    for split, name in (("train", "train"), ("validation", "eval")):
        path = run / f"{name}.{fmt}.jsonl"
        assert card[split].num_rows == _lines(path) > 0
        assert load_dataset("json", data_files=str(path), split="train").num_rows == _lines(path)


def test_the_card_default_config_loads_without_a_name(run):
    from datasets import load_dataset

    loaded = load_dataset(str(run))
    first = json.loads((run / "report.json").read_text())["exports"]["formats"] if (
        run / "report.json").is_file() else None
    name = next(iter(first)) if first else EXPORTERS.names()[0]
    assert loaded["train"].num_rows == _lines(run / f"train.{name}.jsonl")


@pytest.mark.parametrize("fmt", ["trl", "trl_prompt_completion", "openai", "axolotl"])
def test_trl_sft_trainer_trains_a_few_steps(run, tokenizer, fmt, tmp_path):
    from datasets import load_dataset
    from trl import SFTConfig, SFTTrainer

    data = load_dataset("json", data_files={"train": str(run / f"train.{fmt}.jsonl"),
                                            "eval": str(run / f"eval.{fmt}.jsonl")})
    args = SFTConfig(output_dir=str(tmp_path), max_steps=3, per_device_train_batch_size=4,
                     logging_steps=1, report_to=[], save_strategy="no", max_length=512,
                     use_cpu=True, assistant_only_loss=fmt != "trl_prompt_completion",
                     learning_rate=1e-3, dataloader_num_workers=0, seed=0)
    trainer = SFTTrainer(model=_model(tokenizer), args=args, train_dataset=data["train"],
                         eval_dataset=data["eval"], processing_class=tokenizer)
    result = trainer.train()
    assert result.global_step == 3
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    assert len(losses) == 3 and all(loss == loss and loss > 0 for loss in losses)
    assert trainer.evaluate()["eval_loss"] > 0


def _llamafactory_import():
    """LLaMA-Factory's data package imports torchaudio at module level for audio inputs;
    torchaudio has no build for torch 2.13, so an empty module stands in for it (text only)."""
    import importlib.machinery
    import sys
    import types

    pytest.importorskip("llamafactory", reason="LLaMA-Factory is not installed (README)")
    if "torchaudio" not in sys.modules:
        try:
            import torchaudio  # noqa: F401
        except (ImportError, OSError):
            stand_in = types.ModuleType("torchaudio")
            stand_in.__spec__ = importlib.machinery.ModuleSpec("torchaudio", None)
            sys.modules["torchaudio"] = stand_in
    from llamafactory.data import get_dataset, get_template_and_fix_tokenizer
    from llamafactory.hparams import DataArguments, ModelArguments

    return get_dataset, get_template_and_fix_tokenizer, DataArguments, ModelArguments


@pytest.mark.parametrize("fmt", ["llamafactory_alpaca", "llamafactory_sharegpt"])
def test_llamafactory_loads_and_tokenizes_through_dataset_info(run, tokenizer, fmt, tmp_path):
    get_dataset, get_template, data_arguments, model_arguments = _llamafactory_import()
    from transformers import Seq2SeqTrainingArguments

    data_args = data_arguments(dataset=f"train.{fmt}", eval_dataset=f"eval.{fmt}",
                               dataset_dir=str(run), template="empty", cutoff_len=512,
                               preprocessing_num_workers=None, overwrite_cache=True)
    model_args = model_arguments(model_name_or_path=str(tmp_path))
    training_args = Seq2SeqTrainingArguments(output_dir=str(tmp_path), report_to=[],
                                             use_cpu=True)
    template = get_template(tokenizer, data_args)
    module = get_dataset(template, model_args, data_args, training_args, stage="sft",
                         tokenizer=tokenizer)
    train = module["train_dataset"]
    assert train.num_rows == _lines(run / f"train.{fmt}.jsonl")
    labelled = [sum(label != -100 for label in row) for row in train["labels"]]
    assert all(n > 0 for n in labelled)
    system = SYSTEM in tokenizer.decode(train[0]["input_ids"])
    has_system = "system" in json.loads((run / "dataset_info.json").read_text())[
        f"train.{fmt}"]["columns"]
    assert system == has_system


def test_axolotl_tokenizes_with_its_dataset_block_and_honours_no_loss(run, tokenizer):
    pytest.importorskip("axolotl", reason="axolotl is not installed (README)")
    from axolotl.prompt_strategies.chat_template import load
    from axolotl.utils.dict import DictDefault
    from datasets import load_dataset

    block = json.loads((run / "axolotl_datasets.json").read_text())["datasets"][0]
    cfg = DictDefault({"sequence_len": 1024, "train_on_inputs": False,
                       "chat_template": "tokenizer_default"})
    strategy = load(tokenizer, cfg, block)
    rows = load_dataset("json", data_files=str(run / block["path"]), split="train")
    masked = 0
    for row in rows:
        tokens = strategy.tokenize_prompt(row)
        trained = tokenizer.decode([t for t, label in zip(tokens["input_ids"], tokens["labels"],
                                                          strict=True) if label != -100])
        for message in row["messages"]:
            if message["role"] != "assistant":
                assert message["content"] not in trained
            elif message.get("training") is False:
                masked += 1
                assert message["content"] not in trained
            else:
                assert message["content"] in trained
    assert rows.num_rows == _lines(run / block["path"])
    if not os.environ.get("CURATE_TRAINERS_RUN"):
        assert masked == 1  # the branch's first reply, trained in thread 1's longest pair
