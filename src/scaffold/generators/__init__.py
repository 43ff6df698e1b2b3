"""One module per generator skill; each returns a Plan and writes nothing."""
