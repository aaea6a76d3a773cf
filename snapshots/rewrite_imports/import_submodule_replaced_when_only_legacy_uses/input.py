import langchain.llms

llm = langchain.llms.OpenAI()
