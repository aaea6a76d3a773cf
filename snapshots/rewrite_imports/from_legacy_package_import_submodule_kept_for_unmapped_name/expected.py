from langchain.llms import gpt4all
import langchain_community.llms.gpt4all

llm = langchain_community.llms.gpt4all.GPT4All()
other = gpt4all.Other()
