import langchain_community.llms
import langchain_community.chains

chain = langchain_community.chains.LLMChain()
llm = langchain_community.llms.OpenAI()
