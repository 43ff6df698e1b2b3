from kb.base import KnowledgeBase

kb = KnowledgeBase(docs=["Reset your password in settings", "Billing is monthly"])
