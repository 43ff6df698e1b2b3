from agents import Agent

concierge = Agent(name="concierge", instructions="Book tables and answer questions.")
