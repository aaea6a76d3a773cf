import langchain.llms
import langchain_community.llms

other = langchain.other
import langchain.chains

llm = langchain_community.llms.OpenAI()
