"""A reload stopped by something other than a policy problem is said in both languages, from the catalogue."""

from __future__ import annotations

from commitrules.service.http.reloading import error_items
from tests.language_leaks import chinese_characters, english_runs


def test_another_error_is_worded_with_pythons_words_quoted() -> None:
    """It was English only (``RuntimeError: ...``) for the policy staff reading /readyz in Chinese."""
    (item,) = error_items(RuntimeError("the compiler ran out of registers"))
    chinese, english = item.words("zh")[0], item.words("en")[0]
    assert "「RuntimeError: the compiler ran out of registers」" in chinese
    assert chinese_characters(chinese), chinese
    assert [] == english_runs(chinese), chinese
    assert "RuntimeError: the compiler ran out of registers" in english
    assert [] == chinese_characters(english), english
    assert ("$", english) == (item.path, item.message)


def test_a_file_the_system_cannot_read_is_named_with_its_reason() -> None:
    """A known system reason is the catalogue's (io.*) in each language, the file named."""
    (item,) = error_items(PermissionError(13, "Permission denied", "/srv/pack/pack.yaml"))
    assert "无法从「/srv/pack/pack.yaml」读取规则包：没有权限" == item.words("zh")[0]
    assert "The pack could not be read from '/srv/pack/pack.yaml': Permission denied" == item.words("en")[0]


def test_an_unknown_system_error_keeps_its_own_words() -> None:
    """An errno the catalogue does not know is quoted as Python's words, not explained."""
    (item,) = error_items(OSError(71, "Protocol error", "/srv/pack"))  # EPROTO: the catalogue has no words for it
    assert "OSError: [Errno 71] Protocol error: '/srv/pack'" in item.words("zh")[0]
    assert chinese_characters(item.words("zh")[0])
