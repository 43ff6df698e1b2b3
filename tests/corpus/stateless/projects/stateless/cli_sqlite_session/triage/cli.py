"""Interactive triage in a terminal: one user, one process, nothing served."""

from agents import Runner, SQLiteSession

from triage.agent import triage_agent


def main() -> None:
    session = SQLiteSession("terminal")
    while True:
        try:
            text = input("bug> ")
        except EOFError:
            break
        result = Runner.run_sync(triage_agent, text, session=session)
        print(result.final_output)


if __name__ == "__main__":
    main()
