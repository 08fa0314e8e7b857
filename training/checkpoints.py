"""A training callback that keeps a copy of the pipeline every N steps.

spaCy keeps only model-best (by dev score) and model-last; kg picks its checkpoint by dev score
*and* by the seed parses its tests check, so it needs the ones in between.

    python -m spacy train training/config.cfg --output training/output --code training/checkpoints.py
"""

from __future__ import annotations

from pathlib import Path

from spacy.util import registry


@registry.callbacks("kg.save_every.v1")
def save_every(steps: int, directory: str):
    def before_update(nlp, info) -> None:
        step = info["step"]
        if step and step % steps == 0:
            target = Path(directory) / f"step-{step}"
            target.parent.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(target)

    return before_update
