from agents import Agent

from assistant.memory_tools import recall, remember

agent = Agent(name="Buddy", instructions="Use tools to remember things.", tools=[remember, recall])
