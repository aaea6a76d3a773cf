"""A repository where ``langchain.llms`` and its submodule ``langchain.llms.gpt4all`` are both
legacy modules (submodules of legacy packages), mapped to ``langchain_community``."""

from __future__ import annotations

LANGCHAIN_SPEC = """\
[migration]
name = "community"

[[legacy]]
module = "langchain.llms"

[legacy.names]
OpenAI = "langchain_community.llms:OpenAI"

[[legacy]]
module = "langchain.llms.gpt4all"

[legacy.names]
GPT4All = "langchain_community.llms.gpt4all:GPT4All"
"""

LANGCHAIN = {
    "ssot.toml": LANGCHAIN_SPEC,
    "langchain/__init__.py": "",
    "langchain/other.py": "VALUE = 1\n",
    "langchain/chains/__init__.py": "class LLMChain:\n    pass\n",
    "langchain/llms/__init__.py": "class OpenAI:\n    pass\n",
    "langchain/llms/gpt4all.py": "class GPT4All:\n    pass\n\n\nclass Other:\n    pass\n",
    "langchain_community/__init__.py": "",
    "langchain_community/llms/__init__.py": "class OpenAI:\n    pass\n",
    "langchain_community/llms/gpt4all.py": "class GPT4All:\n    pass\n",
    "app/__init__.py": "",
}
