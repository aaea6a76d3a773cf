import langchain.llms
import langchain_community.llms

chain = langchain.chains.LLMChain()
llm = langchain_community.llms.OpenAI()
other = langchain.other
