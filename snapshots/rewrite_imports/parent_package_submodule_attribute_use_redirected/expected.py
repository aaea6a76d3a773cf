from langchain import llms
from langchain_community.llms import gpt4all

llm = gpt4all.GPT4All()
other = llms.OpenAI()
hint: "gpt4all.GPT4All"
