"""kg.toml: a pipeline by name or by path, aliases relative to the file, unknown keys rejected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import config

ROOT = Path(__file__).resolve().parents[1]


def test_model_by_name_or_by_path_relative_to_the_file(tmp_path):
    (tmp_path / "pipelines" / "mine").mkdir(parents=True)
    (tmp_path / "kg.toml").write_text('model = "pipelines/mine"\naliases = "my-aliases.toml"\n', encoding="utf-8")
    settings = config.load(tmp_path / "kg.toml")
    assert settings.model == str(tmp_path / "pipelines" / "mine")
    assert settings.aliases == str(tmp_path / "my-aliases.toml")
    (tmp_path / "kg.toml").write_text('model = "en_core_web_sm"\n', encoding="utf-8")
    assert config.load(tmp_path / "kg.toml").model == "en_core_web_sm"


def test_unknown_setting_is_an_error(tmp_path):
    (tmp_path / "kg.toml").write_text('modle = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown setting"):
        config.load(tmp_path / "kg.toml")


def test_kg_toml_in_the_working_folder_chooses_the_pipeline(tmp_path):
    (tmp_path / "kg.toml").write_text('model = "en_core_web_nonexistent"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Norway authorized Kyiv to strike Russia.", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "KG_SPACY_MODEL"}
    result = subprocess.run([sys.executable, "-m", "kg", "build", "a.txt", "--out", "out"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "'en_core_web_nonexistent' is not installed" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_environment_fills_what_kg_toml_leaves_out(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_SPACY_MODEL", "en_from_environment")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1718928000 ")
    (tmp_path / "kg.toml").write_text("workers = 2\n", encoding="utf-8")
    chosen = config.load(tmp_path / "kg.toml")
    assert (chosen.model, chosen.source_date_epoch, chosen.workers) == ("en_from_environment", 1718928000, 2)
    (tmp_path / "kg.toml").write_text('model = "en_core_web_sm"\nsource_date_epoch = 0\n', encoding="utf-8")
    chosen = config.load(tmp_path / "kg.toml", model="en_given")
    assert (chosen.model, chosen.source_date_epoch) == ("en_given", 0)  # a keyword, then kg.toml, then the environment
    monkeypatch.delenv("KG_SPACY_MODEL")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    assert (config.load().model, config.load().source_date_epoch) == (None, None)


@pytest.mark.parametrize("value", ["yesterday", "1.5"])
def test_a_bad_source_date_epoch_is_a_one_line_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(config.ConfigError, match="SOURCE_DATE_EPOCH=") as error:
        config.load()
    assert "\n" not in str(error.value)


def test_only_kg_config_reads_the_environment():
    kg_source = ROOT / "kg"
    readers = sorted(str(path.relative_to(ROOT)) for path in kg_source.rglob("*.py")
                     if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text(encoding="utf-8"))
    assert readers == ["kg/config.py"]


def test_models_map_languages_to_pipelines(tmp_path):
    (tmp_path / "pipelines" / "de").mkdir(parents=True)
    (tmp_path / "kg.toml").write_text('[models]\nde = "pipelines/de"\nru = "ru_core_news_sm"\n', encoding="utf-8")
    assert config.load(tmp_path / "kg.toml").models == {"de": str(tmp_path / "pipelines" / "de"),
                                                        "ru": "ru_core_news_sm"}


@pytest.mark.parametrize("models", ['[models]\nGerman = "de_core_news_sm"\n', '[models]\nde = 3\n', 'models = "x"\n'])
def test_bad_models_are_a_one_line_error(tmp_path, models):
    (tmp_path / "kg.toml").write_text(models, encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[models\]") as error:
        config.load(tmp_path / "kg.toml")
    assert "\n" not in str(error.value)
