import langchain.llms

llm = langchain.llms.gpt4all.GPT4All()
other = langchain.llms.OpenAI()
