"""The message catalogue: every message exists in Chinese and English, with the same placeholders."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest

from evalrules import messages
from evalrules.messages import CATALOGUE, message


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_a_chinese_and_an_english_text_with_the_same_placeholders(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert zh.strip() and en.strip(), key
    assert _placeholders(zh) == _placeholders(en), key
    assert any("\u4e00" <= c <= "\u9fff" for c in zh), f"{key}: the Chinese text has no Chinese"


def test_the_stage_catalogues_do_not_share_an_id() -> None:
    stages = [messages.language.MESSAGES, messages.records.MESSAGES, messages.engine.MESSAGES, messages.tools.MESSAGES, messages.cli.MESSAGES]
    assert sum(len(s) for s in stages) == len(CATALOGUE)


def test_values_are_shown_as_people_write_them_never_as_a_python_repr() -> None:
    hint = message("hint.did_you_mean", name=Decimal("2024.50"))
    assert hint.text("en") == "did you mean '2024.5'?"
    assert "Decimal" not in hint.text("zh")
    with pytest.raises(TypeError):
        message("hint.did_you_mean", name=object())


def test_an_unknown_id_is_refused_when_the_message_is_made() -> None:
    with pytest.raises(KeyError):
        message("no.such.message")


def test_the_default_language_follows_evalrules_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALRULES_LANG", "en")
    assert messages.default_language() == "en"
    monkeypatch.setenv("EVALRULES_LANG", "fr")
    assert messages.default_language() == "zh"
    monkeypatch.delenv("EVALRULES_LANG")
    assert messages.default_language() == "zh"


def test_check_names_are_translated_for_engine_codes_and_kept_for_rule_file_ids() -> None:
    assert messages.check_name("unknown-indicator", "zh") == "未知指标"
    assert messages.check_name("unknown-indicator", "en") == "unknown indicator"
    assert messages.check_name("调整预算合计", "en") == "调整预算合计"


def test_an_unknown_language_is_an_evalrules_error_in_both_languages() -> None:
    from evalrules.errors import EvalRulesError, UsageError, check_language

    assert check_language("en") == "en"
    with pytest.raises(EvalRulesError) as caught:
        check_language("fr")
    assert isinstance(caught.value, UsageError)
    assert caught.value.text("en") == "unknown language 'fr'; use one of zh, en"
    assert "fr" in caught.value.text("zh") and "语言" in caught.value.text("zh")


def test_a_message_missing_a_value_for_a_placeholder_is_refused_when_made_not_when_shown() -> None:
    # A value given under a wrong name would otherwise pass unnoticed until someone reads the text.
    with pytest.raises(TypeError, match="name"):
        message("hint.did_you_mean", nmae="甲")
    with pytest.raises(TypeError, match="name"):
        message("hint.did_you_mean")


def test_a_brace_a_message_shows_is_shown_once_with_values_or_without() -> None:
    assert message("test.changes_not_a_mapping").text("en") == "changes: a mapping {field path: new value}"
    assert message("check.unknown_placeholder", name="x").text("en") == "unknown placeholder {x}"
    assert "`ruleset \"标题\" { … }`" in message("check.no_ruleset").text("zh")
