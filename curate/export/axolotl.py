"""Axolotl `type: chat_template` datasets, with the dataset block to paste into its config.

Every assistant message carries `"training"`: false on an earlier reply that another line
trains, which the block's `message_field_training: training` tells axolotl to leave out of
the loss; true elsewhere.
"""

from __future__ import annotations

from typing import Any, ClassVar

from curate.export.base import ChatMessages


class AxolotlChatTemplate(ChatMessages):
    name = "axolotl"
    loss_key: ClassVar[tuple[str, Any, Any] | None] = ("training", True, False)

    def side_files(self, files: dict[str, str], common: dict[str, frozenset[str]]) -> dict[str, Any]:
        def block(path: str) -> dict[str, Any]:
            return {"path": path, "ds_type": "json", "type": "chat_template",
                    "field_messages": "messages", "roles_to_train": ["assistant"],
                    "message_field_training": "training"}

        snippet: dict[str, Any] = {"datasets": [block(files["train"])]}
        if "eval" in files:
            snippet["test_datasets"] = [{**block(files["eval"]), "split": "train"}]
        return {"axolotl_datasets.json": snippet}
