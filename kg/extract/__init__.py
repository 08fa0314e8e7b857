"""Extract stage: facts (who did what to whom, with polarity, modality, attribution, time and
place) and mentions from UD-parsed documents. ClearNLP-labelled parses are normalised first."""

from kg.extract.facts import extract
from kg.types import Extraction

__all__ = ["Extraction", "extract"]
