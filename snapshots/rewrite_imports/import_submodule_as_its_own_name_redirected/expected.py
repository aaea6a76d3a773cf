import langchain_community.llms.gpt4all as gpt4all

llm = gpt4all.GPT4All()
