import langchain.llms.gpt4all as gpt4all

llm = gpt4all.GPT4All()
