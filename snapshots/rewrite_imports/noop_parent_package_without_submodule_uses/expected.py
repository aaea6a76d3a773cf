from langchain import llms

other = llms.OpenAI()
name = llms.gpt4all_name
