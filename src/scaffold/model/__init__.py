"""The resource model: the field DSL and specs, every derived name, feature specs, table
options and layout, and how a field becomes code. Pure: it reads no project and writes nothing."""
