import langchain_community.llms
import langchain.chains

chain = langchain.chains.LLMChain()
llm = langchain_community.llms.OpenAI()
