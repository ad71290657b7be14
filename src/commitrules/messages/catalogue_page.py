"""The error catalogue in Chinese (``docs/zh/errors.md``), generated from the message catalogues.

Regenerate with ``python -m commitrules.messages.catalogue_page docs/zh/errors.md``; a test fails when
the page and the catalogue differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from commitrules.messages import catalogue

__all__ = ["error_catalogue_zh"]

_HEAD = """\
# 错误代码一览

<!-- 本页由 src/commitrules/messages/catalogue_page.py 根据 messages/zh.yaml 和 en.yaml 生成，请勿手工修改。 -->

政策包载入失败时，`commitrules check`（以及 `load_policies()`）会报告发现的每一个问题，按文件、行、列排序，
格式如下（`--lang zh` 或中文区域设置时为中文）：

```
policies/leniency.yaml:9:11: fullwidth_punctuation: 「：」（FULLWIDTH COLON）是全角字符；{yaml_colon}
   |     clause：一(四)
   |           ^
```

先是位置（`文件:行:列`，从 1 开始按字符计数，与编辑器一致），然后是固定不变的错误代码，最后是问题所在和修改方法。
插入符 `^` 指向要修改的键或值。尚未逐条翻译的详细说明以「（详情：……）」的形式附上英文原文。
每个代码的示例和详细解释见英文版 [../errors.md](../errors.md)。"警告"只在 `check --strict` 时视为不通过。

| 代码 | 含义 | English |
|---|---|---|
"""


def error_catalogue_zh() -> str:
    """The page: every error code with its Chinese and English meaning, in alphabetical order."""
    zh, en = catalogue("zh"), catalogue("en")
    codes = sorted(key.removeprefix("code.") for key in zh if key.startswith("code."))
    rows = [f"| [`{code}`](../errors.md#{code}) | {zh['code.' + code]} | {en['code.' + code]} |" for code in codes]
    head = _HEAD.replace("{yaml_colon}", "YAML 在这里需要 ':'，请改用英文半角字符。")
    return head + "\n".join(rows) + "\n"


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(error_catalogue_zh(), encoding="utf-8")
