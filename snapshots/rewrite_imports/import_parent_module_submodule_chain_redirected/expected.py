import langchain.llms
import langchain_community.llms.gpt4all

llm = langchain_community.llms.gpt4all.GPT4All()
other = langchain.llms.OpenAI()
