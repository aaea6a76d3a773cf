import langchain.llms

other = langchain.other
import langchain.chains

llm = langchain.llms.OpenAI()
