from agents import Agent

agent = Agent(name="Assistant", instructions="Reply concisely.")
