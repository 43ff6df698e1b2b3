from tools.repl_state import TRANSCRIPT, record


def main() -> None:
    while (line := input("> ")) != "quit":
        record(line)
    print("\n".join(TRANSCRIPT))


if __name__ == "__main__":
    main()
