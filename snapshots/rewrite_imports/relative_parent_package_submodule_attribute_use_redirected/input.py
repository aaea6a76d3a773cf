from .. import llms

llm = llms.gpt4all.GPT4All()
