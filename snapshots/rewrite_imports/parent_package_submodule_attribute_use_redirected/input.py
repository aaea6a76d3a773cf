from langchain import llms

llm = llms.gpt4all.GPT4All()
other = llms.OpenAI()
hint: "llms.gpt4all.GPT4All"
