import langchain

llm = langchain.llms.gpt4all.GPT4All()
