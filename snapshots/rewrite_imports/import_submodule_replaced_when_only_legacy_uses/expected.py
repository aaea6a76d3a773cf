import langchain_community.llms

llm = langchain_community.llms.OpenAI()
