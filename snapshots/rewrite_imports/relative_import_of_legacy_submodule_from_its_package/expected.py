from langchain_community.llms import gpt4all

llm = gpt4all.GPT4All()
