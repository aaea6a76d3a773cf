from langchain import llms

llm = getattr(llms.gpt4all, "GPT4All")
