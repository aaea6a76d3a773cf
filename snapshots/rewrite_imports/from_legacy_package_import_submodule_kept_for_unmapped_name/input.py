from langchain.llms import gpt4all

llm = gpt4all.GPT4All()
other = gpt4all.Other()
