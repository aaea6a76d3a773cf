import langchain.llms

chain = langchain.chains.LLMChain()
llm = langchain.llms.OpenAI()
other = langchain.other
