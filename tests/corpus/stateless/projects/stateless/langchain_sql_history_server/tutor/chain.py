from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from langchain_openai import ChatOpenAI

from tutor.history import get_session_history

prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "You are a patient maths tutor."),
        MessagesPlaceholder("history"),
        ("human", "{question}"),
    ]
)
tutor_chain = RunnableWithMessageHistory(
    prompt | ChatOpenAI(model="gpt-4o-mini"),
    get_session_history,
    input_messages_key="question",
    history_messages_key="history",
)
