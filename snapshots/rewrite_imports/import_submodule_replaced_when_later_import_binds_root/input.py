import langchain.llms
import langchain.chains

chain = langchain.chains.LLMChain()
llm = langchain.llms.OpenAI()
