from .llms import gpt4all

llm = gpt4all.GPT4All()
