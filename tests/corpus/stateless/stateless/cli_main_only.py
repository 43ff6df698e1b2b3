from openai import OpenAI

client = OpenAI()
turns = 0


def ask(messages: list[dict[str, str]]) -> str:
    resp = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
    return resp.choices[0].message.content or ""


def main() -> None:
    global turns
    history: list[dict[str, str]] = []
    while True:
        text = input("> ")
        if not text:
            break
        history.append({"role": "user", "content": text})
        reply = ask(history)
        history.append({"role": "assistant", "content": reply})
        turns += 1
        print(reply)
    print(f"{turns} turns")


if __name__ == "__main__":
    main()
